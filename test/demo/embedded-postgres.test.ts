// `npm start` with no PostgreSQL to use: DATABASE_URL=embedded runs an embedded server in
// DATA_DIR (the real entry point in a child process, the machine's Redis). It serves, stops
// with the gateway on SIGTERM (no postgres process left), and a second start on the same
// DATA_DIR finds the same cluster with its data. A separate worker refuses an embedded database.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config } from '../../src/config.js';
import { alive } from '../../src/startup/embedded-postgres.js';
import { resolveDatabase } from '../../src/startup/database.js';
import { ok, refused } from '../support/gateway.js';
import { killSpawned, spawnEntry, type Child } from '../support/processes.js';

let dataDir: string;
const postmasters = new Set<number>();

/** The pid of the embedded server while it runs (its postmaster.pid is removed by a clean stop). */
async function postmaster(): Promise<number | null> {
  const text = await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => null);
  return text === null ? null : Number(text.split('\n')[0]);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'embedded-pg-'));
  await chmod(dataDir, 0o755); // as root the server runs as postgres, which must reach it (mkdtemp makes 0700)
});
afterAll(async () => {
  await killSpawned();
  // A server left by a failed run of this test: stopped by its pid (fast shutdown).
  for (const pid of postmasters) if (alive(pid)) process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && [...postmasters].some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  await rm(dataDir, { recursive: true, force: true });
});

const CREATE_TEAM = 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { team { slug } } }';

async function start(): Promise<{ child: Child; url: string; ms: number; pid: number }> {
  const started = Date.now();
  const child = spawnEntry('src/main.ts', {
    DATABASE_URL: 'embedded', DATA_DIR: dataDir, PORT: '0', RUN_WORKER: 'true', DEMO: 'false',
    REDIS_PREFIX: `${config().REDIS_PREFIX}_embedded`,
  });
  const url = (await child.waitFor(/gateway ready: (http:\/\/\S+\/graphql)/, 90_000))[1]!;
  const pid = (await postmaster())!;
  postmasters.add(pid);
  return { child, url, ms: Date.now() - started, pid };
}

test('DATABASE_URL=embedded: serves, stops with the gateway, and a second start keeps the data', async () => {
  const admin = config().ADMIN_TOKEN!;
  const team = { i: { slug: `emb-${randomBytes(4).toString('hex')}`, displayName: 'Embedded PostgreSQL test' } };
  const first = await start();
  expect(first.child.output()).toMatch(/^Database: embedded PostgreSQL at 127\.0\.0\.1:\d+, data in \S+ \(DATABASE_URL=embedded\)\. For several processes/m);
  expect((await ok(first.url, admin, CREATE_TEAM, team)).createTeam.team.slug).toBe(team.i.slug);
  expect(alive(first.pid)).toBe(true);
  expect(await first.child.stop()).toBe(0);
  expect(alive(first.pid)).toBe(false); // stopped before the gateway exited (at most a zombie left for init to reap)
  expect(await postmaster()).toBeNull();

  const second = await start();
  expect(await refused(second.url, admin, CREATE_TEAM, team)).toMatchObject({ message: expect.stringContaining('already exists') });
  expect(await second.child.stop()).toBe(0);
  expect(alive(second.pid)).toBe(false);
  console.info(`embedded PostgreSQL: first start (initdb, migrations) ready after ${first.ms} ms, second start after ${second.ms} ms`);
}, 180_000);

test('a separate worker with DATABASE_URL=embedded ends at once with one line', async () => {
  const child = spawnEntry('src/worker.ts', { DATABASE_URL: 'embedded', DATA_DIR: dataDir });
  const code = await new Promise<number | null>((resolve) => child.proc.once('exit', resolve));
  expect(code).toBe(1);
  const lines = child.output().split('\n').filter((l) => l.startsWith('DATABASE_URL='));
  expect(lines).toEqual([expect.stringMatching(/^DATABASE_URL=embedded: a separate worker needs a PostgreSQL server it shares with the gateway; run PostgreSQL/)]);
}, 30_000);

test('DATABASE_URL unset: the default URL when something listens there, else an embedded server', async () => {
  const lines: string[] = [];
  const say = (line: string) => void lines.push(line);
  const answering = await resolveDatabase({ ...config(), databaseUrlSet: false }, 'gateway', say);
  expect(answering.config.DATABASE_URL).toBe(config().DATABASE_URL);
  expect(lines).toEqual([]);

  // Port 1: nothing listens there.
  const nowhere = { ...config(), DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/model_monitor', databaseUrlSet: false, DATA_DIR: join(dataDir, 'auto') };
  await expect(resolveDatabase(nowhere, 'worker', say)).rejects.toThrow(/^DATABASE_URL=unset and nothing answers at 127\.0\.0\.1:\d+: a separate worker needs/);
  const embedded = await resolveDatabase(nowhere, 'gateway', say);
  try {
    expect(embedded.config.DATABASE_URL).toMatch(/^postgresql:\/\/postgres:\S+@127\.0\.0\.1:\d+\/model_monitor$/);
    expect(lines).toEqual([expect.stringMatching(/^Database: embedded PostgreSQL at 127\.0\.0\.1:\d+, data in \S+\/auto\/postgres \(DATABASE_URL unset and nothing answers at 127\.0\.0\.1:\d+\)/)]);
  } finally {
    await embedded.stop();
  }
}, 60_000);
