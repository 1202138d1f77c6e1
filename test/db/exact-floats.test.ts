// Baseline documents, the engine's monitor snapshots, metric points and audit snapshots keep every bit of their
// numbers. Through Prisma they did not: its query compiler parses a Json value (and a number
// parameter) again with a float parser that is not correctly rounded (SageMaker's mse threshold
// 0.33364933609800973 came back 0.3336493360980097), so these rows are written with the numbers
// as text (db/sql.ts jsonText, storage/metric-series.ts).
import { randomUUID } from 'node:crypto';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { listAuditEvents, recordAudit } from '../../src/storage/audit.js';
import { baselineStorage } from '../../src/storage/baselines.js';
import { engineSnapshotStorage } from '../../src/storage/engine-snapshots.js';
import { metricStorage } from '../../src/storage/metric-series.js';

/** Each is one ulp from what a parser that is not correctly rounded reads, or its largest value. */
const FLOATS = [0.33364933609800973, 0.30000000000000004, 123456789.12345678, 1.7976931348623157e308, 5e-324, -0.1, 0.03364933609800973, 1 / 3];
const doc = (tag: string) => ({ tag, values: FLOATS, nested: { mse: { threshold: FLOATS[0] } } });
/** The bits of every number, so a one-ulp difference shows (toEqual would also catch it; this says where). */
const bits = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? Buffer.from(new Float64Array([x]).buffer).toString('hex') : x)));

let db: Db;
let teamId: string;
let monitorId: string;

beforeAll(async () => {
  db = createDb({ url: config().DATABASE_URL, poolSize: 2 });
  teamId = (await db.team.create({ data: { slug: `exact-floats-${Date.now().toString(36)}`, displayName: 'Exact floats' } })).id;
  monitorId = (await db.monitor.create({ data: { teamId, name: 'm', type: 'MODEL_QUALITY', backend: 'BUILTIN', config: {} } })).id;
});

afterAll(async () => {
  await db.$disconnect();
});

it('a baseline\'s statistics and constraints, created and updated, read back bit for bit', async () => {
  const created = await db.$transaction((tx) => baselineStorage.create(tx, {
    teamId, monitorId, version: 1, source: 'EDITED', status: 'COMPLETED', datasetUri: 's3://b/d.csv', datasetFormat: {},
    statistics: doc('statistics'), constraints: doc('constraints'),
  }));
  expect(bits(created.statistics)).toEqual(bits(doc('statistics')));
  const read = await baselineStorage.get(db, teamId, created.id);
  expect(bits([read!.statistics, read!.constraints])).toEqual(bits([doc('statistics'), doc('constraints')]));

  const pending = await db.$transaction((tx) => baselineStorage.create(tx, { teamId, monitorId, version: 2, source: 'SUGGESTED', status: 'PENDING', datasetUri: 's3://b/d.csv', datasetFormat: {} }));
  expect([pending.statistics, pending.constraints]).toEqual([null, null]);
  const done = await db.$transaction((tx) => baselineStorage.update(tx, pending.id, { status: 'COMPLETED', statistics: null, constraints: doc('suggested'), progress: null }));
  expect(done).toMatchObject({ status: 'COMPLETED', statistics: null, progress: null });
  expect(bits((await baselineStorage.get(db, teamId, pending.id))!.constraints)).toEqual(bits(doc('suggested')));
  // Prisma reads the same numbers (reading was never the problem).
  expect(bits((await db.baseline.findUniqueOrThrow({ where: { id: pending.id } })).constraints)).toEqual(bits(doc('suggested')));
});

