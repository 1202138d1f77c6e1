import { fireTimesAround, planNextPoll, type PollSettings, type PollState } from '../../src/sync/plan.js';
import { parseExpression } from '../../src/kernel/rules/schedule.js';
import { dispatchPattern } from '../../src/sync/scheduler.js';

const S: PollSettings = { runningMs: 10_000, dueMs: 30_000, dueGraceMs: 20 * 60_000, firstPollDelayMs: 30_000, idleMs: 3_600_000 };
const at = (iso: string) => new Date(iso);
const state = (over: Partial<PollState>): PollState => ({
  now: at('2026-11-22T10:05:00Z'), expression: 'cron(0 * ? * * *)', active: true, running: false, latestScheduledTime: null, ...over,
});
const plan = (over: Partial<PollState>) => {
  const p = planNextPoll(state(over), S);
  return { at: p.nextPollAt.toISOString(), reason: p.reason };
};

describe('fire times', () => {
  it.each([
    ['cron(0 * ? * * *)', '2026-11-22T10:05:00Z', '2026-11-22T10:00:00.000Z', '2026-11-22T11:00:00.000Z'],
    ['cron(0 2 ? * * *)', '2026-11-22T10:05:00Z', '2026-11-22T02:00:00.000Z', '2026-11-23T02:00:00.000Z'],
    ['cron(0 2 ? * * *)', '2026-11-22T01:00:00Z', '2026-11-21T02:00:00.000Z', '2026-11-22T02:00:00.000Z'],
    ['cron(0 1/6 ? * * *)', '2026-11-22T10:05:00Z', '2026-11-22T07:00:00.000Z', '2026-11-22T13:00:00.000Z'],
    ['cron(0 1/6 ? * * *)', '2026-11-22T23:30:00Z', '2026-11-22T19:00:00.000Z', '2026-11-23T01:00:00.000Z'],
    ['cron(0 * ? * * *)', '2026-11-22T10:00:00Z', '2026-11-22T10:00:00.000Z', '2026-11-22T11:00:00.000Z'],
  ])('%s at %s: previous %s, next %s', (expression, now, previous, next) => {
    const f = fireTimesAround(parseExpression(expression)!, at(now))!;
    expect([f.previous.toISOString(), f.next.toISOString()]).toEqual([previous, next]);
  });
});

describe('next poll', () => {
  it('polls soon while an execution is unfinished, whatever the schedule', () => {
    expect(plan({ running: true })).toEqual({ at: '2026-11-22T10:05:10.000Z', reason: 'RUNNING' });
    expect(plan({ running: true, active: false })).toEqual({ at: '2026-11-22T10:05:10.000Z', reason: 'RUNNING' });
  });

  it('keeps polling after a fire time until its execution appears, within the grace period', () => {
    expect(plan({ latestScheduledTime: at('2026-11-22T09:00:00Z') })).toEqual({ at: '2026-11-22T10:05:30.000Z', reason: 'DUE' });
    expect(plan({ latestScheduledTime: null })).toEqual({ at: '2026-11-22T10:05:30.000Z', reason: 'DUE' });
  });

  it('waits for the next fire time once the run was seen (or the grace period is over)', () => {
    expect(plan({ latestScheduledTime: at('2026-11-22T10:00:00Z') })).toEqual({ at: '2026-11-22T11:00:30.000Z', reason: 'DUE' });
    expect(plan({ now: at('2026-11-22T10:40:00Z'), latestScheduledTime: at('2026-11-22T09:00:00Z') })).toEqual({ at: '2026-11-22T11:00:30.000Z', reason: 'DUE' });
  });

  it('falls back to the slow sweep when the next fire time is far', () => {
    expect(plan({ expression: 'cron(0 2 ? * * *)', latestScheduledTime: at('2026-11-22T02:00:00Z') })).toEqual({ at: '2026-11-22T11:05:00.000Z', reason: 'IDLE' });
  });

  it('polls a one-time run until it is seen, then only sweeps', () => {
    expect(plan({ expression: 'NOW' })).toEqual({ at: '2026-11-22T10:05:30.000Z', reason: 'DUE' });
    expect(plan({ expression: 'NOW', latestScheduledTime: at('2026-11-22T10:01:00Z') })).toEqual({ at: '2026-11-22T11:05:00.000Z', reason: 'IDLE' });
  });

  it('only sweeps stopped schedules with nothing running', () => {
    expect(plan({ active: false })).toEqual({ at: '2026-11-22T11:05:00.000Z', reason: 'IDLE' });
  });
});

describe('dispatch scheduler pattern', () => {
  it.each([[5_000, '*/5 * * * * *'], [500, '*/1 * * * * *'], [120_000, '0 */2 * * * *']])('%i ms → %s', (ms, pattern) => {
    expect(dispatchPattern(ms)).toBe(pattern);
  });
});
