import { parseNegativeDuration } from '@mmg/engine';
import { MONITOR_TYPES } from '../../src/kernel/monitor-config.js';
import {
  checkAnalysisWindow,
  checkMaxRuntime,
  maxRuntimeLimit,
  parseExpression,
  resolveScheduleSpec,
} from '../../src/kernel/rules/schedule.js';
import { buildScheduleConfig } from '../../src/kernel/schedule-config.js';

const fields = (vs: Array<{ field: string }>) => vs.map((v) => v.field);

describe('schedule expressions (domain.md: hourly, daily at H, every I hours from S, NOW)', () => {
  it.each([
    ['cron(0 * ? * * *)', 1],
    ['cron(0 5 ? * * *)', 24],
    ['cron(0 0/6 ? * * *)', 6],
    ['cron(0 2/12 ? * * *)', 12],
    ['cron(0 23 ? * * *)', 24],
    ['NOW', null],
  ])('parses %s (every %s hours)', (e, every) => expect(parseExpression(e)?.everyHours).toBe(every));
  it.each(['cron(*/5 * ? * * *)', 'cron(0 24 ? * * *)', 'cron(0 0/25 ? * * *)', 'cron(0 0/0 ? * * *)', 'cron(30 * ? * * *)', 'now', 'rate(1 hour)', ''])(
    'refuses %s',
    (e) => expect(parseExpression(e)).toBeNull(),
  );
});

describe('helper kinds → expressions', () => {
  const monitor = { type: 'DATA_QUALITY' as const, maxRuntimeInSeconds: 1800 };
  it('builds the SDK CronExpressionGenerator forms', () => {
    expect(resolveScheduleSpec({ kind: 'HOURLY' }, monitor).spec?.expression).toBe('cron(0 * ? * * *)');
    expect(resolveScheduleSpec({ kind: 'DAILY', hour: 7 }, monitor).spec?.expression).toBe('cron(0 7 ? * * *)');
    expect(resolveScheduleSpec({ kind: 'EVERY_N_HOURS', intervalHours: 6, hour: 2 }, monitor).spec?.expression).toBe('cron(0 2/6 ? * * *)');
    expect(resolveScheduleSpec({ kind: 'EXPRESSION', expression: 'cron(0 3 ? * * *)' }, monitor).spec?.expression).toBe('cron(0 3 ? * * *)');
  });
  it('refuses missing or out-of-range helper arguments', () => {
    expect(fields(resolveScheduleSpec({ kind: 'DAILY' }, monitor).violations)).toEqual(['hour']);
    expect(fields(resolveScheduleSpec({ kind: 'DAILY', hour: 24 }, monitor).violations)).toEqual(['hour']);
    expect(fields(resolveScheduleSpec({ kind: 'EVERY_N_HOURS', intervalHours: 0 }, monitor).violations)).toEqual(['intervalHours']);
    expect(fields(resolveScheduleSpec({ kind: 'EXPRESSION' }, monitor).violations)).toEqual(['expression']);
    expect(fields(resolveScheduleSpec({ kind: 'EXPRESSION', expression: 'x'.repeat(257) }, monitor).violations)).toEqual(['expression']);
  });
});

describe('one-time analysis window', () => {
  it('accepts both times, start before end, at most 24 hours', () => {
    expect(checkAnalysisWindow(true, '-PT2H', '-PT1H')).toEqual([]);
    expect(checkAnalysisWindow(true, '-P1D', '-PT0H')).toEqual([]);
  });
  it('requires both for NOW', () => {
    expect(fields(checkAnalysisWindow(true, undefined, undefined))).toEqual(['dataAnalysisStartTime']);
    expect(fields(checkAnalysisWindow(true, '-PT2H', null))).toEqual(['dataAnalysisEndTime']);
  });
  it('refuses them on cron schedules', () => {
    expect(fields(checkAnalysisWindow(false, '-PT2H', '-PT1H'))).toEqual(['dataAnalysisStartTime']);
    expect(fields(checkAnalysisWindow(false, null, '-PT1H'))).toEqual(['dataAnalysisEndTime']);
  });
  it('refuses malformed, reversed and longer-than-24h windows', () => {
    expect(fields(checkAnalysisWindow(true, 'PT2H', '-PT1H'))).toEqual(['dataAnalysisStartTime']);
    expect(fields(checkAnalysisWindow(true, '-PT1H', '-PT2H'))).toEqual(['dataAnalysisStartTime']);
    expect(fields(checkAnalysisWindow(true, '-PT1H', '-PT1H'))).toEqual(['dataAnalysisStartTime']);
    expect(fields(checkAnalysisWindow(true, '-PT25H', '-PT0H'))).toEqual(['dataAnalysisStartTime']);
    expect(fields(checkAnalysisWindow(true, '-PT2H', '-1H'))).toEqual(['dataAnalysisEndTime']);
  });
});

