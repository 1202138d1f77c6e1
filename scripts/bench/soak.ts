// npm run bench:soak   (env: SOAK_SECONDS per phase, default 150; SOAK_CONNECTIONS 20;
//                       SOAK_SUBSCRIBERS 20; SOAK_SOCKETS 1000; SOAK_MONITORS 200;
//                       SOAK_NODE_FLAGS: node flags for both phases' gateways, to compare V8 settings)
//
// Memory under load. Runs the built gateway (`node dist/src/main.js`, NODE_ENV=production; npm
// run bench:soak builds it first) as a child process on a database and Redis prefix of its own
// (both removed at the end), seeds a team (SOAK_MONITORS monitors with their history, three
// trusted documents), then:
// 1. on the fresh gateway, what SOAK_SOCKETS open graphql-ws sockets, each with a subscription,
//    add to its RSS and heap (both after a full GC);
// 2. two phases of the same load (./soak-load.ts: repeated and 15,000 distinct documents, trusted
//    documents by hash, mutations; SOAK_SUBSCRIBERS subscriptions open throughout), each on a new
//    gateway process: the default heap, then `--max-old-space-size=256`. Each phase has a 10 s
//    warm-up that is not counted, then SOAK_SECONDS of load. RSS is read every second, the heap
//    after a full GC every 30 s and at the end (through the inspector: ./soak-probe.ts).
// The last line is one JSON object: req/s, p99 and errors of the default-heap phase (errors of
// both), its peak RSS and largest heap after GC, and the 256 MB phase's req/s over the first's.
// Each phase also reports the gateway's CPU time per request (/proc), which other work on the
// machine disturbs far less than req/s: cpu_ratio_256mb_heap is the first's over the 256 MB one's.
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { parseConfig } from '../../src/config.js';
import { createDatabase, dropDatabase, migrateDatabase } from '../../src/db/admin.js';
import { createDb } from '../../src/db/client.js';
import { seedTeamData } from './seed.js';
import { deleteKeys } from './redis-keys.js';
import { repeatedOperations, SUBSCRIPTION, TRUSTED_DOCUMENTS } from './soak-documents.js';
import { runLoad, type LoadPlan, type LoadResult } from './soak-load.js';
import { startGatewayChild, type GatewayChild } from './soak-probe.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = num('SOAK_SECONDS', 150);
const CONNECTIONS = num('SOAK_CONNECTIONS', 20);
const SUBSCRIBERS = num('SOAK_SUBSCRIBERS', 20);
const SOCKETS = num('SOAK_SOCKETS', 1000);
const MONITORS = num('SOAK_MONITORS', 200);
const NODE_FLAGS = (process.env['SOAK_NODE_FLAGS'] ?? '').split(/\s+/).filter(Boolean);
const WARMUP_SECONDS = 10;
const HEAP_EVERY_MS = 30_000;

const base = parseConfig({ ...process.env, LOG_LEVEL: 'silent' });
const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const dbUrl = new URL(base.DATABASE_URL);
dbUrl.pathname = `/mmg_bench_soak_${run}`;
const url = dbUrl.toString();
const adminToken = `bench-admin-${randomBytes(12).toString('hex')}`;
const env = {
  NODE_ENV: 'production', DATABASE_URL: url, REDIS_PREFIX: `mmg_bench_soak_${run}`, ADMIN_TOKEN: adminToken, PORT: '0', HOST: '127.0.0.1',
  DEMO: 'false', RUN_WORKER: 'false', LOG_LEVEL: 'warn', INTROSPECTION: 'false', RATE_LIMIT_PER_MINUTE: '1000000000', RATE_LIMIT_BURST: '1000000000',
};
const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (x: number, d = 1) => Number(x.toFixed(d));
const largest = (xs: number[]) => Math.max(...xs.filter((x) => !Number.isNaN(x)));

async function call(target: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`${query.slice(0, 60)}: ${res.status} ${JSON.stringify(body.errors)}`);
  return body.data;
}

