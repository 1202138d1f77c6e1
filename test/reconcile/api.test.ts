// reconcileSchedules through the API with the in-process backend: schedules changed or
// deleted "outside the gateway" are reported, and with repair: true fixed through the
// ordinary backend calls, one audit row per repaired schedule; other teams untouched.
import { AppError, ErrorCode } from '../../src/shared/errors.js';
import { refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { teamRowCounts, testDb } from '../support/db.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { MUTATION_DOCS } from '../api/support-ops.js';

let env: TestGateway;
const db = testDb();
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(async () => {
  await db.$disconnect();
  await env.stop();
});

const RECONCILE = MUTATION_DOCS['reconcileSchedules'] as string;
const reconcile = async (team: TeamFixture, repair?: boolean) => (await team.call(RECONCILE, repair === undefined ? {} : { repair }))['reconcileSchedules'];
const auditOf = (teamId: string, action: string) => db.auditEvent.findMany({ where: { teamId, action }, orderBy: { id: 'asc' } });

async function teamWithSchedules() {
  const team = await seed(env).createTeam();
  const monitor = await team.createMonitor('DATA_QUALITY');
  const hourly = await team.createSchedule(monitor.id, { kind: 'HOURLY' });
  const daily = await team.createSchedule(monitor.id, { kind: 'DAILY', hour: 3 });
  return { team, monitor, hourly, daily };
}

describe('reconcileSchedules', () => {
  it('no drift: checks every schedule, reports nothing, audits the run', async () => {
    const { team } = await teamWithSchedules();
    const r = await reconcile(team);
    expect(r).toEqual({ checked: 2, drifts: [], errors: [] });
    const [checked, ...more] = await auditOf(team.id, 'schedules.reconcile_checked');
    expect(more).toEqual([]);
    expect(checked).toMatchObject({ targetType: 'Team', targetId: team.id, actor: `key:${team.adminKeyId}`, before: null, after: { id: team.id, repair: false, checked: 2, drifts: 0, repaired: 0, errors: 0 } });
  });

  it('a schedule deleted outside: reported without repair (nothing changed), recreated with repair, audited', async () => {
    const { team, hourly, daily } = await teamWithSchedules();
    env.backends.BUILTIN.deleteOutside(hourly.name);
    const before = await db.schedule.findUniqueOrThrow({ where: { id: hourly.id } });

    const report = await reconcile(team, false);
    expect(report.checked).toBe(2);
    expect(report.drifts).toEqual([
      { schedule: { id: hourly.id, name: hourly.name }, kind: 'MISSING_IN_BACKEND', gatewayValue: before.backendRef, backendValue: null, repaired: false, error: null },
    ]);
    expect(env.backends.BUILTIN.scheduleNamed(hourly.name)).toBeUndefined();
    expect(await auditOf(team.id, 'schedule.reconciled')).toEqual([]);

    const calls = env.backends.BUILTIN.calls.length;
    const repaired = await reconcile(team, true);
    expect(repaired.drifts).toEqual([{ ...report.drifts[0], repaired: true }]);
    const again = env.backends.BUILTIN.scheduleNamed(hourly.name);
    expect(again).toMatchObject({ status: 'SCHEDULED', schedule: { spec: { expression: 'cron(0 * ? * * *)' } } });
    const row = await db.schedule.findUniqueOrThrow({ where: { id: hourly.id } });
    expect(row.backendRef).toBe(again?.schedule.backendRef);
    expect(env.backends.BUILTIN.calls.slice(calls).map((c) => `${c.method}:${c.schedule?.name}`).sort()).toEqual(
      [`createSchedule:${hourly.name}`, `describeSchedule:${daily.name}`, `describeSchedule:${hourly.name}`].sort(),
    );
    const [event, ...more] = await auditOf(team.id, 'schedule.reconciled');
    expect(more).toEqual([]);
    expect(event).toMatchObject({ targetType: 'Schedule', targetId: hourly.id, actor: `key:${team.adminKeyId}` });
    expect(event?.before).toMatchObject({ id: hourly.id, backend: null });
    expect(event?.after).toMatchObject({ id: hourly.id, backendRef: row.backendRef, drifts: ['MISSING_IN_BACKEND'], repairs: ['recreate'] });
    // Repaired: the next run finds nothing.
    expect((await reconcile(team, true)).drifts).toEqual([]);
  });

  it('stopped outside → started again; started outside → stopped again; expression changed outside → pushed back', async () => {
    const { team, hourly, daily } = await teamWithSchedules();
    await team.call(MUTATION_DOCS['stopSchedule'] as string, { id: daily.id });
    env.backends.BUILTIN.changeOutside(hourly.name, { status: 'STOPPED', expression: 'cron(0 5 ? * * *)' });
    env.backends.BUILTIN.changeOutside(daily.name, { status: 'SCHEDULED' });

    const r = await reconcile(team, true);
    expect(r.drifts.map((d: any) => [d.schedule.name, d.kind, d.gatewayValue, d.backendValue, d.repaired])).toEqual(
      [
        [hourly.name, 'EXPRESSION_DIFFERS', 'cron(0 * ? * * *)', 'cron(0 5 ? * * *)', true],
        [hourly.name, 'STATUS_DIFFERS', 'SCHEDULED', 'STOPPED', true],
        [daily.name, 'STATUS_DIFFERS', 'STOPPED', 'SCHEDULED', true],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1]))),
    );
    expect(env.backends.BUILTIN.scheduleNamed(hourly.name)).toMatchObject({ status: 'SCHEDULED', schedule: { spec: { expression: 'cron(0 * ? * * *)' } } });
    expect(env.backends.BUILTIN.scheduleNamed(daily.name)?.status).toBe('STOPPED');
    const events = await auditOf(team.id, 'schedule.reconciled');
    expect(events.map((e) => [e.targetId, (e.after as any).repairs]).sort()).toEqual([[daily.id, ['stop']], [hourly.id, ['update', 'start']]].sort());
    // The gateway's rows are the truth: unchanged.
    const rows = await db.schedule.findMany({ where: { teamId: team.id }, orderBy: { name: 'asc' } });
    expect(rows.map((s) => [s.name, s.status, s.expression]).sort()).toEqual([[hourly.name, 'SCHEDULED', 'cron(0 * ? * * *)'], [daily.name, 'STOPPED', 'cron(0 3 ? * * *)']].sort());
  });

  it('a FAILED schedule is created again; a failed repair is reported with its error and the next run repairs it', async () => {
    const { team, hourly, daily } = await teamWithSchedules();
    env.backends.BUILTIN.changeOutside(hourly.name, { status: 'FAILED', failureReason: 'role not assumable' });
    env.backends.BUILTIN.deleteOutside(daily.name);
    env.backends.BUILTIN.failNext('createSchedule', new AppError(ErrorCode.UNAVAILABLE, 'backend down'));
    const r = await reconcile(team, true);
    const byName = Object.fromEntries(r.drifts.map((d: any) => [d.schedule.name, d]));
    // One of the two recreations met the injected failure (describes run concurrently): that one is not repaired.
    const failed = r.drifts.filter((d: any) => !d.repaired);
    expect(failed).toHaveLength(1);
    expect(failed[0].error).toBe('backend down');
    expect(byName[hourly.name]).toMatchObject({ kind: 'STATUS_DIFFERS', backendValue: 'FAILED (role not assumable)' });
    expect(byName[daily.name]).toMatchObject({ kind: 'MISSING_IN_BACKEND' });
    const repairedIds = r.drifts.filter((d: any) => d.repaired).map((d: any) => d.schedule.id);
    expect((await auditOf(team.id, 'schedule.reconciled')).map((e) => e.targetId)).toEqual(repairedIds);
    expect((await auditOf(team.id, 'schedules.reconcile_checked')).at(-1)?.after).toMatchObject({ drifts: 2, repaired: 1 });
    // The next run repairs what is left.
    const next = await reconcile(team, true);
    expect(next.drifts.map((d: any) => [d.schedule.id, d.repaired])).toEqual([[failed[0].schedule.id, true]]);
    expect(env.backends.BUILTIN.scheduleNamed(hourly.name)?.status).toBe('SCHEDULED');
    expect(env.backends.BUILTIN.scheduleNamed(daily.name)?.status).toBe('SCHEDULED');
  });

  it('a schedule the backend cannot describe is listed in errors; the others are still checked', async () => {
    const { team, hourly, daily } = await teamWithSchedules();
    env.backends.BUILTIN.failNext('describeSchedule', new AppError(ErrorCode.UNAVAILABLE, 'throttled'));
    const r = await reconcile(team, true);
    expect(r.checked).toBe(2);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toBe('throttled');
    expect([hourly.id, daily.id]).toContain(r.errors[0].schedule.id);
    expect((await auditOf(team.id, 'schedules.reconcile_checked'))[0]?.after).toMatchObject({ checked: 2, drifts: 0, errors: 1 });
  });

  it('only the caller\'s team: another team\'s drift is neither reported nor repaired, nor are schedules the gateway does not know', async () => {
    const a = await teamWithSchedules();
    const b = await teamWithSchedules();
    env.backends.BUILTIN.deleteOutside(a.hourly.name);
    const aRows = await db.schedule.findMany({ where: { teamId: a.team.id } });
    const aCounts = await teamRowCounts(db, a.team.id);
    const calls = env.backends.BUILTIN.calls.length;
    const r = await reconcile(b.team, true);
    expect(r).toEqual({ checked: 2, drifts: [], errors: [] });
    expect(env.backends.BUILTIN.calls.slice(calls).every((c) => c.monitor.teamId === b.team.id)).toBe(true);
    expect(env.backends.BUILTIN.scheduleNamed(a.hourly.name)).toBeUndefined();
    expect(await db.schedule.findMany({ where: { teamId: a.team.id } })).toEqual(aRows);
    expect(await teamRowCounts(db, a.team.id)).toEqual(aCounts);
  });

  it('VIEWER and EDITOR keys are refused (ADMIN only) and nothing is described or written', async () => {
    const { team, hourly } = await teamWithSchedules();
    env.backends.BUILTIN.deleteOutside(hourly.name);
    const before = await teamRowCounts(db, team.id);
    const calls = env.backends.BUILTIN.calls.length;
    for (const role of ['VIEWER', 'EDITOR'] as const) {
      const key = await team.createKey(role);
      const counts = await teamRowCounts(db, team.id);
      const r = await refused(env.url, key.secret, RECONCILE, { repair: true });
      expect(r).toMatchObject({ code: 'FORBIDDEN' });
      expect(r.message).toMatch(new RegExp(`needs the ADMIN role; this API key has ${role}`));
      expect(await teamRowCounts(db, team.id)).toEqual(counts);
    }
    expect(env.backends.BUILTIN.calls.length).toBe(calls);
    expect(env.backends.BUILTIN.scheduleNamed(hourly.name)).toBeUndefined();
    expect((await teamRowCounts(db, team.id))['schedules']).toBe(before['schedules']);
  });
});
