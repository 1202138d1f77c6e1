// Ad-hoc CPU profile of the gateway under load (not part of bench:api): NODE_ENV=production npx tsx scripts/bench/profile.ts
// writes /tmp/gw.cpuprofile (open in Chrome DevTools). Q=h profiles the monitor-history query, Q=v recent violations, Q=min the smallest query (the fixed cost of a request).
import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { createDatabase, migrateDatabase, dropDatabase } from '../../src/db/admin.js';
import { createDb } from '../../src/db/client.js';
import { parseConfig } from '../../src/config.js';
import { startGateway } from '../../src/runtime/index.js';
import { seedTeamData } from './seed.js';
import { startBare } from './bare.js';
process.env['LOG_LEVEL'] = 'silent';
import { MONITORS_PAGE, MONITOR_HISTORY, RECENT_VIOLATIONS } from './queries.js';
const url = `postgresql://postgres@127.0.0.1:5432/mmg_probe_${randomBytes(3).toString('hex')}`;
await createDatabase(url); await migrateDatabase(url);
const admin = 'probe-admin-token-0123456789';
const config = parseConfig({ DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'silent', ADMIN_TOKEN: admin, DATABASE_POOL_SIZE: process.env.POOL ?? '10', RATE_LIMIT_PER_MINUTE: '1000000000', RATE_LIMIT_BURST: '1000000000', QUERY_CONCURRENCY: process.env.QUERY_CONCURRENCY });
const db = createDb({ url, poolSize: config.DATABASE_POOL_SIZE });
const gw = await startGateway({ config, db });
const post = async (key: string, query: string, variables?: object) => (await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) })).json() as any;
const t = await post(admin, 'mutation { createTeam(input: {slug: "probe", displayName: "P"}) { team { id } secret } }');
const teamId = t.data.createTeam.team.id, key = t.data.createTeam.secret;
const s = await seedTeamData(db, teamId, { monitors: 1000, executionsPerSchedule: 20 });
await db.$executeRawUnsafe('ANALYZE');
const q = process.env.Q === 'h' ? { query: MONITOR_HISTORY, variables: { id: s.monitorIds[5] } }
  : process.env.Q === 'min' ? { query: '{ viewer { role } }', variables: {} }
  : process.env.Q === 'v' ? { query: RECENT_VIOLATIONS, variables: { from: new Date(Date.now() - 86_400_000).toISOString() } }
  : { query: MONITORS_PAGE, variables: { first: 50 } };
// BARE=1: the same measurement on the bare Apollo server answering the gateway's response from memory.
const bare = process.env.BARE === '1' ? await startBare({ [Object.keys((await post(key, q.query, q.variables)).data)[0]!]: Object.values((await post(key, q.query, q.variables)).data)[0] }) : null;
const opts = { url: bare?.url ?? gw.url, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(q), connections: Number(process.env.C ?? 50), workers: 1 } as any;
await autocannon({ ...opts, duration: 2 });
// CPU seconds of this database's PostgreSQL backends (from /proc; Linux only).
const backendPids = async () => (await db.$queryRawUnsafe<Array<{ pid: number }>>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).map((r) => r.pid);
const cpuOf = (pid: number) => { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / 100; } catch { return 0; } };
const pids = await backendPids();
const pg0 = pids.reduce((n, p) => n + cpuOf(p), 0); const node0 = process.cpuUsage();
const profiling = process.env.PROFILE !== '0'; // PROFILE=0: CPU figures without the profiler's overhead
const session = new Session(); session.connect();
// HEAP=1: a sampling allocation profile instead (/tmp/gw.heapprofile): what each request allocates, by function.
const heap = process.env.HEAP === '1';
if (heap) await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
else if (profiling) { await session.post('Profiler.enable'); await session.post('Profiler.start'); }
const r = await autocannon({ ...opts, duration: 5 });
if (heap) writeFileSync('/tmp/gw.heapprofile', JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
else if (profiling) writeFileSync('/tmp/gw.cpuprofile', JSON.stringify((await session.post('Profiler.stop')).profile));
const pgCpu = pids.reduce((n, p) => n + cpuOf(p), 0) - pg0; const nodeCpu = process.cpuUsage(node0);
console.log('cpu ms/request: postgres', (1000 * pgCpu / r.requests.total).toFixed(2), 'node (incl. autocannon thread)', ((nodeCpu.user + nodeCpu.system) / 1000 / r.requests.total).toFixed(2));
console.log('rps', r.requests.average, 'p50', r.latency.p50, 'p99', r.latency.p99, 'non2xx', r.non2xx);
await new Promise((r) => setTimeout(r, 1000));
await bare?.stop(); await gw.stop(); await db.$disconnect(); await dropDatabase(url);