function subscribers(target: string, key: string, n: number): { clients: Client[]; connected: Promise<void> } {
  const clients: Client[] = [];
  const acks: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const c = createClient({
      url: target.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined,
    });
    acks.push(new Promise((resolve, reject) => {
      c.on('connected', () => resolve());
      c.on('closed', () => reject(new Error('a subscriber\'s socket closed before it was acknowledged')));
    }));
    c.subscribe({ query: SUBSCRIPTION }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    clients.push(c);
  }
  return { clients, connected: Promise.all(acks).then(() => new Promise((r) => setTimeout(r, 1000))) };
}
const closeAll = (clients: Client[]) => Promise.all(clients.map(async (c) => c.dispose()));

/** What `n` open sockets with a subscription each add, after a full GC. */
async function socketCost(child: GatewayChild, key: string, n: number) {
  const heapBefore = await child.heapAfterGcMb();
  const rssBefore = await child.rssMb();
  const { clients, connected } = subscribers(child.url, key, n);
  await connected;
  const heapAfter = await child.heapAfterGcMb();
  const rssAfter = await child.rssMb();
  await closeAll(clients);
  return { sockets: n, rss_mb: round(rssAfter - rssBefore), heap_mb: round(heapAfter - heapBefore), rss_before_mb: round(rssBefore), rss_after_mb: round(rssAfter) };
}

interface Phase { load: LoadResult; cpuMsPerRequest: number; peakRss: number; peakHeapTotal: number; heapSamples: number[]; rssEnd: number; died: string | null }

/** The heap after GC, or NaN when the child cannot say (it died). */
const heapSample = (child: GatewayChild) => child.heapAfterGcMb().then((mb) => round(mb), () => NaN);

async function phase(child: GatewayChild, plan: Omit<LoadPlan, 'url' | 'seconds' | 'alive'>): Promise<Phase> {
  let peakRss = await child.rssMb();
  let peakHeapTotal = 0;
  const rss = setInterval(() => {
    void child.rssMb().then((mb) => (peakRss = Math.max(peakRss, mb)), () => undefined);
    void child.heapTotalMb().then((mb) => (peakHeapTotal = Math.max(peakHeapTotal, mb)), () => undefined);
  }, 1000);
  const heapSamples: number[] = [];
  const heap = setInterval(() => void heapSample(child).then((mb) => heapSamples.push(mb)), HEAP_EVERY_MS);
  const subs = subscribers(child.url, plan.key, SUBSCRIBERS);
  await subs.connected;
  try {
    await runLoad({ ...plan, url: child.url, seconds: WARMUP_SECONDS, alive: child.alive });
    const cpuBefore = await child.cpuSeconds();
    const load = await runLoad({ ...plan, url: child.url, seconds: SECONDS, alive: child.alive });
    if (!child.alive()) return { load, cpuMsPerRequest: NaN, peakRss: round(peakRss), peakHeapTotal: round(peakHeapTotal), heapSamples, rssEnd: NaN, died: child.output().split('\n').filter((l) => /heap|memory|FATAL|Error/i.test(l)).slice(-3).join(' | ') || 'exited' };
    const cpuMsPerRequest = round(((await child.cpuSeconds()) - cpuBefore) * 1000 / load.requests, 3);
    heapSamples.push(await heapSample(child));
    return { load, cpuMsPerRequest, peakRss: round(Math.max(peakRss, await child.rssMb())), peakHeapTotal: round(peakHeapTotal), heapSamples, rssEnd: round(await child.rssMb()), died: null };
  } finally {
    clearInterval(rss);
    clearInterval(heap);
    await closeAll(subs.clients);
  }
}

const describe = (name: string, p: Phase) =>
  `${name}: ${p.load.rps.toFixed(0)} req/s, p50 ${p.load.p50Ms} ms, p99 ${p.load.p99Ms} ms, ${p.load.requests} requests, ${p.load.errors} errors, ${p.cpuMsPerRequest} ms of the gateway's CPU a request; ` +
  `peak RSS ${p.peakRss} MB (end ${p.rssEnd} MB), peak V8 heap (used and free) ${p.peakHeapTotal} MB; heap after GC every 30 s: ${p.heapSamples.join(', ')} MB${p.died ? `; THE GATEWAY DIED: ${p.died}` : ''}`;

