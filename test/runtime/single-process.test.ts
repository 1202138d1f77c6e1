// `npm start` with no Redis (REDIS_URL=memory), as a user gets it: the real entry point in a
// child process on a database of its own, the demo on. It says single-process mode is on,
// /readyz reports the mode, the demo reports violations and a subscription hears one. Then
// the process is SIGKILLed while an engine run is in progress: the next start re-arms the
// schedules and finishes what was queued, each run once, and no event is told twice.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { dropDatabase } from '../../src/db/admin.js';
import { ok } from '../support/gateway.js';
import { killSpawned, spawnEntry, type Child } from '../support/processes.js';
import { collect, wsClients } from '../support/ws.js';

const dbUrl = new URL(config().DATABASE_URL);
dbUrl.pathname = `${dbUrl.pathname}_single`;
const ws = wsClients();
let dataDir: string;
let child: Child | undefined;
let db: Db | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'single-'));
});
afterAll(async () => {
  await ws.disposeAll();
  await killSpawned();
  await db?.$disconnect();
  await dropDatabase(dbUrl.toString());
  await rm(dataDir, { recursive: true, force: true });
});

// A week of demo history (the most it takes): 168 past runs a schedule, queued schedule after schedule, so
// that runs are still in progress for seconds after the first schedule's drifted hours raise an alert. With
// 12 hours the whole history ran in about a second once the engine ran at its speed in the gateway's process
// (ioredis 5), and the test could miss every run in progress.
const env = () => ({
  DATABASE_URL: dbUrl.toString(), PORT: '0', REDIS_URL: 'memory', DEMO: 'true', DEMO_DATA_DIR: dataDir, DEMO_HISTORY_HOURS: '168',
  SYNC_INTERVAL_MS: '1000', SYNC_RUNNING_POLL_MS: '1000', SYNC_DUE_POLL_MS: '1000',
});
const ALERTS = 'subscription { violationDetected { eventId checkType } }';

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${child?.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('single-process start: mode on /readyz, demo violations on a subscription; SIGKILL mid-run, restart finishes each run once', async () => {
  child = spawnEntry('src/main.ts', env());
  const url = (await child.waitFor(/gateway ready: (http:\/\/\S+\/graphql)/, 90_000))[1]!;
  expect(child.output()).toMatch(/Single-process mode \(no Redis\).*need Redis: set REDIS_URL/);
  const origin = new URL(url).origin;
  const readyz = await fetch(`${origin}/readyz`);
  expect(readyz.status).toBe(200);
  const body = (await readyz.json()) as { mode: string; checks: Record<string, string> };
  expect(body.mode).toBe('single-process');
  expect(Object.keys(body.checks)).not.toContain('redis');
  expect((await fetch(`${origin}/admin/queues`)).status).toBe(503);

  const key = (await child.waitFor(/ADMIN API key \(shown once\): (mmg_\S+)/, 30_000))[1]!;
  const alerts = collect(ws.connect(url, key), ALERTS);
  await alerts.acked;
  expect(await alerts.until(1, 120_000)).not.toHaveLength(0);
  db = createDb({ url: dbUrl.toString(), poolSize: 2 });
  const engineDb = db;
  // Killed while a run is in progress (the demo's past runs keep the queue busy).
  await until('an engine run in progress', () => engineDb.engineExecution.findFirst({ where: { status: 'IN_PROGRESS' } }), 120_000);
  await child.kill();
  await ws.disposeAll();
  const unfinished = await db.engineExecution.count({ where: { status: { in: ['PENDING', 'IN_PROGRESS'] } } });
  expect(unfinished).toBeGreaterThan(0);

  child = spawnEntry('src/main.ts', env());
  const again = (await child.waitFor(/gateway ready: (http:\/\/\S+\/graphql)/, 90_000))[1]!;
  await child.waitFor(/engine schedules re-armed/, 10_000);
  const later = collect(ws.connect(again, key), ALERTS);
  await later.acked;
  // Every queued run finishes, once (one row per schedule and time; none left unfinished).
  await until('every run finished', async () => (await engineDb.engineExecution.count({ where: { status: { in: ['PENDING', 'IN_PROGRESS'] } } })) === 0, 150_000);
  const rows = await db.engineExecution.findMany({ select: { scheduleRef: true, scheduledTime: true } });
  expect(new Set(rows.map((r) => `${r.scheduleRef}@${r.scheduledTime.toISOString()}`)).size).toBe(rows.length);
  // Violations reach the API and the subscription; no event is sent twice.
  const found = await until('violations', async () => (await ok(again, key, '{ violations(first: 5) { edges { node { checkType } } } }')).violations.edges.length > 0, 60_000);
  expect(found).toBe(true);
  // Events of the runs finished after the restart reach the new subscription once each.
  const ids = later.got.map((e) => (e as { data: { violationDetected: { eventId: string } } }).data.violationDetected.eventId);
  expect(new Set(ids).size).toBe(ids.length);
  // The schedules were re-armed: the in-process scheduler of every demo schedule exists again.
  const schedules = await db.engineSchedule.count({ where: { stopped: false } });
  expect(schedules).toBeGreaterThan(0);
  expect(child.output()).toMatch(new RegExp(`"schedules":${schedules}`));
  await ws.disposeAll();
  expect(await child.stop()).toBe(0);
}, 400_000);
