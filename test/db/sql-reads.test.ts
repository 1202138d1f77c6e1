// The tables read with SQL (src/README.md, "Reads") return the rows Prisma returns for the
// same question, by pool and inside a transaction, and page after a cursor as Prisma
// orders them. Their column lists (Columns in src/db/sql.ts) name exactly a model's
// fields: the `@ts-expect-error` lines below are compile errors, checked by tsc and ts-jest.
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { Columns } from '../../src/db/sql.js';
import { Prisma, type Monitor, type Schedule } from '../../src/generated/prisma/client.js';
import type { Cursor, Page } from '../../src/shared/pagination.js';
import { listAuditEvents } from '../../src/storage/audit.js';
import { baselineStorage } from '../../src/storage/baselines.js';
import { metricStorage } from '../../src/storage/metric-series.js';
import { reconcileStorage } from '../../src/storage/reconcile.js';
import { scheduleStorage } from '../../src/storage/schedules.js';
import { tenancyStorage } from '../../src/storage/tenancy.js';
import { webhookStorage } from '../../src/storage/webhooks.js';
import { seedTeamData, type SeedResult } from '../../scripts/bench/seed.js';

describe('Columns', () => {
  it('takes exactly the fields of its row type', () => {
    const schedule = new Columns<Schedule>(Prisma.ScheduleScalarFieldEnum, ['status']);
    expect([...schedule.names].sort()).toEqual(Object.keys(Prisma.ScheduleScalarFieldEnum).sort());

    const withoutName = { ...Prisma.MonitorScalarFieldEnum } as Omit<typeof Prisma.MonitorScalarFieldEnum, 'name'>;
    // @ts-expect-error a Monitor column list without "name": a field added to the model and not to the list
    expect(() => new Columns<Monitor>(withoutName)).not.toThrow();
    const withExtra = { ...Prisma.MonitorScalarFieldEnum, retired: 'retired' } as const;
    // @ts-expect-error a column that Monitor does not have: a field removed from the model and not from the list
    expect(() => new Columns<Monitor>(withExtra)).not.toThrow();
    // @ts-expect-error another model's columns
    expect(() => new Columns<Schedule>(Prisma.MonitorScalarFieldEnum)).not.toThrow();
    // @ts-expect-error an enum cast of a column the row does not have
    expect(() => new Columns<Schedule>(Prisma.ScheduleScalarFieldEnum, ['type'])).not.toThrow();
  });
});

