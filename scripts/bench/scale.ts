// npm run bench:scale: the hot reads at 1×, 10× and 100× the history, in a database of its own.
// 1× is a team of `--monitors` monitors (200) with `--executions` (20) hourly runs each, 3
// violations per run with violations and `--points` (10) metric points per run: the API
// bench's data (scripts/bench/seed.ts) with fewer monitors, so that 100× (2,000 runs a monitor,
// about three months of hourly runs: 400,000 executions, 480,000 violations, 4 M metric points)
// is generated in minutes on two cores. Growth adds older history behind the same present
// (set-based INSERT … SELECT over generate_series, in SQL), so every size answers the same
// latest rows. At each size, after ANALYZE, each hot read is sent `--requests` (200) times in
// a row over HTTP to an in-process gateway; p50/p99 are of those. Then the retention purge
// deletes the 100× history older than 30 days and its rows/s is reported.
// The last line is JSON: {"p50_ms": {"1","10","100"}, "growth_100x", "retention_rows_per_s", …}.
// p50_ms of a size is the sum of the hot reads' p50s (one dashboard page making each read once).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startGateway } from '../../src/runtime/index.js';
import { parseConfig } from '../../src/config.js';
import { createDatabase, dropDatabase, migrateDatabase } from '../../src/db/admin.js';
import { createDb, type Db } from '../../src/db/client.js';
import { purgeExpired } from '../../src/tenancy/retention.js';
import { metricStorage } from '../../src/storage/metric-series.js';
import { violationHourlyStorage } from '../../src/storage/violation-hourly.js';
import { DASHBOARD, MONITORS_PAGE, MONITOR_HISTORY, RECENT_VIOLATIONS } from './queries.js';
import { seedTeamData } from './seed.js';

const { values: args } = parseArgs({
  options: {
    monitors: { type: 'string', default: '200' },
    executions: { type: 'string', default: '20' },
    points: { type: 'string', default: '10' },
    requests: { type: 'string', default: '200' },
    sizes: { type: 'string', default: '1,10,100' },
  },
});
const MONITORS = Number(args.monitors);
const RUNS = Number(args.executions);
const POINTS = Number(args.points);
const REQUESTS = Number(args.requests);
const SIZES = args.sizes.split(',').map(Number);

process.env['LOG_LEVEL'] = 'silent';
const base = parseConfig({ ...process.env, LOG_LEVEL: 'silent' });
const dbUrl = new URL(base.DATABASE_URL);
dbUrl.pathname = `/mmg_scale_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const url = dbUrl.toString();
const adminToken = `scale-admin-${randomBytes(12).toString('hex')}`;
const config = {
  ...base, DATABASE_URL: url, PORT: 0, HOST: '127.0.0.1', ADMIN_TOKEN: adminToken, INTROSPECTION: false, RUN_WORKER: false,
  REDIS_PREFIX: `mmg_scale_${randomBytes(4).toString('hex')}`, RATE_LIMIT_PER_MINUTE: 1_000_000_000, RATE_LIMIT_BURST: 1_000_000_000,
};
const HOUR = 3_600_000;
const now = new Date();

async function post(target: string, key: string | null, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await fetch(target, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (res.status !== 200 || (body.errors?.length ?? 0) > 0 || !body.data) throw new Error(`${res.status} ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** The history of runs `from` to `to` - 1 hours before the seeded ones, of every schedule of the team, with violations and points. */
async function grow(db: Db, teamId: string, from: number, to: number): Promise<void> {
  const tag = `h${from}-`;
  await db.$executeRawUnsafe(`
    INSERT INTO "Execution" ("id", "teamId", "monitorId", "scheduleId", "backendExecutionId", "status", "scheduledTime", "startedAt", "endedAt", "reportUri", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), s."teamId", s."monitorId", s."id", '${tag}' || g,
      (ARRAY['COMPLETED','COMPLETED_WITH_VIOLATIONS','COMPLETED','FAILED','COMPLETED_WITH_VIOLATIONS'])[1 + g % 5]::"ExecutionStatus",
      t.at, t.at + interval '1 minute', t.at + interval '10 minutes', 's3://reports/' || g, t.at + interval '10 minutes', t.at + interval '10 minutes'
    FROM "Schedule" s CROSS JOIN generate_series(${from}, ${to - 1}) g
    CROSS JOIN LATERAL (SELECT $2::timestamptz - g * interval '1 hour' AS at) t
    WHERE s."teamId" = $1::uuid`, teamId, now);
  await db.$executeRawUnsafe(`
    INSERT INTO "Violation" ("id", "teamId", "monitorId", "executionId", "featureName", "checkType", "description", "createdAt")
    SELECT gen_random_uuid(), e."teamId", e."monitorId", e."id", (ARRAY['age','tenure','plan','income','region'])[1 + k],
      (ARRAY['baseline_drift_check','data_type_check','completeness_check'])[1 + k], 'Feature drifted (distance 0.' || k || ')', e."endedAt"
    FROM "Execution" e CROSS JOIN generate_series(0, 2) k
    WHERE e."teamId" = $1::uuid AND e."status" = 'COMPLETED_WITH_VIOLATIONS' AND e."backendExecutionId" LIKE '${tag}%'`, teamId);
  await points(db, teamId, tag);
}

