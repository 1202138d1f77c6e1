// npm run bench:push [-- --subscribers 1000 --teams 10 --seconds 30 --rate 2 --cycles 5]
//
// Push latency: two gateway processes and one worker (the real entry points) against the
// local SageMaker server in real time, in a database and Redis prefix of their own.
// Subscribers (graphql-ws) are spread over the teams and both gateways; one-time runs
// are started at a steady rate, each completing with one violation. Latency is from the
// moment the backend marks an execution complete to each subscriber's receipt.
// Then backend calls per poll cycle at 1,000 and 10,000 schedules, against the naive
// one-call-per-schedule poller, in the same run. The last line is one JSON object.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseConfig } from '../../src/config.js';
import { createDatabase, dropDatabase, migrateDatabase } from '../../src/db/admin.js';
import { createDb } from '../../src/db/client.js';
import { startLocalSageMaker } from '@mmg/local-sagemaker';
import { spawnGateway, spawnWorker, type Child } from '../../test/support/processes.js';
import { seed } from '../../test/support/seed.js';
import { wsClients } from '../../test/support/ws.js';
import { teamScopedName } from '../../src/sagemaker/naming.js';
import { measureCycles } from './push-cycles.js';
import { deleteKeys } from './redis-keys.js';

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000' },
    teams: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '30' },
    rate: { type: 'string', default: '2' },
    cycles: { type: 'string', default: '5' },
  },
});
const SUBSCRIBERS = Number(args.subscribers);
const TEAMS = Number(args.teams);
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);

