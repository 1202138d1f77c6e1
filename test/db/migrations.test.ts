// Applies every committed migration to an empty database, then exercises every model
// through the generated client: catches a migration that drifted from schema.prisma.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDatabase, dropDatabase, migrateDatabase, projectRoot } from '../../src/db/admin.js';
import { createDb, type Db } from '../../src/db/client.js';
import { config } from '../../src/config.js';

let url: string;
let db: Db;

beforeAll(async () => {
  const u = new URL(config().DATABASE_URL);
  u.pathname = `/${u.pathname.slice(1)}_m${randomBytes(3).toString('hex')}`;
  url = u.toString();
  await createDatabase(url);
  await migrateDatabase(url);
  db = createDb({ url, poolSize: 2 });
}, 120_000);

afterAll(async () => {
  await db.$disconnect();
  await dropDatabase(url);
});

test('every model round-trips through the client on a freshly migrated database', async () => {
  const team = await db.team.create({ data: { slug: 'm-team', displayName: 'M' } });
  const member = await db.member.create({ data: { teamId: team.id, email: 'a@b.io', displayName: 'A', role: 'EDITOR' } });
  const key = await db.apiKey.create({ data: { teamId: team.id, memberId: member.id, name: 'k', role: 'EDITOR', prefix: 'mmg_x', hash: 'h1' } });
  const monitor = await db.monitor.create({ data: { teamId: team.id, name: 'm', type: 'MODEL_BIAS', backend: 'SAGEMAKER', endpointName: 'ep', config: { a: 1 } } });
  const baseline = await db.baseline.create({
    data: { teamId: team.id, monitorId: monitor.id, version: 1, source: 'SUGGESTED', status: 'COMPLETED', datasetUri: 's3://d', datasetFormat: { csvHeader: true }, statistics: { s: 1 }, constraints: { c: 1 } },
  });
  const schedule = await db.schedule.create({
    data: { teamId: team.id, monitorId: monitor.id, name: 's', expression: 'NOW', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H', status: 'SCHEDULED' },
  });
  const execution = await db.execution.create({
    data: { teamId: team.id, monitorId: monitor.id, scheduleId: schedule.id, backendExecutionId: 'arn:x', status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: new Date() },
  });
  const violation = await db.violation.create({ data: { teamId: team.id, monitorId: monitor.id, executionId: execution.id, featureName: 'age', checkType: 'baseline_drift_check', description: 'd' } });
  const audit = await db.auditEvent.create({ data: { teamId: team.id, actorKeyId: key.id, actor: `key:${key.id}`, action: 'x', targetType: 'T', targetId: 't', after: { ok: true }, requestId: 'r' } });

  const loaded = await db.team.findUniqueOrThrow({
    where: { id: team.id },
    include: { members: true, apiKeys: true, monitors: { include: { baselines: true, schedules: { include: { executions: { include: { violations: true } } } } } }, auditEvents: true },
  });
  expect(loaded.members[0]?.id).toBe(member.id);
  expect(loaded.apiKeys[0]?.memberId).toBe(member.id);
  expect(loaded.monitors[0]?.baselines[0]?.id).toBe(baseline.id);
  expect(loaded.monitors[0]?.schedules[0]?.executions[0]?.violations[0]?.id).toBe(violation.id);
  expect(loaded.auditEvents[0]?.id).toBe(audit.id);

  // Unique keys that make syncs idempotent.
  await expect(db.violation.create({ data: { teamId: team.id, monitorId: monitor.id, executionId: execution.id, featureName: 'age', checkType: 'baseline_drift_check', description: 'again' } })).rejects.toThrow();
  await expect(db.execution.create({ data: { teamId: team.id, monitorId: monitor.id, backendExecutionId: 'arn:x', status: 'PENDING', scheduledTime: new Date() } })).rejects.toThrow();

  // Deleting a schedule keeps its executions (SageMaker keeps history).
  await db.schedule.delete({ where: { id: schedule.id } });
  expect((await db.execution.findUniqueOrThrow({ where: { id: execution.id } })).scheduleId).toBeNull();

  // The audit history is append-only, enforced by the database.
  await expect(db.auditEvent.update({ where: { id: audit.id }, data: { action: 'changed' } })).rejects.toThrow(/append-only/);
  await expect(db.auditEvent.delete({ where: { id: audit.id } })).rejects.toThrow(/append-only/);
  await expect(db.$executeRawUnsafe('TRUNCATE "AuditEvent"')).rejects.toThrow(/append-only/);
});

test('the hourly rollup migration counts the violations stored before it, under their monitor\'s type', async () => {
  // Violations written straight to the table (as before the rollup existed), then the
  // migration's backfill statement run on the freshly migrated database.
  const team = await db.team.create({ data: { slug: 'rollup-team', displayName: 'R' } });
  const monitors = await Promise.all((['DATA_QUALITY', 'MODEL_BIAS'] as const).map((type) =>
    db.monitor.create({ data: { teamId: team.id, name: `m-${type}`, type, backend: 'BUILTIN', endpointName: 'ep', config: {} } })));
  const times = [new Date('2026-11-20T10:00:00.000Z'), new Date('2026-11-20T10:59:59.999Z'), new Date('2026-11-20T11:00:00.000Z')];
  for (const [i, m] of monitors.entries()) {
    const execution = await db.execution.create({ data: { teamId: team.id, monitorId: m.id, backendExecutionId: `b-${i}`, status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: times[0]! } });
    await db.violation.createMany({
      data: times.flatMap((createdAt, j) => ['completeness_check', 'data_type_check'].slice(0, i + 1).map((checkType) => ({
        teamId: team.id, monitorId: m.id, executionId: execution.id, featureName: `f${j}`, checkType, description: 'd', createdAt,
      }))),
    });
  }
  const sql = readFileSync(path.join(projectRoot(), 'prisma/migrations/20261206050000_violation_hourly/migration.sql'), 'utf8');
  const backfill = sql.split(';').map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter((s) => s.startsWith('INSERT INTO "ViolationHourly"'));
  expect(backfill).toHaveLength(1);
  await db.$executeRawUnsafe(backfill[0]!);
  const rows = await db.violationHourly.findMany({ where: { teamId: team.id }, orderBy: [{ hour: 'asc' }, { monitorType: 'asc' }, { checkType: 'asc' }] });
  expect(rows.map((r) => [r.hour.toISOString(), r.monitorType, r.checkType, r.count])).toEqual([
    ['2026-11-20T10:00:00.000Z', 'DATA_QUALITY', 'completeness_check', 2],
    ['2026-11-20T10:00:00.000Z', 'MODEL_BIAS', 'completeness_check', 2],
    ['2026-11-20T10:00:00.000Z', 'MODEL_BIAS', 'data_type_check', 2],
    ['2026-11-20T11:00:00.000Z', 'DATA_QUALITY', 'completeness_check', 1],
    ['2026-11-20T11:00:00.000Z', 'MODEL_BIAS', 'completeness_check', 1],
    ['2026-11-20T11:00:00.000Z', 'MODEL_BIAS', 'data_type_check', 1],
  ]);
});
