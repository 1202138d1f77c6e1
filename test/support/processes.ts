// The gateway's real entry points in child processes (src/main.ts, src/worker.ts run by
// tsx), for tests that need separate processes: several gateways, a worker to SIGKILL.
// Every child is registered, and each test file that spawns ends them all in its afterAll
// (killSpawned): Jest runs afterAll when a test times out while its body still runs, and a
// child the body spawns after that would live on in the reused Jest worker (a gateway there
// keeps relaying this run's outbox under its own REDIS_PREFIX, and later files' subscribers
// receive nothing).
import { spawn, type ChildProcess } from 'node:child_process';

/** Preload for every process a test spawns (paths are relative to the repository, the tests' cwd). */
export const DIE_WITH_PARENT = './test/support/die-with-parent.mjs';

export interface Child {
  proc: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output (rejects after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, and the exit code once it exited (graceful shutdown). */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown at all, as when a machine dies. */
  kill(): Promise<void>;
}

/** The children of this test file still running, each with how to kill it (a process group is killed whole). */
const running = new Map<ChildProcess, () => void>();
let tornDown = false;

/**
 * Registers a child for killSpawned; `kill` SIGKILLs it (default: the process itself). After
 * the file's teardown a child is killed at once: the test that spawns it has already ended.
 */
export function track<P extends ChildProcess>(proc: P, kill: () => void = () => proc.kill('SIGKILL')): P {
  const end = (): void => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    try {
      kill();
    } catch {
      // Already gone (ESRCH): nothing to end.
    }
  };
  if (tornDown) end();
  else if (proc.exitCode === null && proc.signalCode === null) {
    running.set(proc, end);
    proc.once('exit', () => running.delete(proc));
  }
  return proc;
}

/** The teardown (afterAll) of every test file that spawns: SIGKILLs each child still running, and every later one at once. */
export async function killSpawned(): Promise<void> {
  tornDown = true;
  const exits = [...running].map(([proc, end]) => {
    const exited = new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      setTimeout(resolve, 5_000).unref(); // a spawn that failed (ENOENT) may never emit exit
    });
    end();
    return exited;
  });
  await Promise.all(exits);
}

/** SIGKILLs a registered child (or an unregistered one directly). */
function killNow(proc: ChildProcess): void {
  const end = running.get(proc);
  if (end) end();
  else if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
}

type Script = 'src/main.ts' | 'src/worker.ts' | 'scripts/admin-rotate-token.ts' | 'packages/local-sagemaker/src/main.ts';

/**
 * What a spawned process printed (stdout and stderr), waited on by pattern; `name` is for the
 * failure message. A waitFor that fails kills the child (the caller throws on, and stops nothing).
 */
export function watch(proc: ChildProcess, name: string): { output: () => string; waitFor: (pattern: RegExp, ms?: number) => Promise<RegExpMatchArray>; exited: Promise<number | null> } {
  let text = '';
  const append = (chunk: Buffer) => (text = (text + chunk.toString()).slice(-200_000));
  proc.stdout?.on('data', append);
  proc.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    output: () => text,
    exited,
    waitFor: async (pattern, ms = 60_000) => {
      const end = Date.now() + ms;
      for (;;) {
        const m = pattern.exec(text);
        if (m) return m;
        if (proc.exitCode !== null || Date.now() > end) {
          const error = new Error(`${name} did not print ${pattern} (exit ${proc.exitCode}):\n${text.slice(-3000)}`);
          killNow(proc);
          throw error;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** `env` is added to the test's environment; an undefined value removes a variable (e.g. ADMIN_TOKEN). */
export function spawnEntry(script: Script, env: Record<string, string | undefined>, args: string[] = []): Child {
  const proc = track(spawn(process.execPath, ['--import', 'tsx', '--import', DIE_WITH_PARENT, script, ...args], {
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  const { output, waitFor, exited } = watch(proc, script);
  return {
    proc,
    output,
    waitFor,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** A gateway process (no worker inside); resolves once it serves, with its GraphQL URL. */
export async function spawnGateway(env: Record<string, string | undefined>): Promise<Child & { url: string }> {
  const child = spawnEntry('src/main.ts', { PORT: '0', RUN_WORKER: 'false', DEMO: 'false', ...env });
  const m = await child.waitFor(/gateway ready: (http:\/\/\S+\/graphql)/);
  return { ...child, url: m[1]! };
}

/** A worker process; resolves once its queues are consumed. */
export async function spawnWorker(env: Record<string, string>): Promise<Child> {
  const child = spawnEntry('src/worker.ts', env);
  await child.waitFor(/worker ready/);
  return child;
}