process.env['LOG_LEVEL'] = 'silent'; // this process's own sync handlers (the cycle measurement)
const base = parseConfig(process.env);
const dbUrl = new URL(base.DATABASE_URL);
dbUrl.pathname = `/mmg_bench_push_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const url = dbUrl.toString();
const adminToken = `bench-admin-${randomBytes(12).toString('hex')}`;
process.env['ADMIN_TOKEN'] = adminToken; // the fixtures create teams with it
const env = {
  DATABASE_URL: url, ADMIN_TOKEN: adminToken, REDIS_PREFIX: `mmg_bench_push_${randomBytes(3).toString('hex')}`,
  AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1', LOG_LEVEL: 'warn',
  SYNC_INTERVAL_MS: '1000', SYNC_RUNNING_POLL_MS: '500', SYNC_DUE_POLL_MS: '500', SYNC_MAX_TPS: '100', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_BURST: '1000000', // each subscribe takes a token
};
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const log = (line: string) => process.stdout.write(`${line}\n`);

await createDatabase(url);
await migrateDatabase(url);
const db = createDb({ url, poolSize: 8 });
const server = await startLocalSageMaker({ realtime: true, tickIntervalMs: 50, scheduleActivationMs: 100, startDelayMs: 200, executionRunMs: 1000 });
server.s3.createBucket('reports');
const children: Child[] = [];
const ws = wsClients();
try {
  const gateways = await Promise.all([spawnGateway(env), spawnGateway(env)]);
  children.push(...gateways);
  children.push(await spawnWorker(env));
  const teams = [];
  for (let t = 0; t < TEAMS; t++) {
    const team = await seed({ url: gateways[0].url }).createTeam({ defaultBackend: 'SAGEMAKER' });
    await team.call('mutation($i: UpdateTeamAwsSettingsInput!) { updateTeamAwsSettings(input: $i) { id } }', {
      i: { region: 'us-east-1', executionRoleArn: 'arn:aws:iam::123456789012:role/monitor', endpointUrl: server.endpoint, s3EndpointUrl: server.s3Endpoint },
    });
    teams.push({ team, monitor: await team.createMonitor('DATA_QUALITY') });
  }
  // Receipts: (schedule name, time received), per subscriber.
  const receipts: Array<{ scheduleId: string; at: number }> = [];
  const acks: Promise<void>[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const { team } = teams[i % TEAMS]!;
    const c = ws.connect(gateways[i % 2]!.url, team.adminKey);
    acks.push(new Promise((resolve) => c.on('connected', () => resolve())));
    c.subscribe({ query: 'subscription { violationDetected { scheduleId } }' }, {
      next: (r) => receipts.push({ scheduleId: (r.data as any).violationDetected.scheduleId, at: Date.now() }),
      error: () => undefined, complete: () => undefined,
    });
  }
  await Promise.all(acks);
  await new Promise((r) => setTimeout(r, 500));
  log(`${SUBSCRIBERS} subscribers on 2 gateway processes, ${TEAMS} teams; starting ${RATE} one-time runs/s for ${SECONDS} s`);

  const names = new Map<string, string>(); // gateway schedule id → the schedule's name in SageMaker
  const total = SECONDS * RATE;
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const { team, monitor } = teams[i % TEAMS]!;
    const name = `${monitor.name}-run-${i}`;
    // The outcome is keyed by the schedule's name in SageMaker, which is team-scoped.
    const backendName = teamScopedName(team.id, name);
    server.fixtures.setDefaultOutcome(backendName, { status: 'CompletedWithViolations', violations: [{ feature_name: 'age', constraint_check_type: 'baseline_drift_check', description: 'drift' }] });
    const s = await team.createSchedule(monitor.id, { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }, name);
    names.set(s.id, backendName);
    const wait = started + ((i + 1) * 1000) / RATE - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const expected = total * (SUBSCRIBERS / TEAMS);
  const deadline = Date.now() + 60_000;
  while (receipts.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

  const completedAt = new Map(server.state.executions().filter((e) => e.status === 'CompletedWithViolations').map((e) => [e.scheduleName, e.endTime.getTime()]));
  const latencies = receipts.flatMap((r) => {
    const done = completedAt.get(names.get(r.scheduleId) ?? '');
    return done === undefined ? [] : [r.at - done];
  }).sort((a, b) => a - b);
  const p50 = pct(latencies, 50);
  const p99 = pct(latencies, 99);
  log(`receipts: ${receipts.length} of ${expected} expected (${total} executions × ${SUBSCRIBERS / TEAMS} subscribers each)`);
  log(`latency completion → subscriber: p50 ${p50} ms, p99 ${p99} ms, max ${latencies.at(-1)} ms`);
  await ws.disposeAll();
  await Promise.all(children.splice(0).map((c) => c.stop()));

  log('backend calls per poll cycle (steady state between fire times; 1 schedule in 50 has a running execution):');
  const cycles = await measureCycles(db, [1_000, 10_000], { cycles: Number(args.cycles), runningEvery: 50 });
  for (const c of cycles) {
    log(`  ${c.schedules} schedules (${c.running} running): gateway ${c.callsPerCycle.toFixed(1)} calls/cycle, naive ${c.naiveCallsPerCycle}, ratio ${(c.callsPerCycle / c.naiveCallsPerCycle).toFixed(4)}`);
  }
  const ratio = (n: number) => {
    const c = cycles.find((x) => x.schedules === n)!;
    return Number((c.callsPerCycle / c.naiveCallsPerCycle).toFixed(4));
  };
  log(JSON.stringify({
    p50_ms: p50, p99_ms: p99, subscribers: SUBSCRIBERS, gateways: 2, executions: total, receipts: receipts.length, expected_receipts: expected,
    calls_per_cycle_1k: cycles[0]!.callsPerCycle, naive_calls_per_cycle_1k: cycles[0]!.naiveCallsPerCycle,
    calls_per_cycle_10k: cycles[1]!.callsPerCycle, naive_calls_per_cycle_10k: cycles[1]!.naiveCallsPerCycle,
    calls_per_cycle_ratio_1k: ratio(1_000), calls_per_cycle_ratio_10k: ratio(10_000),
  }));
} finally {
  await ws.disposeAll().catch(() => undefined);
  await Promise.all(children.map((c) => c.kill()));
  await server.close();
  await db.$disconnect();
  await dropDatabase(url).catch(() => undefined);
  await deleteKeys(base.REDIS_URL, env.REDIS_PREFIX);
}
process.exit(0);
