import { healthOf, isNoDataFailure, nextHealth, type HealthState } from '../../src/kernel/rules/health.js';
import { earliestNextRun, nextRunAfter, nextRunOf } from '../../src/kernel/rules/next-run.js';

const at = (h: number, m = 0) => new Date(Date.UTC(2026, 10, 22, h, m));
const PENDING: HealthState = { status: 'PENDING', since: null, executionId: null, scheduledTime: null };
const run = (id: string, h: number, status: Parameters<typeof healthOf>[0], failureReason: string | null = null) => ({ id, status, failureReason, scheduledTime: at(h) });

describe('monitor health', () => {
  it('classifies finished executions; unfinished ones say nothing', () => {
    expect(healthOf('COMPLETED', null)).toBe('OK');
    expect(healthOf('COMPLETED_WITH_VIOLATIONS', null)).toBe('VIOLATING');
    expect(healthOf('FAILED', 'Job inputs had no data')).toBe('NO_DATA');
    expect(healthOf('FAILED', 'Job inputs had no data: no captured data between 2026-11-22T01:00Z and 02:00Z under s3://x')).toBe('NO_DATA');
    expect(healthOf('FAILED', 'no captured data in window 01:00-02:00 under s3://capture/ep (no objects in its hour partitions yyyy/mm/dd/hh/)')).toBe('NO_DATA');
    expect(healthOf('FAILED', 'no usable records in window 01:00-02:00 under s3://capture/ep (3 objects, 0 records in the window)')).toBe('NO_DATA');
    expect(healthOf('FAILED', 'AlgorithmError: the container exited')).toBe('FAILING');
    expect(healthOf('FAILED', null)).toBe('FAILING');
    expect(healthOf('STOPPED', null)).toBe('FAILING');
    for (const s of ['PENDING', 'IN_PROGRESS', 'STOPPING'] as const) expect(healthOf(s, null)).toBeNull();
    expect(isNoDataFailure('input not found for window 01:00-02:00: no data')).toBe(false);
  });

  it('starts a streak on a change of status and extends it on the same status', () => {
    const ok1 = nextHealth(PENDING, run('a', 1, 'COMPLETED'))!;
    expect(ok1).toEqual({ status: 'OK', since: at(1), executionId: 'a', scheduledTime: at(1) });
    const ok2 = nextHealth(ok1, run('b', 2, 'COMPLETED'))!;
    expect(ok2).toEqual({ status: 'OK', since: at(1), executionId: 'b', scheduledTime: at(2) });
    const bad = nextHealth(ok2, run('c', 3, 'FAILED', 'Job inputs had no data'))!;
    expect(bad).toEqual({ status: 'NO_DATA', since: at(3), executionId: 'c', scheduledTime: at(3) });
    expect(nextHealth(bad, run('d', 4, 'FAILED', 'boom'))).toEqual({ status: 'FAILING', since: at(4), executionId: 'd', scheduledTime: at(4) });
  });

  it('ignores an older execution arriving after a newer one, and unfinished ones', () => {
    const state: HealthState = { status: 'VIOLATING', since: at(3), executionId: 'c', scheduledTime: at(4) };
    expect(nextHealth(state, run('old', 2, 'COMPLETED'))).toBeNull();
    expect(nextHealth(state, run('z', 5, 'IN_PROGRESS'))).toBeNull();
    // the same execution corrected keeps its streak when its status is the same
    expect(nextHealth(state, run('c', 4, 'COMPLETED_WITH_VIOLATIONS'))).toEqual(state);
  });
});

describe('next run of a schedule', () => {
  it('follows the cron expression, strictly after now, in UTC', () => {
    expect(nextRunAfter('cron(0 * ? * * *)', at(10, 15))).toEqual(at(11));
    expect(nextRunAfter('cron(0 * ? * * *)', at(10))).toEqual(at(11));
    expect(nextRunAfter('cron(0 8 ? * * *)', at(10))).toEqual(new Date(Date.UTC(2026, 10, 23, 8)));
    expect(nextRunAfter('cron(0 8 ? * * *)', at(7, 59))).toEqual(at(8));
    expect(nextRunAfter('cron(0 2/6 ? * * *)', at(9))).toEqual(at(14));
    expect(nextRunAfter('cron(0 2/6 ? * * *)', at(20, 30))).toEqual(new Date(Date.UTC(2026, 10, 23, 2)));
    expect(nextRunAfter('NOW', at(1))).toBeNull();
    expect(nextRunAfter('cron(0/5 * ? * * *)', at(1))).toBeNull();
  });

  it('is null for a schedule that no longer runs, and the earliest of several', () => {
    expect(nextRunOf({ expression: 'cron(0 * ? * * *)', status: 'STOPPED' }, at(1))).toBeNull();
    expect(nextRunOf({ expression: 'cron(0 * ? * * *)', status: 'PENDING' }, at(1))).toEqual(at(2));
    expect(earliestNextRun([
      { expression: 'cron(0 8 ? * * *)', status: 'SCHEDULED' },
      { expression: 'cron(0 3/4 ? * * *)', status: 'SCHEDULED' },
      { expression: 'cron(0 * ? * * *)', status: 'COMPLETED' },
    ], at(4))).toEqual(at(7));
    expect(earliestNextRun([{ expression: 'NOW', status: 'SCHEDULED' }], at(4))).toBeNull();
  });
});
