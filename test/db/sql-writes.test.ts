// The writes of the execution sync that need a condition on other rows or SQL Prisma
// cannot say: a one-time schedule completes only once its run has ended, polls are claimed
// once per lease, and a failure is counted on the poll's row.
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { scheduleStorage } from '../../src/storage/schedules.js';
import { syncStorage } from '../../src/storage/sync.js';

let db: Db;
let teamId: string;
let monitorId: string;

beforeAll(async () => {
  db = createDb({ url: config().DATABASE_URL, poolSize: 2 });
  const team = await db.team.create({ data: { slug: `sql-writes-${Date.now().toString(36)}`, displayName: 'SQL writes' } });
  teamId = team.id;
  monitorId = (await db.monitor.create({ data: { teamId, name: 'm', type: 'DATA_QUALITY', backend: 'BUILTIN', config: {} } })).id;
});

afterAll(async () => {
  await db.$disconnect();
});

let n = 0;
const schedule = (expression: string, status: 'SCHEDULED' | 'STOPPED') =>
  db.schedule.create({ data: { teamId, monitorId, name: `s${n++}`, expression, status } });
const execution = (scheduleId: string, status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED') =>
  db.execution.create({ data: { teamId, monitorId, scheduleId, backendExecutionId: `e${n++}`, status, scheduledTime: new Date() } });

describe('scheduleStorage.completeOneTime', () => {
  it('completes a running NOW schedule once one of its executions has finished, and nothing else', async () => {
    const now = await schedule('NOW', 'SCHEDULED');
    const running = await schedule('NOW', 'SCHEDULED');
    const stopped = await schedule('NOW', 'STOPPED');
    const cron = await schedule('cron(0 * ? * * *)', 'SCHEDULED');
    const idle = await schedule('NOW', 'SCHEDULED');
    await execution(now.id, 'FAILED');
    await execution(running.id, 'IN_PROGRESS');
    await execution(stopped.id, 'COMPLETED');
    await execution(cron.id, 'COMPLETED');
    const done = await Promise.all([now, running, stopped, cron, idle].map((s) => scheduleStorage.completeOneTime(db, s.id)));
    expect(done).toEqual([true, false, false, false, false]);
    const after = await db.schedule.findMany({ where: { id: { in: [now.id, running.id, stopped.id, cron.id, idle.id] } } });
    const statusOf = (id: string) => after.find((s) => s.id === id)?.status;
    expect([now, running, stopped, cron, idle].map((s) => statusOf(s.id))).toEqual(['COMPLETED', 'SCHEDULED', 'STOPPED', 'SCHEDULED', 'SCHEDULED']);
    expect(after.find((s) => s.id === now.id)!.updatedAt.getTime()).toBeGreaterThan(now.updatedAt.getTime());
    expect(await scheduleStorage.completeOneTime(db, now.id)).toBe(false);
  });
});

describe('syncStorage', () => {
  it('claims a due poll once per lease, and records a failure on it', async () => {
    const s = await schedule('cron(0 * ? * * *)', 'SCHEDULED');
    await syncStorage.addMissing(db);
    // Other tests' schedules share the table: claim until ours is among the claimed.
    let claimed = await syncStorage.claimDue(db, 100_000, 60_000);
    const ours = claimed.find((c) => c.scheduleId === s.id);
    expect(ours).toEqual({ scheduleId: s.id, teamId, leaseUntil: expect.any(Date) });
    expect(ours!.leaseUntil.getTime()).toBeGreaterThan(Date.now() + 50_000);
    claimed = await syncStorage.claimDue(db, 100_000, 60_000);
    expect(claimed.some((c) => c.scheduleId === s.id)).toBe(false);

    const nextPollAt = new Date(Date.now() + 5_000);
    await syncStorage.recordFailure(db, s.id, { error: 'x'.repeat(3000), nextPollAt });
    await syncStorage.recordFailure(db, s.id, { error: 'again', nextPollAt });
    const poll = await db.schedulePoll.findUniqueOrThrow({ where: { scheduleId: s.id } });
    expect(poll).toMatchObject({ failures: 2, lastError: 'again', reason: 'RETRY', nextPollAt, lastPolledAt: expect.any(Date) });
    await syncStorage.recordFailure(db, s.id, { error: 'y'.repeat(3000), nextPollAt });
    expect((await db.schedulePoll.findUniqueOrThrow({ where: { scheduleId: s.id } })).lastError).toBe('y'.repeat(2000));

    await syncStorage.recordSuccess(db, s.id, { cursor: new Date(Date.UTC(2026, 0, 2)), nextPollAt, reason: 'IDLE' });
    await syncStorage.recordSuccess(db, s.id, { cursor: new Date(Date.UTC(2026, 0, 1)), nextPollAt, reason: 'IDLE' });
    expect(await syncStorage.get(db, s.id)).toEqual({ scheduleId: s.id, teamId, cursor: new Date(Date.UTC(2026, 0, 2)), failures: 0 });
  });
});
