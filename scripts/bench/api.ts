// npm run bench:api [-- --duration 5 --rounds 3 --warmup 2 --connections 50 --monitors 1000 --pool N --workers 1]
//
// Runs the compiled build (dist/, as `npm start` does; npm run bench:api builds it first).
// Seeds a team with 1,000 monitors (four types, four kinds of schedule, 20 executions
// each, violations) into a database of its own, then measures with autocannon, in this
// process: a bare Apollo Server 5 answering from memory, and the gateway (real API key
// auth, tenancy, PostgreSQL) on three polling queries and a dashboard query (the monitors in
// trouble with their health, and violations per day over 7 days). Prints req/s, p50/p99 and the
// ratio gateway/bare for each, the SQL statements per request at page sizes 1, 10 and
// 100, and, as its last line, one JSON object with the figures. Each query is measured in
// `rounds` alternating bare/gateway runs, and the median round is reported, so that a
// burst of load from elsewhere on the machine moves one round, not the ratio.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { startGateway } from '../../src/runtime/index.js';
import { parseConfig } from '../../src/config.js';
import { createDatabase, dropDatabase, migrateDatabase } from '../../src/db/admin.js';
import { createDb } from '../../src/db/client.js';
import { startBare } from './bare.js';
import { DASHBOARD, MONITORS_PAGE, MONITOR_HISTORY, RECENT_VIOLATIONS } from './queries.js';
import { seedTeamData } from './seed.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    monitors: { type: 'string', default: '1000' },
    executions: { type: 'string', default: '20' },
    pool: { type: 'string' },
    workers: { type: 'string', default: '1' },
  },
});
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const ROUNDS = Math.max(1, Number(args.rounds));
const CONNECTIONS = Number(args.connections);
const WORKERS = Number(args.workers);

process.env['LOG_LEVEL'] = 'silent';
const base = parseConfig({ ...process.env, LOG_LEVEL: 'silent' });
const dbUrl = new URL(base.DATABASE_URL);
dbUrl.pathname = `/mmg_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const url = dbUrl.toString();
const adminToken = `bench-admin-${randomBytes(12).toString('hex')}`;
const poolSize = args.pool ? Number(args.pool) : base.DATABASE_POOL_SIZE;
// The rate limiter still runs (one Redis call per request) but its budget is out of reach.
const config = {
  ...base, DATABASE_URL: url, PORT: 0, HOST: '127.0.0.1', ADMIN_TOKEN: adminToken, DATABASE_POOL_SIZE: poolSize, INTROSPECTION: false,
  RATE_LIMIT_PER_MINUTE: 1_000_000_000, RATE_LIMIT_BURST: 1_000_000_000,
};

const TRANSACTION = /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i;
let statements = 0;

interface Query { name: string; query: string; variables: Record<string, unknown> }

async function post(target: string, key: string | null, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (res.status !== 200 || (body.errors?.length ?? 0) > 0 || !body.data) throw new Error(`${target}: ${res.status} ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function load(target: string, key: string | null, q: Query, duration: number): Promise<Result> {
  return autocannon({
    url: target,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query: q.query, variables: q.variables }),
    connections: CONNECTIONS,
    duration,
    ...(WORKERS > 0 ? { workers: WORKERS } : {}),
  });
}

interface Figures { rps: number; p50: number; p99: number; requests: number; failed: number }

async function measure(target: string, key: string | null, q: Query): Promise<Figures> {
  const r = await load(target, key, q, DURATION);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, failed: r.errors + r.timeouts + r.non2xx };
}

/** Warm-up of both, then `ROUNDS` alternating runs; the round of median ratio, and the failures of all rounds. */
async function compare(bareUrl: string, gatewayUrl: string, key: string, q: Query): Promise<{ bare: Figures; gateway: Figures; ratios: number[] }> {
  if (WARMUP > 0) {
    await load(bareUrl, null, q, WARMUP);
    await load(gatewayUrl, key, q, WARMUP);
  }
  const rounds: Array<{ bare: Figures; gateway: Figures; ratio: number }> = [];
  for (let i = 0; i < ROUNDS; i++) {
    const bare = await measure(bareUrl, null, q);
    const gateway = await measure(gatewayUrl, key, q);
    rounds.push({ bare, gateway, ratio: gateway.rps / bare.rps });
  }
  const ratios = rounds.map((r) => r.ratio);
  const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor((rounds.length - 1) / 2)] as (typeof rounds)[number];
  const failed = (side: 'bare' | 'gateway') => rounds.reduce((n, r) => n + r[side].failed, 0);
  return { bare: { ...median.bare, failed: failed('bare') }, gateway: { ...median.gateway, failed: failed('gateway') }, ratios };
}