async function points(db: Db, teamId: string, tag: string): Promise<void> {
  await db.$executeRawUnsafe(`
    INSERT INTO "MetricPoint" ("teamId", "monitorId", "executionId", "feature", "metric", "value", "threshold", "time")
    SELECT e."teamId", e."monitorId", e."id", 'f' || (k % 5), 'm' || (k / 5), random(), 0.5, e."scheduledTime"
    FROM "Execution" e CROSS JOIN generate_series(0, ${POINTS - 1}) k
    WHERE e."teamId" = $1::uuid AND e."backendExecutionId" LIKE '${tag}%'`, teamId);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function measure(gatewayUrl: string, key: string, query: string, variables: Record<string, unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await post(gatewayUrl, key, query, variables);
  const ms: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    await post(gatewayUrl, key, query, variables);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) };
}

const METRIC_SERIES = `query Series($id: ID!, $from: DateTime!) { metricSeries(monitorId: $id, feature: "f1", metric: "m0", from: $from) { points { time value } threshold } }`;

async function main(): Promise<void> {
  await createDatabase(url);
  const db = createDb({ url, poolSize: base.DATABASE_POOL_SIZE });
  const results: Record<string, Record<string, { p50: number; p99: number }>> = {};
  const rows: Record<string, Record<string, number>> = {};
  let retention: { rows: number; seconds: number };
  try {
    await migrateDatabase(url);
    // The months of the whole history, as the migration does for existing points.
    await metricStorage.ensurePartitions(db, new Date(now.getTime() - (Math.max(...SIZES) * RUNS + 48) * HOUR), new Date(now.getTime() + 90 * 86_400_000));
    const gateway = await startGateway({ config, db });
    try {
      const team = await post(gateway.url, adminToken, 'mutation { createTeam(input: { slug: "scale", displayName: "Scale" }) { team { id } secret } }', {});
      const teamId: string = team['createTeam'].team.id;
      const key: string = team['createTeam'].secret;
      const seeded = await seedTeamData(db, teamId, { monitors: MONITORS, executionsPerSchedule: RUNS, violationsPerExecution: 3, now });
      await points(db, teamId, 'exec-');
      const monitorId = seeded.monitorIds.at(-1) as string;
      const reads: Array<[string, string, Record<string, unknown>]> = [
        ['monitors page (50)', MONITORS_PAGE, { first: 50 }],
        ['monitor history (20)', MONITOR_HISTORY, { id: monitorId }],
        ['violations of 24 h (50)', RECENT_VIOLATIONS, { from: new Date(now.getTime() - 86_400_000).toISOString() }],
        ['metricSeries of 30 days', METRIC_SERIES, { id: monitorId, from: new Date(now.getTime() - 30 * 86_400_000).toISOString() }],
        ['dashboard (VIOLATING, per day 7 d)', DASHBOARD, { from: new Date(now.getTime() - 7 * 86_400_000).toISOString() }],
      ];
      let history = RUNS;
      for (const size of SIZES) {
        const started = Date.now();
        if (size * RUNS > history) await grow(db, teamId, history, size * RUNS);
        history = Math.max(history, size * RUNS);
        await db.$transaction((tx) => violationHourlyStorage.rebuildTeam(tx, teamId), { timeout: 600_000 });
        await db.$executeRawUnsafe('ANALYZE');
        const count = async (t: string) => Number((await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "${t}"`))[0]?.n ?? 0);
        rows[size] = { executions: await count('Execution'), violations: await count('Violation'), metricPoints: await count('MetricPoint') };
        console.error(`${size}×: ${JSON.stringify(rows[size])} generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        results[size] = {};
        for (const [name, query, variables] of reads) {
          results[size][name] = await measure(gateway.url, key, query, variables);
          console.error(`  ${name}: p50 ${results[size][name].p50.toFixed(1)} ms, p99 ${results[size][name].p99.toFixed(1)} ms`);
        }
      }
      // The retention purge at the largest size: the history older than 30 days.
      await db.team.update({ where: { id: teamId }, data: { retentionExecutionsDays: 30, retentionViolationsDays: 30, retentionMetricPointsDays: 30 } });
      const t = performance.now();
      const purged = await purgeExpired(db, { batchSize: 5_000, now, teamIds: [teamId] });
      retention = { rows: Object.values(purged.deleted).reduce((s, n) => s + n, 0), seconds: (performance.now() - t) / 1000 };
      console.error(`retention: ${JSON.stringify(purged.deleted)} in ${retention.seconds.toFixed(1)} s (${purged.batches.length} statements)`);
    } finally {
      await gateway.stop();
    }
  } finally {
    await db.$disconnect();
    await dropDatabase(url);
  }
  const sum = (size: number, k: 'p50' | 'p99') => Math.round(Object.values(results[size] ?? {}).reduce((s, r) => s + r[k], 0) * 10) / 10;
  const p50 = Object.fromEntries(SIZES.map((s) => [String(s), sum(s, 'p50')]));
  const first = SIZES[0] as number;
  const last = SIZES.at(-1) as number;
  console.log(JSON.stringify({
    p50_ms: p50, growth_100x: Math.round((sum(last, 'p50') / sum(first, 'p50')) * 100) / 100,
    retention_rows_per_s: Math.round(retention.rows / retention.seconds),
    p99_ms: Object.fromEntries(SIZES.map((s) => [String(s), sum(s, 'p99')])), rows, per_query: results,
  }));
}

await main();
