// A redis-server of the test's own, on a random port, that the test stops and starts.
import { spawn, type ChildProcess } from 'node:child_process';

export interface OwnRedis {
  port: number;
  url: string;
  /** Resolves once the port accepts connections. */
  start(): Promise<void>;
  /** SIGKILL, or SIGTERM (which flushes the append-only file) when it persists. */
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/** With `dir`, it persists to an append-only file there, so a restart keeps the data. */
export function ownRedis(options: { dir?: string; port?: number } = {}): OwnRedis {
  const port = options.port ?? 20000 + Math.floor(Math.random() * 20000);
  const persistence = options.dir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', options.dir] : ['--appendonly', 'no'];
  let proc: ChildProcess | undefined;
  const start = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`http://127.0.0.1:${port}`).then(() => true, (e: { cause?: { code?: string } }) => e.cause?.code !== 'ECONNREFUSED');
      if (up) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`test redis on ${port} did not start`);
  };
  const stop = async () => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(options.dir ? 'SIGTERM' : 'SIGKILL');
    await exited;
  };
  return { port, url: `redis://127.0.0.1:${port}`, start, stop, restart: async () => (await stop(), await start()) };
}