describe('SQL reads', () => {
  let db: Db;
  let teamId: string;
  let seeded: SeedResult;
  let channelId: string;
  let memberId: string;

  beforeAll(async () => {
    db = createDb({ url: config().DATABASE_URL, poolSize: 2 });
    const team = await db.team.create({ data: { slug: `sql-reads-${Date.now().toString(36)}`, displayName: 'SQL reads' } });
    teamId = team.id;
    seeded = await seedTeamData(db, teamId, { monitors: 3, executionsPerSchedule: 2, violationsPerExecution: 1 });
    const monitorId = seeded.monitorIds[0] as string;
    await db.schedule.create({ data: { teamId, monitorId, name: 'stopped', expression: 'NOW', status: 'STOPPED' } });
    // Every row written at its own time, and two at the same time, so the id breaks a tie.
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i));
    for (const [i, role] of (['ADMIN', 'EDITOR', 'VIEWER'] as const).entries()) {
      const m = await db.member.create({ data: { teamId, email: `m${i}@example.com`, displayName: `M ${i}`, role, createdAt: at(i % 2) } });
      memberId = m.id;
      await db.apiKey.create({ data: { teamId, memberId: m.id, name: `k${i}`, role, prefix: `p${i}`, hash: `sql-reads-${teamId}-${i}`, createdAt: at(i % 2), revokedAt: i === 1 ? at(9) : null } });
    }
    for (let v = 1; v <= 3; v++) {
      await db.baseline.create({
        data: {
          teamId, monitorId, version: v, source: v === 3 ? 'EDITED' : 'SUGGESTED', status: v === 2 ? 'FAILED' : 'COMPLETED', datasetUri: `s3://d/${v}`,
          datasetFormat: { csv: { header: true } }, statistics: { n: v }, constraints: v === 1 ? Prisma.DbNull : { c: [v] }, createdAt: at(v % 2),
        },
      });
    }
    const channel = await db.webhookChannel.create({
      data: { teamId, name: 'c', url: 'https://example.com/h', eventTypes: ['a', 'b'], filter: { monitorId }, format: 'SLACK', secretEncrypted: 'e', secretPrefix: 's' },
    });
    channelId = channel.id;
    await db.webhookChannel.create({ data: { teamId, name: 'd', url: 'https://example.com/d', eventTypes: [], filter: {}, secretEncrypted: 'e', secretPrefix: 's', active: false } });
    for (const [i, status] of (['PENDING', 'DELIVERED', 'FAILED'] as const).entries()) {
      await db.webhookDelivery.create({
        data: { teamId, channelId, eventId: `e${i}`, eventType: 'a', payload: { i }, status, attempts: i, nextAttemptAt: i === 1 ? null : at(i), createdAt: at(i % 2) },
      });
    }
    for (let i = 0; i < 4; i++) {
      await db.auditEvent.create({
        data: { teamId, actor: 'test', action: i % 2 ? 'a.update' : 'a.create', targetType: 'T', targetId: `t${i}`, before: i ? { i } : Prisma.DbNull, requestId: `r${i}`, createdAt: at(4 - i) },
      });
    }
    const executionId = (await db.execution.findFirstOrThrow({ where: { monitorId } })).id;
    await db.metricPoint.createMany({
      data: [0, 1, 2].map((i) => ({ teamId, monitorId, executionId, feature: 'f', metric: `m${i}`, value: i + 0.5, threshold: i ? 1.25 : null, time: at(i) })),
    });
  }, 60_000);

  afterAll(async () => {
    await db.$disconnect();
  });

  /** Every page of a list, one row at a time, after the cursor of the last row read. */
  async function pages<T>(list: (page: Page) => Promise<T[]>, cursorOf: (row: T) => Cursor): Promise<T[]> {
    const all: T[] = [];
    let after: Cursor | null = null;
    for (let n = 0; n < 50; n++) {
      const rows = await list({ take: 2, after });
      all.push(...rows.slice(0, 1));
      if (rows.length < 2) return all;
      after = cursorOf(rows[0] as T);
    }
    throw new Error('the pages do not end');
  }
  const byCreatedAt = (r: { createdAt: Date; id: string }): Cursor => ({ at: r.createdAt, id: r.id });
  const newestFirst = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

  it('Schedule: by id, by monitor, active ones, pages', async () => {
    const all = await db.schedule.findMany({ where: { teamId }, orderBy: newestFirst });
    const one = all[1] as Schedule;
    expect(await scheduleStorage.get(db, teamId, one.id)).toEqual(one);
    expect(await db.$transaction((tx) => scheduleStorage.get(tx, teamId, one.id))).toEqual(one);
    expect(await scheduleStorage.get(db, teamId, seeded.monitorIds[0] as string)).toBeNull();
    expect(await db.$transaction((tx) => scheduleStorage.byMonitor(tx, one.monitorId))).toEqual(all.filter((s) => s.monitorId === one.monitorId));
    expect(await scheduleStorage.activeByMonitors(db, teamId, seeded.monitorIds))
      .toEqual(all.filter((s) => s.status === 'PENDING' || s.status === 'SCHEDULED'));
    expect(await scheduleStorage.pollState(db, one.id)).toEqual({ expression: one.expression, status: one.status });
    expect(await pages((p) => scheduleStorage.list(db, teamId, {}, p), byCreatedAt)).toEqual(all);
    expect(await scheduleStorage.list(db, teamId, { monitorId: one.monitorId, status: one.status }, { take: 10, after: null })).toEqual([one]);
  });

  it('Schedule with its monitor, in pages by id (reconcile)', async () => {
    const all = await db.schedule.findMany({ where: { teamId }, include: { monitor: true }, orderBy: { id: 'asc' } });
    expect(await reconcileStorage.schedulesPage(db, teamId, null, 2)).toEqual(all.slice(0, 2));
    expect(await reconcileStorage.schedulesPage(db, teamId, all[1]!.id, 2)).toEqual(all.slice(2));
    const teams = await reconcileStorage.teamsPage(db, null, 1000);
    expect(teams).toContain(teamId);
    expect(teams).toEqual([...teams].sort());
    expect(await reconcileStorage.teamsPage(db, null, 5, [teamId])).toEqual([teamId]);
  });

  it('Baseline: by id, next version, unfinished, pages', async () => {
    const monitorId = seeded.monitorIds[0] as string;
    const all = await db.baseline.findMany({ where: { teamId, monitorId }, orderBy: newestFirst });
    expect(all).toHaveLength(3);
    for (const b of all) {
      expect(await baselineStorage.get(db, teamId, b.id)).toEqual(b);
      expect(await db.$transaction((tx) => baselineStorage.get(tx, teamId, b.id))).toEqual(b);
    }
    expect(await db.$transaction((tx) => baselineStorage.nextVersion(tx, monitorId))).toBe(4);
    expect(await db.$transaction((tx) => baselineStorage.nextVersion(tx, seeded.monitorIds[1] as string))).toBe(1);
    expect(await pages((p) => baselineStorage.list(db, teamId, monitorId, p), byCreatedAt)).toEqual(all);
    const pending = await db.baseline.create({
      data: { teamId, monitorId, version: 4, source: 'SUGGESTED', status: 'PENDING', datasetUri: 's3://d/4', datasetFormat: {} },
    });
    expect(await baselineStorage.unfinished(db, 100_000)).toContainEqual({ id: pending.id, teamId });
    const failed = await baselineStorage.fail(db, pending.id, 'why');
    expect(failed).toEqual(await db.baseline.findUniqueOrThrow({ where: { id: pending.id } }));
    expect(failed).toMatchObject({ status: 'FAILED', failureReason: 'why', progress: null });
    expect(await baselineStorage.fail(db, pending.id, 'again')).toBeNull();
  });

  it('ApiKey and Member: by id, by ids, pages', async () => {
    const keys = await db.apiKey.findMany({ where: { teamId }, orderBy: newestFirst });
    const members = await db.member.findMany({ where: { teamId }, orderBy: newestFirst });
    expect(keys).toHaveLength(3);
    for (const k of keys) {
      expect(await tenancyStorage.key(db, teamId, k.id)).toEqual(k);
      expect(await db.$transaction((tx) => tenancyStorage.key(tx, teamId, k.id))).toEqual(k);
    }
    for (const m of members) expect(await db.$transaction((tx) => tenancyStorage.member(tx, teamId, m.id))).toEqual(m);
    expect(await tenancyStorage.member(db, teamId, memberId)).toEqual(members.find((m) => m.id === memberId));
    const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(await tenancyStorage.membersByIds(db, teamId, members.map((m) => m.id)))).toEqual(byId(members));
    expect(await pages((p) => tenancyStorage.listKeys(db, teamId, true, p), byCreatedAt)).toEqual(keys);
    expect(await pages((p) => tenancyStorage.listKeys(db, teamId, false, p), byCreatedAt)).toEqual(keys.filter((k) => k.revokedAt === null));
    expect(await pages((p) => tenancyStorage.listMembers(db, teamId, p), byCreatedAt)).toEqual(members);
  });

  it('WebhookChannel and WebhookDelivery: by id, with the channel, due, pages', async () => {
    const channels = await db.webhookChannel.findMany({ where: { teamId }, orderBy: newestFirst });
    const deliveries = await db.webhookDelivery.findMany({ where: { teamId, channelId }, orderBy: newestFirst });
    for (const c of channels) {
      expect(await webhookStorage.get(db, teamId, c.id)).toEqual(c);
      expect(await db.$transaction((tx) => webhookStorage.get(tx, teamId, c.id))).toEqual(c);
    }
    expect(await db.$transaction((tx) => webhookStorage.activeOfTeams(tx, [teamId])))
      .toEqual(channels.filter((c) => c.active).map((c) => ({ id: c.id, teamId: c.teamId, eventTypes: c.eventTypes, filter: c.filter, format: c.format, repeatWindowMinutes: c.repeatWindowMinutes })));
    expect(await pages((p) => webhookStorage.list(db, teamId, p), byCreatedAt)).toEqual(channels);
    for (const d of deliveries) {
      expect(await db.$transaction((tx) => webhookStorage.delivery(tx, teamId, d.id))).toEqual(d);
      expect(await webhookStorage.deliveryWithChannel(db, d.id))
        .toEqual(await db.webhookDelivery.findUnique({ where: { id: d.id }, include: { channel: { select: { url: true, format: true, secretEncrypted: true, active: true } } } }));
    }
    expect(await pages((p) => webhookStorage.deliveries(db, teamId, channelId, null, p), byCreatedAt)).toEqual(deliveries);
    expect(await webhookStorage.deliveries(db, teamId, channelId, 'FAILED', { take: 10, after: null })).toEqual(deliveries.filter((d) => d.status === 'FAILED'));
    const due = (await webhookStorage.due(db, new Date(Date.UTC(2026, 0, 1, 0, 0, 1)), 100_000)).filter((d) => deliveries.some((x) => x.id === d.id));
    expect(due).toEqual(deliveries.filter((d) => d.status === 'PENDING').map((d) => ({ id: d.id, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt })));
  });

  it('AuditEvent: pages by the bigint id alone, with filters', async () => {
    const all = await db.auditEvent.findMany({ where: { teamId }, orderBy: { id: 'desc' } });
    expect(all).toHaveLength(4);
    // The cursor's time is not the order: these rows are newest by id but oldest by createdAt.
    const read = await pages((p) => listAuditEvents(db, teamId, {}, p), (e) => ({ at: new Date(0), id: e.id.toString() }));
    expect(read).toEqual(all);
    expect(typeof read[0]!.id).toBe('bigint');
    expect(await listAuditEvents(db, teamId, { action: 'a.update', from: new Date(Date.UTC(2026, 0, 1, 0, 0, 2)) }, { take: 10, after: null }))
      .toEqual(all.filter((e) => e.action === 'a.update' && e.createdAt >= new Date(Date.UTC(2026, 0, 1, 0, 0, 2))));
  });

  it('MetricPoint: a series and its names', async () => {
    const monitorId = seeded.monitorIds[0] as string;
    const rows = await db.metricPoint.findMany({
      where: { teamId, monitorId, feature: 'f', metric: 'm1' }, orderBy: [{ time: 'asc' }, { id: 'asc' }], select: { time: true, value: true, threshold: true, executionId: true },
    });
    expect(rows).toHaveLength(1);
    const pairs = [{ feature: 'f', metric: 'm1' }, { feature: 'f', metric: 'nope' }, { feature: 'nope', metric: 'm1' }];
    expect(await metricStorage.series(db, { teamId, monitorId, pairs, take: 10 })).toEqual([
      { known: true, featureKnown: true, points: rows }, { known: false, featureKnown: true, points: [] }, { known: false, featureKnown: false, points: [] },
    ]);
    expect((await metricStorage.series(db, { teamId, monitorId, pairs: pairs.slice(0, 1), from: new Date(Date.UTC(2026, 0, 1, 0, 0, 2)), take: 10 }))[0])
      .toEqual({ known: true, featureKnown: true, points: [] });
    expect(await metricStorage.names(db, teamId, monitorId, 2)).toEqual([{ feature: 'f', metric: 'm0' }, { feature: 'f', metric: 'm1' }]);
  });
});
