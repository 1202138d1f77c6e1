// The retention purge on the real PostgreSQL: rows past a team's horizons are deleted in
// batches of at most the batch size, younger rows and rows still in use stay, audit
// events are never deleted, and another team's rows are untouched. Run through the job's
// handler on the in-process queue, as a worker runs it.
import { randomUUID } from 'node:crypto';
import { testDb } from '../support/db.js';
import type { Db } from '../../src/db/client.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { PurgeRetentionJob } from '../../src/jobs/definitions.js';
import { registerRetentionJobs, RETENTION_PATTERN, RETENTION_SCHEDULER_ID } from '../../src/tenancy/retention-jobs.js';
import { horizonsOf, purgeExpired } from '../../src/tenancy/retention.js';
import { violationHourlyStorage } from '../../src/storage/violation-hourly.js';
import { metrics } from '../../src/ops/metrics.js';
import { logger } from '../../src/shared/logger.js';

const db: Db = testDb();
// The teams this file made: their unpublished outbox rows and pending deliveries have no real event in
// their payload, and the run's database is shared, so they go before the other files' relays meet them.
const made: string[] = [];
afterAll(async () => {
  await db.outboxEvent.deleteMany({ where: { teamId: { in: made } } });
  await db.webhookDelivery.deleteMany({ where: { teamId: { in: made } } });
  await db.$disconnect();
});

const DAY = 86_400_000;
const NOW = new Date();
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
/** Ages in days of the rows each team gets: past every default horizon, and inside every one. */
const OLD = [500, 450, 420, 410, 401];
const YOUNG = [1, 5];

async function team(retention: Partial<Record<'retentionExecutionsDays' | 'retentionViolationsDays' | 'retentionMetricPointsDays' | 'retentionWebhookDeliveriesDays' | 'retentionOutboxDays', number>> = {}) {
  const slug = `ret-${randomUUID().slice(0, 8)}`;
  const t = await db.team.create({ data: { slug, displayName: slug, ...retention } });
  made.push(t.id);
  const monitor = await db.monitor.create({ data: { teamId: t.id, name: 'm', type: 'DATA_QUALITY', backend: 'BUILTIN', config: {} } });
  const channel = await db.webhookChannel.create({ data: { teamId: t.id, name: 'c', url: 'https://hooks.example.com/x', eventTypes: [], filter: {}, secretEncrypted: 'x', secretPrefix: 'x' } });
  for (const [i, age] of [...OLD, ...YOUNG].entries()) {
    const at = ago(age);
    const e = await db.execution.create({ data: { teamId: t.id, monitorId: monitor.id, backendExecutionId: `e-${i}`, status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: at, endedAt: at, progress: { phase: 'DONE' } } });
    await db.violation.createMany({ data: ['age', 'plan'].map((f) => ({ teamId: t.id, monitorId: monitor.id, executionId: e.id, featureName: f, checkType: 'data_type_check', description: 'x', createdAt: at })) });
    await db.metricPoint.createMany({ data: ['a', 'b', 'c'].map((m) => ({ teamId: t.id, monitorId: monitor.id, executionId: e.id, feature: 'age', metric: m, value: 1, time: at })) });
    await db.engineExecution.create({ data: { scheduleRef: `s-${t.id}`, teamId: t.id, monitorId: monitor.id, scheduledTime: at, status: 'COMPLETED', progress: { phase: 'DONE' } } });
    // Deliveries: one that ended, one still to be attempted; outbox: one relayed, one not yet.
    await db.webhookDelivery.createMany({ data: [
      { teamId: t.id, channelId: channel.id, eventId: `d-${i}`, eventType: 'x', payload: {}, status: 'DELIVERED', createdAt: at },
      { teamId: t.id, channelId: channel.id, eventId: `p-${i}`, eventType: 'x', payload: {}, status: 'FAILED', createdAt: at },
    ] });
    await db.outboxEvent.createMany({ data: [
      { eventId: randomUUID(), teamId: t.id, type: 'x', payload: {}, createdAt: at, publishedAt: at },
      { eventId: randomUUID(), teamId: t.id, type: 'x', payload: {}, createdAt: at, publishedAt: null },
    ] });
    await db.$executeRaw`INSERT INTO "AuditEvent" ("teamId", "actor", "action", "targetType", "targetId", "requestId", "createdAt") VALUES (${t.id}::uuid, 'test', 'x', 'Team', ${t.id}, 'r', ${at})`;
  }
  await db.$transaction((tx) => violationHourlyStorage.rebuildTeam(tx, t.id));
  return t;
}

