// Real processes: two gateways and a worker (tsx entry points) sharing this run's
// PostgreSQL and Redis, against the local SageMaker server in real time. Events found by
// the worker reach subscribers on either gateway; a worker SIGKILLed while syncing loses
// nothing and repeats nothing once a new one takes over.
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { config } from '../../src/config.js';
import { startLocalSageMaker, type LocalSageMaker } from '@mmg/local-sagemaker';
import { teamScopedName } from '../../src/sagemaker/naming.js';
import { createDb, type Db } from '../../src/db/client.js';
import { killSpawned, spawnGateway, spawnWorker } from '../support/processes.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { collect, wsClients } from '../support/ws.js';
import { ROLE } from '../sagemaker/support.js';
import { startTarget, type Target } from '../webhooks/support.js';
import { webhookFigures } from '../support/webhook-check.js';

jest.setTimeout(180_000);

let server: LocalSageMaker;
let db: Db;
const ws = wsClients();
/** Webhook receivers, closed even when an assertion fails first (an open one keeps Jest from exiting). */
const targets: Target[] = [];
// Own queues and event channel: no other test's worker polls these schedules, and back.
const env = {
  REDIS_PREFIX: `${config().REDIS_PREFIX}:procs-${randomBytes(3).toString('hex')}`,
  AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1',
  SYNC_INTERVAL_MS: '1000', SYNC_RUNNING_POLL_MS: '500', SYNC_DUE_POLL_MS: '500', SYNC_MAX_TPS: '200',
  SYNC_LEASE_MS: '4000', JOB_LOCK_MS: '2000',
  // A delivery claimed by a killed worker is swept again after its lease (timeout + 10 s).
  WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_SWEEP_INTERVAL_MS: '1000', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'info',
};

beforeAll(async () => {
  server = await startLocalSageMaker({ realtime: true, tickIntervalMs: 100, scheduleActivationMs: 200, startDelayMs: 300, executionRunMs: 1500 });
  server.s3.createBucket('reports');
  db = createDb({ url: config().DATABASE_URL, poolSize: 2 });
});
afterAll(async () => {
  await ws.disposeAll();
  await Promise.all(targets.map((t) => t.close()));
  await killSpawned();
  await db.$disconnect();
  await server.close();
});

async function sageMakerTeam(url: string): Promise<TeamFixture> {
  const team = await seed({ url }).createTeam({ defaultBackend: 'SAGEMAKER' });
  await team.call('mutation($i: UpdateTeamAwsSettingsInput!) { updateTeamAwsSettings(input: $i) { id } }', {
    i: { region: 'us-east-1', executionRoleArn: ROLE, endpointUrl: server.endpoint, s3EndpointUrl: server.s3Endpoint },
  });
  return team;
}

const VIOLATIONS = 'subscription { violationDetected { eventId violationId featureName scheduleId } }';
const FEATURES = ['age', 'income', 'plan'];

/** `n` one-time schedules whose runs complete with one violation per feature. */
async function workload(team: TeamFixture, n: number): Promise<string[]> {
  const m = await team.createMonitor('DATA_QUALITY');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${m.name}-run-${i}`;
    server.fixtures.setDefaultOutcome(teamScopedName(team.id, name), {
      status: 'CompletedWithViolations',
      violations: FEATURES.map((f) => ({ feature_name: f, constraint_check_type: 'baseline_drift_check', description: `${f} drifted` })),
    });
    ids.push((await team.createSchedule(m.id, { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }, name)).id);
  }
  return ids;
}

async function until(what: string, check: () => Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const distinct = (got: any[]) => new Set(got.map((r) => r.data.violationDetected.eventId)).size;

it('two gateways and a worker killed mid-sync: every violation stored once and pushed once to subscribers on both gateways', async () => {
  const [g1, g2] = await Promise.all([spawnGateway(env), spawnGateway(env)]);
  const team = await sageMakerTeam(g1.url);
  const other = await sageMakerTeam(g1.url);
  const on1 = collect(ws.connect(g1.url, team.adminKey), VIOLATIONS);
  const on2 = collect(ws.connect(g2.url, team.adminKey), VIOLATIONS);
  const stranger = collect(ws.connect(g2.url, other.adminKey), VIOLATIONS);
  await Promise.all([on1.acked, on2.acked, stranger.acked]);
  await new Promise((r) => setTimeout(r, 200));
  const bot = await startTarget(() => 200);
  const strangerBot = await startTarget(() => 200);
  targets.push(bot, strangerBot);
  const hook = `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }`;
  const { secret } = (await team.call(hook, { i: { name: 'bot', url: bot.url, eventTypes: ['VIOLATION_DETECTED'] } }))['createWebhook'];
  await other.call(hook, { i: { name: 'bot', url: strangerBot.url, eventTypes: ['VIOLATION_DETECTED'] } });

  const schedules = await workload(team, 12);
  const expected = schedules.length * FEATURES.length;
  // Kill the worker three times while it syncs, each time after it has stored something new.
  let kills = 0;
  for (; kills < 3; kills++) {
    const before = await db.violation.count({ where: { teamId: team.id } });
    if (before === expected) break;
    const w = await spawnWorker(env);
    await until('progress before the kill', async () => (await db.violation.count({ where: { teamId: team.id } })) > before || (await db.execution.count({ where: { teamId: team.id } })) > 0, 120_000);
    await new Promise((r) => setTimeout(r, 150 + Math.random() * 400));
    await w.kill();
  }
  const last = await spawnWorker(env);
  await until('every violation stored', async () => (await db.violation.count({ where: { teamId: team.id } })) === expected);
  await Promise.all([on1.until(expected, 30_000), on2.until(expected, 30_000)]);
  const acked = () => new Set(bot.received.filter((r) => r.status < 300).map((r) => r.headers['x-mmg-event-id'])).size;
  for (let i = 0; i < 450 && acked() < expected; i++) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 2000)); // more poll cycles: nothing new may arrive

  expect(await db.violation.count({ where: { teamId: team.id } })).toBe(expected);
  expect(await db.outboxEvent.count({ where: { teamId: team.id, type: 'VIOLATION_DETECTED' } })).toBe(expected);
  for (const sub of [on1, on2]) {
    expect(sub.got).toHaveLength(expected); // none lost, none twice
    expect(distinct(sub.got)).toBe(expected);
  }
  expect(stranger.got).toHaveLength(0);
  // The webhook: every violation acknowledged, fanned out once, signed; another team's bot hears nothing.
  const hooks = webhookFigures(bot, secret);
  expect(hooks).toMatchObject({ delivered: expected, doubleFanOut: 0, badSignatures: 0 });
  // At most the POSTs in flight when a worker was killed (sent, not yet recorded): WEBHOOK_CONCURRENCY per kill.
  expect(hooks.resent).toBeLessThanOrEqual(kills * config().WEBHOOK_CONCURRENCY);
  expect(strangerBot.received).toHaveLength(0);
  const executions = await db.execution.findMany({ where: { teamId: team.id } });
  expect(executions).toHaveLength(schedules.length);
  expect(executions.every((e) => e.status === 'COMPLETED_WITH_VIOLATIONS')).toBe(true);
  expect(kills).toBeGreaterThanOrEqual(1);

  // Graceful shutdown: SIGTERM lets the worker finish its jobs and exit 0.
  expect(await last.stop()).toBe(0);
});
