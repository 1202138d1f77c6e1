// The periodic reconcile job: its scheduler follows RECONCILE_INTERVAL_MS (0 removes it),
// and a run reconciles teams as the actor "reconciler", repairing and auditing drift.
import { parseConfig } from '../../src/config.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { RECONCILE_SCHEDULER_ID, ReconcileJob, reconcilePattern, registerReconcileJobs } from '../../src/reconcile/jobs.js';
import { logger } from '../../src/shared/logger.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { testDb } from '../support/db.js';
import { seed } from '../support/seed.js';

let env: TestGateway;
const db = testDb();
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(async () => {
  await db.$disconnect();
  await env.stop();
});

const deps = (intervalMs: number) => ({ reconcile: env.gateway.services.reconcile, intervalMs, log: logger() });

describe('RECONCILE_INTERVAL_MS', () => {
  it('defaults to an hour; 0 turns it off; under a minute is refused', () => {
    expect(parseConfig({}).RECONCILE_INTERVAL_MS).toBe(3_600_000);
    expect(parseConfig({ RECONCILE_INTERVAL_MS: '0' }).RECONCILE_INTERVAL_MS).toBe(0);
    expect(() => parseConfig({ RECONCILE_INTERVAL_MS: '30000' })).toThrow(/RECONCILE_INTERVAL_MS/);
  });

  it('becomes a cron pattern firing about that often', () => {
    expect(reconcilePattern(60_000)).toBe('0 */1 * * * *');
    expect(reconcilePattern(15 * 60_000)).toBe('0 */15 * * * *');
    expect(reconcilePattern(3_600_000)).toBe('0 0 */1 * * *');
    expect(reconcilePattern(6 * 3_600_000)).toBe('0 0 */6 * * *');
    expect(reconcilePattern(3 * 86_400_000)).toBe('0 0 0 * * *');
  });
});

describe('registerReconcileJobs', () => {
  it('keeps one scheduler matching the interval, and removes it with 0', async () => {
    const queue = new InProcessQueue();
    await registerReconcileJobs(queue, deps(3_600_000));
    expect(await queue.getScheduler(RECONCILE_SCHEDULER_ID)).toMatchObject({ pattern: '0 0 */1 * * *', jobName: ReconcileJob.name });
    await registerReconcileJobs(queue, deps(30 * 60_000));
    expect(await queue.getScheduler(RECONCILE_SCHEDULER_ID)).toMatchObject({ pattern: '0 */30 * * * *' });
    await registerReconcileJobs(queue, deps(0));
    expect(await queue.getScheduler(RECONCILE_SCHEDULER_ID)).toBeNull();
  });

  it('a run repairs the drift of the teams it covers as "reconciler"; a clean team gets no audit row', async () => {
    const teams = await Promise.all([seed(env).createTeam(), seed(env).createTeam(), seed(env).createTeam()]);
    const schedules = await Promise.all(teams.map(async (t) => t.createSchedule((await t.createMonitor('DATA_QUALITY')).id, { kind: 'HOURLY' })));
    const [a, b, clean] = teams;
    env.backends.BUILTIN.deleteOutside(schedules[0]!.name);
    env.backends.BUILTIN.changeOutside(schedules[1]!.name, { status: 'STOPPED' });

    const queue = new InProcessQueue();
    await registerReconcileJobs(queue, deps(3_600_000));
    await queue.start();
    await queue.enqueue(ReconcileJob, { repair: true, teamIds: teams.map((t) => t.id) });
    await queue.idle();
    expect(queue.failures).toEqual([]);

    expect(env.backends.BUILTIN.scheduleNamed(schedules[0]!.name)?.status).toBe('SCHEDULED');
    expect(env.backends.BUILTIN.scheduleNamed(schedules[1]!.name)?.status).toBe('SCHEDULED');
    const events = await db.auditEvent.findMany({ where: { teamId: { in: teams.map((t) => t.id) }, actor: 'reconciler' }, orderBy: { id: 'asc' } });
    const byTeam = (id: string) => events.filter((e) => e.teamId === id).map((e) => [e.action, e.targetId]).sort();
    expect(byTeam(a.id)).toEqual([['schedule.reconciled', schedules[0]!.id], ['schedules.reconcile_checked', a.id]]);
    expect(byTeam(b.id)).toEqual([['schedule.reconciled', schedules[1]!.id], ['schedules.reconcile_checked', b.id]]);
    expect(byTeam(clean.id)).toEqual([]);
    expect(events.every((e) => e.actorKeyId === null && e.requestId.startsWith('reconcile-'))).toBe(true);
  });
});
