// The demo's history, as `npm start` makes it on a first run: for each monitor, one past
// hourly run per hour of DEMO_HISTORY_HOURS, run by the engine and stored by the sync (so
// executions, violations and metric points, whose trend is a line: one point per hour), with
// violations in the drifted hours; each run's start and end reach a subscription once each; the
// gateway answers /readyz while the history is made.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config } from '../../src/config.js';
import { dropDatabase } from '../../src/db/admin.js';
import { historyTimes } from '../../src/demo/history.js';
import { ok } from '../support/gateway.js';
import { killSpawned, spawnEntry, type Child } from '../support/processes.js';
import { collect, wsClients } from '../support/ws.js';

const HOURS = 6;
const urls: string[] = [];
const dirs: string[] = [];
let child: Child | undefined;

const ws = wsClients();
afterAll(async () => {
  await ws.disposeAll();
  await killSpawned();
  for (const u of urls) await dropDatabase(u);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A first `npm start` on its own database; resolves once the gateway is ready, with the time it took. */
async function firstStart(hours: number) {
  const db = new URL(config().DATABASE_URL);
  db.pathname = `${db.pathname}_history${hours}`;
  await dropDatabase(db.toString()); // created and migrated by the start, as on a first run
  urls.push(db.toString());
  const dir = await mkdtemp(join(tmpdir(), 'demo-history-'));
  dirs.push(dir);
  const started = Date.now();
  child = spawnEntry('src/main.ts', {
    DATABASE_URL: db.toString(), PORT: '0', RUN_WORKER: 'true', DEMO: 'true', DEMO_DATA_DIR: dir, DEMO_HISTORY_HOURS: String(hours),
    REDIS_PREFIX: `${config().REDIS_PREFIX}_history${hours}`,
  });
  const url = (await child.waitFor(/gateway ready: (http:\/\/\S+\/graphql)/, 90_000))[1]!;
  const readyMs = Date.now() - started;
  const key = (await child.waitFor(/ADMIN API key \(shown once\): (mmg_\S+)/, 30_000))[1]!;
  return { url, key, readyMs };
}

const MONITORS = '{ monitors(first: 10) { edges { node { id name type } } } }';
const RUNS = 'query($m: ID!) { executions(first: 100, filter: { monitorId: $m }) { edges { node { id scheduledTime status schedule { name } violations { id } } } } }';

test('historyTimes: one hour start per hour up to now\'s hour, oldest first; none for 0', () => {
  const now = new Date('2026-11-22T10:37:00Z');
  expect(historyTimes(now, 3).map((d) => d.toISOString())).toEqual(['2026-11-22T08:00:00.000Z', '2026-11-22T09:00:00.000Z', '2026-11-22T10:00:00.000Z']);
  expect(historyTimes(now, 0)).toEqual([]);
});

test(`npm start with DEMO_HISTORY_HOURS=${HOURS}: each monitor has ${HOURS} past hourly runs and metric points, one per hour; violations in the drifted hours`, async () => {
  const { url, key, readyMs } = await firstStart(HOURS);
  // Each engine run's start and end reach subscribers, once each.
  const statuses = collect(ws.connect(url, key), 'subscription { executionStatusChanged { executionId status previousStatus } }');
  await statuses.acked;
  // The history is made in the background: the gateway answers /readyz at once meanwhile.
  await child!.waitFor(/past hourly runs queued/, 120_000);
  const asked = Date.now();
  expect((await fetch(new URL('/readyz', url))).status).toBe(200);
  console.info(`ready after ${readyMs} ms; /readyz answered in ${Date.now() - asked} ms while the history runs`);
  expect(Date.now() - asked).toBeLessThan(2_000);
  await child!.waitFor(new RegExp(`Demo seeded: 4 monitors, 8 schedules, ${4 * HOURS} past hourly runs`), 180_000);
  await new Promise((r) => setTimeout(r, 1_000)); // the last events reach the subscription
  const monitors: Array<{ id: string; name: string; type: string }> = (await ok(url, key, MONITORS)).monitors.edges.map((e: any) => e.node);
  expect(monitors).toHaveLength(4);
  const now = Date.now();
  for (const m of monitors) {
    const runs = (await ok(url, key, RUNS, { m: m.id })).executions.edges.map((e: any) => e.node)
      .filter((r: any) => r.schedule.name === `${m.name}-hourly`);
    const times = runs.map((r: any) => Date.parse(r.scheduledTime)).sort((a: number, b: number) => a - b);
    expect(times).toEqual(historyTimes(new Date(now), HOURS).map((d) => d.getTime()));
    expect(runs.every((r: any) => r.status === 'COMPLETED' || r.status === 'COMPLETED_WITH_VIOLATIONS')).toBe(true);
    // The traffic drifts two hours before the start: the runs over those hours find violations.
    const count = (t: number) => runs.find((r: any) => Date.parse(r.scheduledTime) === t).violations.length;
    expect(count(times.at(-1))).toBeGreaterThan(0);
    // Before the drift most data quality runs find nothing (240 records an hour make some noise; bias and model quality more).
    if (m.type === 'DATA_QUALITY') expect(times.slice(0, -2).filter((t: number) => count(t) === 0).length).toBeGreaterThanOrEqual((HOURS - 2) / 2);

    const seen = (id: string) => statuses.got.map((r) => r.data.executionStatusChanged).filter((e) => e.executionId === id).map((e) => [e.previousStatus, e.status]);
    for (const r of runs) expect(seen(r.id)).toEqual([[null, 'IN_PROGRESS'], ['IN_PROGRESS', r.status]]);

    const names = (await ok(url, key, 'query($m: ID!) { metricNames(monitorId: $m) { feature metric } }', { m: m.id })).metricNames;
    expect(names.length).toBeGreaterThan(0);
    const { feature, metric } = names[0];
    const series = (await ok(url, key, 'query($m: ID!, $f: String, $n: String!) { metricSeries(monitorId: $m, feature: $f, metric: $n) { points { time } } }', { m: m.id, f: feature, n: metric })).metricSeries;
    const hourly = new Set(series.points.map((p: any) => p.time));
    for (const t of times) expect(hourly.has(new Date(t).toISOString())).toBe(true);
  }
  await ws.disposeAll();
  expect(await child!.stop()).toBe(0);
}, 300_000);
