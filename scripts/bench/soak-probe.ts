// The gateway of `npm run bench:soak` as a child process (`node dist/src/main.js`, what
// `npm start` runs), started with the inspector on a free loopback port so the bench can read
// its heap from outside: HeapProfiler.collectGarbage, then Runtime.getHeapUsage. Its RSS and CPU
// time come from /proc (Linux). No product code takes part in the measuring.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';

export interface GatewayChild {
  url: string;
  proc: ChildProcess;
  /** False once the process exited (e.g. out of heap). */
  alive: () => boolean;
  /** Resident set size now, in MiB. */
  rssMb(): Promise<number>;
  /** CPU time the process used so far (user and system), in seconds. */
  cpuSeconds(): Promise<number>;
  /** The heap V8 holds now (used and free, no GC first), in MiB. */
  heapTotalMb(): Promise<number>;
  /** A full garbage collection, then the heap in use, in MiB. */
  heapAfterGcMb(): Promise<number>;
  /** Everything printed so far (for a failure's message). */
  output(): string;
  stop(): Promise<void>;
}

const MiB = 2 ** 20;
/** Linux's USER_HZ (getconf CLK_TCK), 100 on every architecture Node.js runs on. */
const TICKS_PER_SECOND = 100;

/** A minimal inspector client: one request at a time, answered by id. */
async function inspector(wsUrl: string): Promise<{ call(method: string): Promise<Record<string, number>>; close(): void }> {
  const socket = new WebSocket(wsUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let next = 0;
  const waiting = new Map<number, (result: Record<string, number>) => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: Record<string, number> };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result ?? {});
  });
  return {
    // A child that died answers nothing: give up after a minute (a full GC of a large heap takes seconds).
    call: (method) => new Promise((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => reject(new Error(`the inspector did not answer ${method}`)), 60_000);
      waiting.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      socket.send(JSON.stringify({ id, method }));
    }),
    close: () => socket.close(),
  };
}

/** Starts `node [flags] --inspect=127.0.0.1:0 dist/src/main.js` with `env`; resolves once it serves. */
export async function startGatewayChild(flags: string[], env: Record<string, string>): Promise<GatewayChild> {
  const proc = spawn(process.execPath, [...flags, '--inspect=127.0.0.1:0', 'dist/src/main.js'], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const append = (chunk: Buffer) => (text = (text + chunk.toString()).slice(-100_000));
  proc.stdout.on('data', append);
  proc.stderr.on('data', append);
  const deadline = Date.now() + 120_000;
  let url: string | undefined;
  let wsUrl: string | undefined;
  while (!url || !wsUrl) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`the gateway did not start (exit ${proc.exitCode}):\n${text.slice(-3000)}`);
    url ??= /gateway ready: (http:\/\/\S+\/graphql)/.exec(text)?.[1];
    wsUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(text)?.[1];
    await new Promise((r) => setTimeout(r, 100));
  }
  const session = await inspector(wsUrl);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    url,
    proc,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    output: () => text,
    async rssMb() {
      const status = await readFile(`/proc/${proc.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
    },
    async cpuSeconds() {
      // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command's ")", in ticks.
      const fields = (await readFile(`/proc/${proc.pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    },
    async heapTotalMb() {
      return ((await session.call('Runtime.getHeapUsage'))['totalSize'] ?? NaN) / MiB;
    },
    async heapAfterGcMb() {
      await session.call('HeapProfiler.collectGarbage');
      const usage = await session.call('Runtime.getHeapUsage');
      return (usage['usedSize'] ?? NaN) / MiB;
    },
    async stop() {
      session.close();
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const killed = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killed);
    },
  };
}