await createDatabase(url);
await migrateDatabase(url);
const db = createDb({ url, poolSize: 4 });
let child: GatewayChild | undefined;
try {
  child = await startGatewayChild(NODE_FLAGS, env);
  const made = await call(child.url, adminToken, 'mutation { createTeam(input: { slug: "soak", displayName: "Soak" }) { team { id } secret } }');
  const key: string = made['createTeam'].secret;
  const seeded = await seedTeamData(db, made['createTeam'].team.id, { monitors: MONITORS, executionsPerSchedule: 20, violationsPerExecution: 3 });
  await db.$executeRawUnsafe('ANALYZE');
  const trusted = TRUSTED_DOCUMENTS.map((body) => ({ hash: createHash('sha256').update(body).digest('hex'), body }));
  await call(child.url, key, 'mutation($d: [TrustedDocumentInput!]!) { registerTrustedDocuments(documents: $d) { added } }', { d: trusted });
  log(`seeded ${seeded.monitorIds.length} monitors, ${seeded.executions} executions, ${seeded.violations} violations`);
  const plan = {
    key, connections: CONNECTIONS, repeated: repeatedOperations(seeded.monitorIds), monitorIds: seeded.monitorIds, seed: 1,
    trusted: trusted.map((t, i) => ({ hash: t.hash, ...(i === 1 ? { variables: { first: 10 } } : {}) })),
  };

  const sockets = await socketCost(child, key, SOCKETS);
  log(`${SOCKETS} sockets with a subscription each: RSS +${sockets.rss_mb} MB (${sockets.rss_before_mb} → ${sockets.rss_after_mb}), heap after GC +${sockets.heap_mb} MB`);
  const unlimited = await phase(child, plan);
  log(describe('default heap', unlimited));
  await child.stop();
  child = await startGatewayChild([...NODE_FLAGS, '--max-old-space-size=256'], env);
  const small = await phase(child, plan);
  log(describe('--max-old-space-size=256', small));
  await child.stop();
  child = undefined;

  for (const failure of [...unlimited.load.failures, ...small.load.failures]) log(`failure: ${failure}`);
  const cpus = os.cpus();
  log(`machine: ${cpus.length} x ${cpus[0]?.model.trim() ?? 'cpu'}, Node ${process.version}; load average (1 min) ${os.loadavg()[0]?.toFixed(2)}`);
  log(`load: ${CONNECTIONS} connections, ${SECONDS} s per phase after ${WARMUP_SECONDS} s of warm-up; GRAPHQL_JIT=${process.env['GRAPHQL_JIT'] ?? 'default'}; HEAP_GROWTH_PERCENT=${process.env['HEAP_GROWTH_PERCENT'] ?? 'default'}; node flags: ${NODE_FLAGS.join(' ') || 'none'}`);
  console.log(JSON.stringify({
    rps: round(unlimited.load.rps, 0), p99_ms: unlimited.load.p99Ms, peak_rss_mb: unlimited.peakRss, heap_after_gc_mb: largest(unlimited.heapSamples),
    ratio_256mb_heap: round(small.load.rps / unlimited.load.rps, 3), errors: unlimited.load.errors + small.load.errors,
    rps_256mb_heap: round(small.load.rps, 0), p99_ms_256mb_heap: small.load.p99Ms, peak_rss_mb_256mb_heap: small.peakRss,
    heap_after_gc_mb_256mb_heap: largest(small.heapSamples), seconds_per_phase: SECONDS, connections: CONNECTIONS,
    cpu_ms_per_request: unlimited.cpuMsPerRequest, cpu_ms_per_request_256mb_heap: small.cpuMsPerRequest,
    cpu_ratio_256mb_heap: round(unlimited.cpuMsPerRequest / small.cpuMsPerRequest, 3), ws_sockets: sockets.sockets, ws_rss_mb: sockets.rss_mb, ws_heap_mb: sockets.heap_mb, died_256mb_heap: small.died,
  }));
} finally {
  await child?.stop().catch(() => undefined);
  await db.$disconnect();
  await dropDatabase(url).catch(() => undefined);
  await deleteKeys(base.REDIS_URL, env.REDIS_PREFIX);
}
process.exit(0);
