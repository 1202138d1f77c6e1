// The README's first command on a machine with only Node.js: `npm start` from a fresh clone
// (the committed tree: uncommitted changes are not in it) inside a network namespace of its
// own (`unshare -n`, loopback up), where the machine's PostgreSQL and Redis cannot be reached.
// It chooses an embedded PostgreSQL and single-process mode by itself, serves, the demo
// reports violations, it stops cleanly, and a second start keeps the data. The API is asked
// from inside the namespace (`nsenter -n`). Needs root (or CAP_SYS_ADMIN) and iproute2's `ip`:
// skipped, saying so, elsewhere. npm install is not part of it: the clone gets a copy of this
// checkout's node_modules (its workspace links are relative).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { killSpawned, track, watch } from '../support/processes.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const IP = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].find((p) => existsSync(p));
const permitted = IP !== undefined && spawnSync('unshare', ['-n', 'true']).status === 0 && spawnSync('nsenter', ['--version']).status === 0;
if (!permitted) process.stderr.write('test/demo/only-node.test.ts: SKIPPED, needs `unshare -n` (root) and iproute2 (`ip`) to hide the machine\'s services\n');
const maybe = permitted ? describe : describe.skip;

/** The variables the tests' environment sets that a fresh machine would not have. */
const UNSET = ['DATABASE_URL', 'REDIS_URL', 'REDIS_PREFIX', 'DATA_DIR', 'DEMO_DATA_DIR', 'ADMIN_TOKEN', 'PLAYGROUND_API_KEY', 'NODE_OPTIONS', 'TEST_REDIS'];

type Started = ReturnType<typeof watch> & { proc: ChildProcess };

/** `npm start` in `dir`, in a network namespace of its own; its own process group (to stop npm and the gateway together). */
function npmStart(dir: string): Started {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !UNSET.includes(k)) env[k] = v;
  Object.assign(env, { PORT: '0', DEMO_HISTORY_HOURS: '2', LOG_LEVEL: 'info' });
  const proc = spawn('unshare', ['-n', 'sh', '-c', `${IP} link set lo up && exec npm start`], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  track(proc, () => process.kill(-proc.pid!, 'SIGKILL'));
  return { proc, ...watch(proc, 'npm start') };
}

/** A GraphQL request (or a GET of `path`) sent from inside the namespace of `pid`. */
function inside(pid: number, url: string, key: string | null, query: string | null): unknown {
  const script = `const [url, key, query] = process.argv.slice(1);
    const init = query ? { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + key }, body: JSON.stringify({ query }) } : {};
    fetch(url, init).then(async (r) => console.log(JSON.stringify({ status: r.status, body: await r.json() }))).catch((e) => { console.error(e); process.exit(1); });`;
  // Bounded: spawnSync blocks this process, Jest's own timeout included.
  const out = spawnSync('nsenter', ['-t', String(pid), '-n', process.execPath, '-e', script, url, key ?? '', query ?? ''], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, timeout: 30_000 });
  if (out.status !== 0) throw new Error(`request inside the namespace failed (exit ${out.status}, signal ${out.signal}): ${out.stderr}`);
  return JSON.parse(out.stdout);
}

const VIOLATIONS = '{ violations(first: 1) { totalCount } }';

/**
 * SIGTERM to the gateway (node dist/src/main.js of the run's process group), as a terminal's Ctrl-C would reach it; npm's exit code.
 * Throws, with what the run printed, when no gateway is found or npm has not exited within a minute.
 */
async function stop(s: Started): Promise<number | null> {
  // The group's one process named node: npm's is "npm start", its script's shell is sh.
  const found = spawnSync('pgrep', ['-g', String(s.proc.pid), '-x', 'node'], { encoding: 'utf8' });
  const pids = found.stdout.split('\n').filter(Boolean);
  if (pids.length === 0) throw new Error(`no gateway process in group ${s.proc.pid} to stop (pgrep exit ${found.status}):\n${s.output().slice(-3000)}`);
  for (const pid of pids) process.kill(Number(pid), 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`npm start did not exit within 60 s of SIGTERM to ${pids.join(', ')}:\n${s.output().slice(-3000)}`)), 60_000);
  });
  try {
    return await Promise.race([s.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

maybe('npm start with nothing on 5432 and 6379', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'only-node-'));
    await chmod(dir, 0o755); // as root the embedded server runs as postgres, which must reach DATA_DIR inside it
    const clone = spawnSync('git', ['clone', '-q', process.cwd(), dir], { encoding: 'utf8' });
    if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`);
    await cp(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  }, 120_000);
  afterAll(async () => {
    await killSpawned();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('chooses the embedded parts, serves the demo with violations, stops cleanly and keeps the data on a second start', async () => {
    const first = npmStart(dir);
    await first.waitFor(/> node dist\/src\/main\.js/, 300_000); // after the build
    const launched = Date.now();
    const url = (await first.waitFor(/gateway ready: (http:\/\/\S+\/graphql)/, 120_000))[1]!;
    const firstMs = Date.now() - launched;
    const pid = first.proc.pid!;
    expect(first.output()).toMatch(/^Database: embedded PostgreSQL at 127\.0\.0\.1:\d+, data in \S+ \(DATABASE_URL unset and nothing answers at 127\.0\.0\.1:5432\)/m);
    expect(first.output()).toContain('Single-process mode (no Redis)');
    const ready = inside(pid, url.replace(/\/graphql$/, '/readyz'), null, null) as { status: number; body: { mode: string } };
    expect(ready).toMatchObject({ status: 200, body: { mode: 'single-process' } });
    const key = (await first.waitFor(/ADMIN API key \(shown once\): (mmg_\S+)/, 30_000))[1]!;
    let violations = 0;
    for (const end = Date.now() + 180_000; violations === 0; ) {
      if (Date.now() > end) throw new Error(`no violation within 180 s:\n${first.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 2000));
      const answer = inside(pid, url, key, VIOLATIONS) as { body: { data: { violations: { totalCount: number } } } };
      violations = answer.body.data.violations.totalCount;
    }
    expect(await stop(first)).toBe(0);
    expect(existsSync(join(dir, '.data', 'postgres', 'postmaster.pid'))).toBe(false); // the embedded server stopped with it

    const second = npmStart(dir);
    await second.waitFor(/> node dist\/src\/main\.js/, 300_000);
    const relaunched = Date.now();
    const url2 = (await second.waitFor(/gateway ready: (http:\/\/\S+\/graphql)/, 120_000))[1]!;
    const secondMs = Date.now() - relaunched;
    await second.waitFor(/Demo team "demo" exists already/, 30_000);
    const kept = inside(second.proc.pid!, url2, key, VIOLATIONS) as { body: { data: { violations: { totalCount: number } } } };
    expect(kept.body.data.violations.totalCount).toBeGreaterThanOrEqual(violations);
    expect(await stop(second)).toBe(0);
    expect(existsSync(join(dir, '.data', 'postgres', 'postmaster.pid'))).toBe(false);
    console.info(`only Node.js: first start (embedded initdb, migrations) ready ${firstMs} ms after the build, second ${secondMs} ms; ${violations} violations before the restart`);
  }, 1_250_000); // above the sum of the bounded waits, so that one of them fails first and says where
});
