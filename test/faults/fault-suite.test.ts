// The fault suite: real processes (two gateways, a worker), a Redis of the test's own
// (AOF on, restarted during the run), this run's PostgreSQL (its connections killed),
// and the local SageMaker server throttling 30% and failing 5% of calls. A steady
// workload of one-time runs produces executions and violations while the worker is
// SIGKILLed 20 times. Afterwards: every execution and violation stored once, every
// subscriber notified once per event, no orphan schedule in the backend, the audit log
// complete. The figures are printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { startLocalSageMaker, type LocalSageMaker } from '@mmg/local-sagemaker';
import { teamScopedName, teamTag } from '../../src/sagemaker/naming.js';
import { killSpawned, spawnGateway, spawnWorker } from '../support/processes.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { collect, wsClients } from '../support/ws.js';
import { gql } from '../support/gateway.js';
import { ROLE } from '../sagemaker/support.js';
import { startTarget, type Target } from '../webhooks/support.js';
import { webhookFigures } from '../support/webhook-check.js';
import { ownRedis } from '../support/redis-server.js';

jest.setTimeout(600_000);

const RUNS = 30;
const FEATURES = ['age', 'income', 'plan'];
const KILLS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: LocalSageMaker;
let db: Db;
const ws = wsClients();
/** Webhook receivers, closed even when an assertion fails first (an open one keeps Jest from exiting). */
const targets: Target[] = [];
const redisDir = mkdtempSync(join(tmpdir(), 'mmg-fault-redis-'));
const redis = ownRedis({ dir: redisDir });

beforeAll(async () => {
  await redis.start();
  server = await startLocalSageMaker({ realtime: true, tickIntervalMs: 100, scheduleActivationMs: 200, startDelayMs: 300, executionRunMs: 2000 });
  server.s3.createBucket('reports');
  db = createDb({ url: config().DATABASE_URL, poolSize: 2 });
});
afterAll(async () => {
  await ws.disposeAll();
  await Promise.all(targets.map((t) => t.close()));
  await killSpawned();
  await server.close();
  await db.$disconnect();
  await redis.stop();
  rmSync(redisDir, { recursive: true, force: true });
});

/** Retries a call that a fault may break; a CONFLICT on retry means the first attempt went through. */
async function persist<T>(what: string, call: () => Promise<T>, alreadyDone?: () => Promise<T | null>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const done = alreadyDone ? await alreadyDone().catch(() => null) : null;
      if (done) return done;
      if (attempt >= 30) throw new Error(`${what} kept failing: ${String(error)}`, { cause: error });
      await sleep(300);
    }
  }
}