it('the engine\'s schedule and baseline job snapshots read back bit for bit', async () => {
  const ref = `builtin-${randomUUID()}`;
  const snapshot = { monitor: { baseline: doc('schedule') }, schedule: { name: 's' }, expression: 'NOW', scheduleName: 's' };
  await engineSnapshotStorage.createSchedule(db, { ref, teamId, monitorId, ...snapshot });
  expect(bits((await db.engineSchedule.findUniqueOrThrow({ where: { ref } })).monitor)).toEqual(bits(snapshot.monitor));

  expect(await engineSnapshotStorage.saveSchedule(db, ref, { ...snapshot, monitor: { baseline: doc('saved') }, stopped: true })).toBe(1);
  const saved = await db.engineSchedule.findUniqueOrThrow({ where: { ref } });
  expect([saved.stopped, bits(saved.monitor)]).toEqual([true, bits({ baseline: doc('saved') })]);
  expect(await engineSnapshotStorage.saveSchedule(db, ref, snapshot)).toBe(1);
  expect((await db.engineSchedule.findUniqueOrThrow({ where: { ref } })).stopped).toBe(true);
  expect(await engineSnapshotStorage.saveSchedule(db, 'builtin-none', snapshot)).toBe(0);

  const id = await engineSnapshotStorage.createBaselineJob(db, { teamId, monitorId, baselineId: 'b', monitor: { baseline: doc('job') }, request: { v: FLOATS }, outputUri: 's3://o/' });
  const job = await db.engineBaselineJob.findUniqueOrThrow({ where: { id } });
  expect([job.status, bits(job.monitor), bits(job.request)]).toEqual(['PENDING', bits({ baseline: doc('job') }), bits({ v: FLOATS })]);
});

it('metric points\' values and thresholds read back bit for bit; a point stored again is left as it is', async () => {
  const schedule = await db.schedule.create({ data: { teamId, monitorId, name: 'floats', expression: 'cron(0 * ? * * *)', status: 'SCHEDULED' } });
  const execution = await db.execution.create({ data: { teamId, monitorId, scheduleId: schedule.id, backendExecutionId: 'e-floats', status: 'COMPLETED', scheduledTime: new Date('2026-11-22T10:00:00Z') } });
  const time = new Date('2026-11-22T10:00:00.123Z');
  const rows = FLOATS.map((value, i) => ({ teamId, monitorId, executionId: execution.id, feature: `f${i}`, metric: 'm', value, threshold: i % 2 ? null : -value, time }));
  expect(await db.$transaction((tx) => metricStorage.add(tx, rows))).toEqual({ count: FLOATS.length });
  expect(await db.$transaction((tx) => metricStorage.add(tx, [{ ...rows[0]!, value: 1 }]))).toEqual({ count: 0 });
  const stored = await db.metricPoint.findMany({ where: { executionId: execution.id }, orderBy: { feature: 'asc' } });
  expect(bits(stored.map((p) => [p.feature, p.value, p.threshold, p.time]))).toEqual(bits(rows.map((r) => [r.feature, r.value, r.threshold, r.time]).sort()));
});

it('an audit event\'s before and after snapshots read back bit for bit, with the actor and request', async () => {
  const actor = { teamId, role: 'ADMIN' as const, keyId: null, memberId: null, label: 'admin-token', requestId: `req-${randomUUID()}` };
  await db.$transaction((tx) => recordAudit(tx, actor, { action: 'baseline.edit', targetType: 'Baseline', targetId: 'b-floats', before: doc('before'), after: { ...doc('after'), hash: 'secret' } }));
  await db.$transaction((tx) => recordAudit(tx, actor, { action: 'baseline.delete', targetType: 'Baseline', targetId: 'b-floats', before: doc('gone'), after: null }));
  const [deleted, edited] = await listAuditEvents(db, teamId, { targetId: 'b-floats' }, { take: 10, after: null }); // newest first
  expect(edited).toMatchObject({ action: 'baseline.edit', actor: 'admin-token', requestId: actor.requestId, actorKeyId: null });
  // `hash` is redacted from snapshots, as before.
  expect([bits(edited!.before), bits(edited!.after)]).toEqual([bits(doc('before')), bits(doc('after'))]);
  expect(deleted).toMatchObject({ action: 'baseline.delete', after: null });
  expect(bits(deleted!.before)).toEqual(bits(doc('gone')));
});