describe('MaxRuntimeInSeconds within the schedule frequency (seed 003)', () => {
  it('hourly: 3600 for data quality and explainability, 1800 for model quality and bias', () => {
    const hourly = parseExpression('cron(0 * ? * * *)')!;
    expect(maxRuntimeLimit('DATA_QUALITY', hourly)).toBe(3600);
    expect(maxRuntimeLimit('MODEL_EXPLAINABILITY', hourly)).toBe(3600);
    expect(maxRuntimeLimit('MODEL_QUALITY', hourly)).toBe(1800);
    expect(maxRuntimeLimit('MODEL_BIAS', hourly)).toBe(1800);
  });
  it('passes at the limit and fails one second over it', () => {
    expect(checkMaxRuntime('MODEL_QUALITY', 1800, 'cron(0 * ? * * *)')).toEqual([]);
    expect(fields(checkMaxRuntime('MODEL_QUALITY', 1801, 'cron(0 * ? * * *)'))).toEqual(['maxRuntimeInSeconds']);
    expect(checkMaxRuntime('DATA_QUALITY', 3600, 'cron(0 * ? * * *)')).toEqual([]);
    expect(fields(checkMaxRuntime('DATA_QUALITY', 3601, 'cron(0 * ? * * *)'))).toEqual(['maxRuntimeInSeconds']);
  });
  it('longer intervals allow runs up to the interval, capped at 86400; NOW allows the API maximum', () => {
    expect(checkMaxRuntime('DATA_QUALITY', 21_600, 'cron(0 0/6 ? * * *)')).toEqual([]);
    expect(fields(checkMaxRuntime('DATA_QUALITY', 21_601, 'cron(0 0/6 ? * * *)'))).toEqual(['maxRuntimeInSeconds']);
    expect(checkMaxRuntime('MODEL_QUALITY', 7200, 'cron(0 0/2 ? * * *)')).toEqual([]);
    expect(checkMaxRuntime('MODEL_QUALITY', 86_400, 'NOW')).toEqual([]);
  });
  it('only the hourly case is halved (AWS docs): a daily model-quality or bias run may take 86400 s', () => {
    expect(checkMaxRuntime('MODEL_QUALITY', 86_400, 'cron(0 4 ? * * *)')).toEqual([]);
    expect(checkMaxRuntime('MODEL_BIAS', 86_400, 'cron(0 4 ? * * *)')).toEqual([]);
    expect(maxRuntimeLimit('MODEL_BIAS', parseExpression('cron(0 0/12 ? * * *)')!)).toBe(43_200);
    expect(checkMaxRuntime('MODEL_QUALITY', 1801, 'cron(0 * ? * * *)')[0]?.message).toMatch(/within 1800 seconds \(the ground-truth merge job takes the other half of the hour\)/);
  });
  it('is applied when a schedule is resolved for a monitor', () => {
    const r = resolveScheduleSpec({ kind: 'HOURLY' }, { type: 'MODEL_BIAS', maxRuntimeInSeconds: 3600 });
    expect(fields(r.violations)).toEqual(['kind']);
  });
});

describe('one-time schedules for every monitor type (seed 000 regression)', () => {
  it.each(MONITOR_TYPES)('%s: the window reaches ScheduleConfig; without it the schedule is refused', (type) => {
    const monitor = { type, maxRuntimeInSeconds: 1800 };
    const ok = resolveScheduleSpec({ kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }, monitor);
    expect(ok.violations).toEqual([]);
    expect(buildScheduleConfig(ok.spec!)).toEqual({ ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT2H', DataAnalysisEndTime: '-PT1H' });
    const missing = resolveScheduleSpec({ kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H' }, monitor);
    expect(missing.spec).toBeNull();
    expect(missing.violations[0]?.message).toMatch(/Both dataAnalysisStartTime and dataAnalysisEndTime are required/);
  });
  it('cron schedules carry no window in ScheduleConfig', () => {
    const r = resolveScheduleSpec({ kind: 'HOURLY' }, { type: 'DATA_QUALITY', maxRuntimeInSeconds: 1800 });
    expect(buildScheduleConfig(r.spec!)).toEqual({ ScheduleExpression: 'cron(0 * ? * * *)' });
  });
});

describe('negative ISO-8601 durations', () => {
  it.each([
    ['-PT1H', -3_600_000],
    ['-P1D', -86_400_000],
    ['-PT30M', -1_800_000],
    ['-P1DT2H', -93_600_000],
    ['-PT90S', -90_000],
    ['-PT1M30S', -90_000],
    ['-PT0S', -0],
  ])('%s = %d ms', (d, ms) => expect(parseNegativeDuration(d)).toBe(ms));
  it.each(['PT1H', '-P', '-PT', '-P1W', '-PT1.5S', '-PT1S1M', '-P1DT'])('refuses %s', (d) => expect(parseNegativeDuration(d)).toBeNull());
});