async function counts(teamId: string) {
  const where = { where: { teamId } };
  return {
    executions: await db.execution.count(where), violations: await db.violation.count(where), hourly: await db.violationHourly.aggregate({ ...where, _sum: { count: true } }).then((r) => r._sum.count),
    metricPoints: await db.metricPoint.count(where), engineExecutions: await db.engineExecution.count(where), deliveries: await db.webhookDelivery.count(where),
    pendingDeliveries: await db.webhookDelivery.count({ where: { teamId, status: 'FAILED' } }), outbox: await db.outboxEvent.count(where),
    unpublished: await db.outboxEvent.count({ where: { teamId, publishedAt: null } }), audit: await db.auditEvent.count(where),
  };
}

const ROWS = OLD.length + YOUNG.length;

describe('retention purge', () => {
  it('deletes past the default horizons in bounded batches; younger rows, rows in use, audit and another team stay', async () => {
    const a = await team();
    const b = await team({ retentionExecutionsDays: 3650, retentionViolationsDays: 3650, retentionMetricPointsDays: 3650, retentionWebhookDeliveriesDays: 3650, retentionOutboxDays: 3650 });
    const bBefore = await counts(b.id);
    const deletedBefore = (await metrics.retentionDeleted.get()).values.find((v) => v.labels.table === 'MetricPoint')?.value ?? 0;

    const result = await purgeExpired(db, { batchSize: 4, now: NOW, teamIds: [a.id, b.id] });

    // Every default horizon (400, 30, 7 days) is crossed by OLD and not by YOUNG.
    expect(await counts(a.id)).toEqual({
      executions: YOUNG.length, violations: 2 * YOUNG.length, hourly: 2 * YOUNG.length, metricPoints: 3 * YOUNG.length, engineExecutions: YOUNG.length,
      deliveries: YOUNG.length + ROWS, pendingDeliveries: ROWS, outbox: YOUNG.length + ROWS, unpublished: ROWS, audit: ROWS,
    });
    const young = await db.execution.findMany({ where: { teamId: a.id }, orderBy: { scheduledTime: 'desc' } });
    expect(young.map((e) => e.scheduledTime.getTime())).toEqual(YOUNG.map((d) => ago(d).getTime()));
    expect(await counts(b.id)).toEqual(bBefore);

    expect(result.deleted).toEqual({
      MetricPoint: 3 * OLD.length, Violation: 2 * OLD.length, ViolationHourly: expect.any(Number), Execution: OLD.length,
      EngineExecution: OLD.length, WebhookDelivery: OLD.length, OutboxEvent: OLD.length,
    });
    // No statement deleted more than the batch size; full batches were followed by another.
    expect(Math.max(...result.batches)).toBe(4);
    expect(result.batches.reduce((s, n) => s + n, 0)).toBe(Object.values(result.deleted).reduce((s, n) => s + n, 0));
    const after = (await metrics.retentionDeleted.get()).values.find((v) => v.labels.table === 'MetricPoint')?.value ?? 0;
    expect(after - deletedBefore).toBe(3 * OLD.length);

    // A second run finds nothing more.
    const again = await purgeExpired(db, { batchSize: 4, now: NOW, teamIds: [a.id, b.id] });
    expect(Object.values(again.deleted)).toEqual(Object.values(again.deleted).map(() => 0));
  });

  it('honours a team\'s own horizons, at the start of the UTC hour', async () => {
    const a = await team({ retentionExecutionsDays: 7, retentionViolationsDays: 3, retentionMetricPointsDays: 2, retentionWebhookDeliveriesDays: 2, retentionOutboxDays: 1 });
    expect(horizonsOf({ executionsDays: 7, violationsDays: 3, metricPointsDays: 2, webhookDeliveriesDays: 2, outboxDays: 1 }, new Date('2026-03-10T12:34:56Z')).violations)
      .toEqual(new Date('2026-03-07T12:00:00Z'));
    await purgeExpired(db, { batchSize: 1000, now: NOW, teamIds: [a.id] });
    const c = await counts(a.id);
    // Ages 5 and 1 days: the 5-day-old execution stays (7), its violations (3) and points (2) go.
    expect(c).toMatchObject({ executions: 2, violations: 2, hourly: 2, metricPoints: 3, engineExecutions: 2, deliveries: 1 + ROWS, outbox: 1 + ROWS, audit: ROWS });
  });

  it('runs as the daily job on a worker\'s queue, scheduled once', async () => {
    const a = await team();
    const queue = new InProcessQueue();
    await registerRetentionJobs(queue, { db, log: logger() });
    expect(await queue.getScheduler(RETENTION_SCHEDULER_ID)).toMatchObject({ pattern: RETENTION_PATTERN, jobName: PurgeRetentionJob.name });
    await queue.start();
    await queue.enqueue(PurgeRetentionJob, { batchSize: 2, teamIds: [a.id] });
    await queue.close();
    expect(await counts(a.id)).toMatchObject({ executions: YOUNG.length, metricPoints: 3 * YOUNG.length, audit: ROWS });
  });
});