async function main(): Promise<void> {
  const started = Date.now();
  if (process.env['NODE_ENV'] !== 'production') {
    console.error('note: NODE_ENV is not "production": graphql-js runs its development checks (npm run bench:api sets it)');
  }
  const loadBefore = os.loadavg()[0] ?? 0;
  await createDatabase(url);
  const db = createDb({ url, poolSize, onQuery: (sql) => { if (!TRANSACTION.test(sql)) statements++; } });
  try {
    await migrateDatabase(url);
    const gateway = await startGateway({ config, db });
    try {
      const team = await post(gateway.url, adminToken, 'mutation { createTeam(input: { slug: "bench", displayName: "Bench" }) { team { id } secret } }', {});
      const teamId: string = team['createTeam'].team.id;
      const key: string = team['createTeam'].secret;
      const seeded = await seedTeamData(db, teamId, { monitors: Number(args.monitors), executionsPerSchedule: Number(args.executions), violationsPerExecution: 3 });
      await db.$executeRawUnsafe('ANALYZE');
      console.error(`seeded ${seeded.monitorIds.length} monitors, ${seeded.executions} executions, ${seeded.violations} violations in ${((Date.now() - started) / 1000).toFixed(1)} s`);

      const queries: Query[] = [
        { name: 'monitors(first: 50) + schedule.lastExecution.violations', query: MONITORS_PAGE, variables: { first: 50 } },
        { name: 'monitor(id) + executions(first: 20) + violations', query: MONITOR_HISTORY, variables: { id: seeded.monitorIds[seeded.monitorIds.length - 1] } },
        { name: 'violations(from: now - 24 h, first: 50)', query: RECENT_VIOLATIONS, variables: { from: new Date(Date.now() - 86_400_000).toISOString() } },
        { name: 'dashboard: VIOLATING monitors + violations/day 7 d', query: DASHBOARD, variables: { from: new Date(Date.now() - 7 * 86_400_000).toISOString() } },
      ];

      // The bare server answers exactly what the gateway answers.
      const answers: Record<string, unknown> = {};
      for (const q of queries) Object.assign(answers, await post(gateway.url, key, q.query, q.variables));
      const edges = (answers['monitors'] as { edges: unknown[] }).edges.length;
      const recent = (answers['violations'] as { edges: unknown[] }).edges.length;
      const violating = (answers['violating'] as { totalCount: number }).totalCount;
      const days = (answers['perDay'] as { groups: unknown[] }).groups.length;
      if (edges !== 50 || recent === 0 || violating === 0 || days === 0) {
        throw new Error(`unexpected answers: ${edges} monitors, ${recent} violations, ${violating} violating monitors, ${days} days of violations`);
      }

      // SQL statements per request of the monitors page, by page size, once the key is verified and
      // cached: the fewest of three calls (on a loaded machine a call may still pay for a key lookup).
      const sqlPerRequest: Record<string, number> = {};
      for (const first of [1, 10, 100]) {
        await post(gateway.url, key, MONITORS_PAGE, { first });
        let fewest = Infinity;
        for (let i = 0; i < 3; i++) {
          statements = 0;
          await post(gateway.url, key, MONITORS_PAGE, { first });
          fewest = Math.min(fewest, statements);
        }
        sqlPerRequest[String(first)] = fewest;
      }

      const bare = await startBare(answers);
      const rows: Array<{ query: Query; bare: Figures; gateway: Figures; ratios: number[] }> = [];
      try {
        for (const q of queries) {
          const { bare: b, gateway: g, ratios } = await compare(bare.url, gateway.url, key, q);
          rows.push({ query: q, bare: b, gateway: g, ratios });
          console.error(`${q.name}: bare ${b.rps.toFixed(0)} req/s, gateway ${g.rps.toFixed(0)} req/s (ratios by round: ${ratios.map((r) => r.toFixed(2)).join(', ')})`);
        }
      } finally {
        await bare.stop();
      }
      // The answers did not change under load (and the key still works).
      for (const q of queries) await post(gateway.url, key, q.query, q.variables);

      const cpus = os.cpus();
      const pgVersion = ((await db.$queryRawUnsafe<Array<{ v: string }>>('SELECT current_setting(\'server_version\') AS v'))[0]?.v) ?? '?';
      const machine = `${cpus.length} x ${cpus[0]?.model.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, PostgreSQL ${pgVersion}`;

      const pad = (s: string, n: number) => s.padEnd(n);
      const num = (x: number, d = 0) => x.toFixed(d).padStart(8);
      console.log(`\nmachine: ${machine}`);
      console.log(`load: autocannon ${CONNECTIONS} connections, ${WARMUP} s warm-up, then ${ROUNDS} alternating rounds of ${DURATION} s (median round shown), ${WORKERS > 0 ? `${WORKERS} worker thread(s)` : 'main thread'} of this process; DB pool ${poolSize}, QUERY_CONCURRENCY ${config.QUERY_CONCURRENCY}`);
      console.log(`data: ${seeded.monitorIds.length} monitors, ${seeded.executions} executions, ${seeded.violations} violations`);
      const loadAfter = os.loadavg()[0] ?? 0;
      console.log(`load average (1 min) before/after: ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} (above ~2 on 2 cores, other processes shared the CPU)\n`);
      console.log(`${pad('query', 58)}${'bare rps'.padStart(9)}${'p50'.padStart(6)}${'p99'.padStart(6)}${'gw rps'.padStart(9)}${'p50'.padStart(6)}${'p99'.padStart(6)}${'ratio'.padStart(7)}`);
      for (const r of rows) {
        console.log(
          `${pad(r.query.name, 58)}${num(r.bare.rps).padStart(9)}${String(r.bare.p50).padStart(6)}${String(r.bare.p99).padStart(6)}` +
            `${num(r.gateway.rps).padStart(9)}${String(r.gateway.p50).padStart(6)}${String(r.gateway.p99).padStart(6)}${(r.gateway.rps / r.bare.rps).toFixed(2).padStart(7)}`,
        );
      }
      console.log(`(latencies in ms)\nSQL statements per request, monitors page: first 1 → ${sqlPerRequest['1']}, 10 → ${sqlPerRequest['10']}, 100 → ${sqlPerRequest['100']}`);
      const failed = rows.reduce((n, r) => n + r.bare.failed + r.gateway.failed, 0);
      if (failed > 0) console.log(`WARNING: ${failed} failed requests (errors, timeouts or non-2xx)`);

      const [main50, history, recentRow, dashboardRow] = rows as [typeof rows[0], typeof rows[0], typeof rows[0], typeof rows[0]];
      const figures = (r: typeof rows[0]) => ({
        ratio: round(r.gateway.rps / r.bare.rps, 3), ratios_by_round: r.ratios.map((x) => round(x, 3)),
        gateway_rps: round(r.gateway.rps), bare_rps: round(r.bare.rps),
        gateway_p50_ms: r.gateway.p50, gateway_p99_ms: r.gateway.p99, bare_p50_ms: r.bare.p50, bare_p99_ms: r.bare.p99,
      });
      console.log(JSON.stringify({
        ratio_50_monitors: round(main50.gateway.rps / main50.bare.rps, 3),
        ratios_by_round: main50.ratios.map((x) => round(x, 3)),
        gateway_rps: round(main50.gateway.rps),
        bare_rps: round(main50.bare.rps),
        gateway_p50_ms: main50.gateway.p50, gateway_p99_ms: main50.gateway.p99, bare_p50_ms: main50.bare.p50, bare_p99_ms: main50.bare.p99,
        monitor_history: figures(history),
        violations_24h: figures(recentRow),
        dashboard: figures(dashboardRow),
        sql_per_request: sqlPerRequest,
        failed_requests: failed,
        load_avg_1m: [round(loadBefore, 2), round(os.loadavg()[0] ?? 0, 2)],
        duration_s: DURATION, rounds: ROUNDS, warmup_s: WARMUP, query_concurrency: config.QUERY_CONCURRENCY, connections: CONNECTIONS, workers: WORKERS, pool_size: poolSize,
        machine,
      }));
    } finally {
      await gateway.stop();
    }
  } finally {
    await db.$disconnect();
    await dropDatabase(url);
  }
}

function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
