// The test support's registry of spawned children (test/support/processes.ts): a failing
// waitFor kills its child, the file's teardown kills every child still running, and a child
// spawned after the teardown (a timed-out test body that runs on) is killed at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { killSpawned, track, watch } from '../support/processes.js';

/** A child that runs until killed, printing nothing. */
const idle = (): ChildProcess => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });

const exitOf = (proc: ChildProcess): Promise<NodeJS.Signals | number | null> =>
  proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve(proc.signalCode ?? proc.exitCode) : new Promise((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? code)));

test('a waitFor that fails kills its child', async () => {
  const proc = track(idle());
  await expect(watch(proc, 'idle').waitFor(/never printed/, 300)).rejects.toThrow(/idle did not print/);
  expect(await exitOf(proc)).toBe('SIGKILL');
});

test('the teardown kills every child still running, and every child spawned after it at once', async () => {
  const [a, b] = [track(idle()), track(idle())];
  const done = track(spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }));
  expect(await exitOf(done)).toBe(0);

  await killSpawned();
  expect(await Promise.all([exitOf(a), exitOf(b)])).toEqual(['SIGKILL', 'SIGKILL']);

  const late = track(idle());
  expect(await exitOf(late)).toBe('SIGKILL');
});