it('loses nothing and repeats nothing under worker kills, Redis restarts, dropped connections and backend faults', async () => {
  const env = {
    REDIS_URL: redis.url, REDIS_PREFIX: `fault-${randomBytes(3).toString('hex')}`,
    AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', LOG_LEVEL: 'warn',
    SYNC_INTERVAL_MS: '1000', SYNC_RUNNING_POLL_MS: '500', SYNC_DUE_POLL_MS: '500', SYNC_MAX_TPS: '50',
    SYNC_LEASE_MS: '5000', JOB_LOCK_MS: '2000',
    // A delivery claimed by a killed worker is swept again after its lease (timeout + 10 s).
    WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_SWEEP_INTERVAL_MS: '1000', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const [g1, g2] = await Promise.all([spawnGateway(env), spawnGateway(env)]);
  const team: TeamFixture = await seed({ url: g1.url }).createTeam({ defaultBackend: 'SAGEMAKER' });
  await team.call('mutation($i: UpdateTeamAwsSettingsInput!) { updateTeamAwsSettings(input: $i) { id } }', {
    i: { region: 'us-east-1', executionRoleArn: ROLE, endpointUrl: server.endpoint, s3EndpointUrl: server.s3Endpoint },
  });
  const monitor = await team.createMonitor('DATA_QUALITY');
  const subs = [collect(ws.connect(g1.url, team.adminKey), 'subscription { violationDetected { eventId } }'),
    collect(ws.connect(g2.url, team.adminKey), 'subscription { violationDetected { eventId } }')];
  await Promise.all(subs.map((s) => s.acked));
  await sleep(300);
  // A bot whose endpoint fails one request in ten (retried with backoff).
  const bot = await startTarget((n) => (n % 10 === 3 ? 503 : 200));
  targets.push(bot);
  const { secret } = (await team.call('mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }', {
    i: { name: 'bot', url: bot.url, eventTypes: ['VIOLATION_DETECTED'] },
  }))['createWebhook'];
  server.faults.set({ throttleRate: 0.3, serverErrorRate: 0.05, seed: 7 });

  let worker = await spawnWorker(env);
  const started = Date.now();
  let kills = 0;
  let redisRestarts = 0;
  let pgDrops = 0;
  // Faults, in the background, while the workload runs.
  const faults = (async () => {
    while (kills < KILLS) {
      await sleep(1000 + Math.random() * 2500);
      await worker.kill();
      kills++;
      if (kills % 7 === 3) {
        await redis.restart();
        redisRestarts++;
      }
      if (kills % 7 === 5) {
        await db.$executeRawUnsafe('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
        pgDrops++;
      }
      worker = await spawnWorker(env);
    }
  })();
  const names: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const name = `${monitor.name}-run-${i}`;
    server.fixtures.setDefaultOutcome(teamScopedName(team.id, name), {
      status: 'CompletedWithViolations',
      violations: FEATURES.map((f) => ({ feature_name: f, constraint_check_type: 'baseline_drift_check', description: `${f} drifted` })),
    });
    const created = async () => (await db.schedule.findFirst({ where: { teamId: team.id, name } })) ?? null;
    await persist(`createSchedule ${name}`, async () => {
      const r = await gql(g1.url, team.adminKey, 'mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }', {
        i: { monitorId: monitor.id, name, spec: { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' } },
      });
      if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
      return r.data;
    }, created);
    names.push(name);
    await sleep(1500);
  }
  await faults;
  const lastFault = Date.now();
  server.faults.set({ throttleRate: 0, serverErrorRate: 0 });

  const expected = RUNS * FEATURES.length;
  const deadline = Date.now() + 240_000;
  const stored = () => db.violation.count({ where: { teamId: team.id } });
  const acked = () => webhookFigures(bot, secret).delivered;
  while ((await stored()) < expected || subs.some((s) => s.got.length < expected) || acked() < expected) {
    if (Date.now() > deadline) break;
    await sleep(500);
  }
  const recoveryMs = Date.now() - lastFault;
  await sleep(3000); // more cycles: nothing new may arrive

  const backendViolations = server.state.executions().filter((e) => names.some((n) => teamScopedName(team.id, n) === e.scheduleName) && e.status === 'CompletedWithViolations').length * FEATURES.length;
  const delivered = subs.map((s) => s.got.map((r) => r.data.violationDetected.eventId as string));
  const figures = {
    runs: RUNS, worker_kills: kills, redis_restarts: redisRestarts, postgres_connection_drops: pgDrops,
    backend_faults: { throttled: server.faults.stats.throttled, server_errors: server.faults.stats.serverErrors }, events_generated: backendViolations, stored: await stored(),
    delivered_per_subscriber: delivered.map((d) => new Set(d).size), duplicates: delivered.map((d) => d.length - new Set(d).size),
    lost_per_subscriber: delivered.map((d) => expected - new Set(d).size), webhook: webhookFigures(bot, secret),
    webhook_posts: bot.received.length, recovery_ms: recoveryMs, duration_ms: Date.now() - started,
  };
  process.stdout.write(`fault suite figures: ${JSON.stringify(figures)}\n`);

  expect(backendViolations).toBe(expected);
  expect(figures.stored).toBe(expected);
  expect(await db.execution.count({ where: { teamId: team.id } })).toBe(RUNS);
  expect(await db.outboxEvent.count({ where: { teamId: team.id, type: 'VIOLATION_DETECTED' } })).toBe(expected);
  expect(figures.duplicates).toEqual([0, 0]);
  expect(figures.lost_per_subscriber).toEqual([0, 0]);
  expect(figures.webhook).toMatchObject({ delivered: expected, doubleFanOut: 0, badSignatures: 0 });
  // At-least-once over HTTP (receivers dedupe on x-mmg-event-id): at most the POSTs in flight at each kill.
  expect(figures.webhook.resent).toBeLessThanOrEqual(kills * config().WEBHOOK_CONCURRENCY);
  // No orphan: every schedule the backend has for this monitor is one the gateway knows, and back.
  const rows = await db.schedule.findMany({ where: { teamId: team.id }, select: { name: true, backendName: true } });
  const gatewaySchedules = rows.map((s) => s.name).sort();
  const backendSchedules = server.state.schedules().map((s) => s.name).filter((n) => n.startsWith(`${teamTag(team.id)}-${monitor.name}`)).sort();
  expect(backendSchedules).toEqual(rows.map((s) => s.backendName ?? s.name).sort());
  expect(gatewaySchedules).toEqual([...names].sort());
  // The audit log has one creation per schedule.
  expect(await db.auditEvent.count({ where: { teamId: team.id, targetType: 'Schedule', action: 'schedule.create' } })).toBe(RUNS);
  expect(kills).toBe(KILLS);
});
