// The pure comparison of a gateway schedule with its backend state, and the repair plan.
import type { BackendScheduleState } from '../../src/backends/types.js';
import { compareSchedule, repairPlan, timingOf, type GatewaySchedule } from '../../src/reconcile/compare.js';

const HOURLY = 'cron(0 * ? * * *)';
const row = (over: Partial<GatewaySchedule> = {}): GatewaySchedule => ({
  status: 'SCHEDULED', expression: HOURLY, dataAnalysisStartTime: null, dataAnalysisEndTime: null, backendRef: 'def-1', ...over,
});
const state = (over: Partial<BackendScheduleState> = {}): BackendScheduleState => ({
  status: 'SCHEDULED', expression: HOURLY, dataAnalysisStartTime: null, dataAnalysisEndTime: null, definitionRef: 'def-1', failureReason: null, ...over,
});

describe('compareSchedule', () => {
  it('finds nothing when the backend has what the gateway has', () => {
    expect(compareSchedule(row(), state())).toEqual([]);
    expect(compareSchedule(row({ status: 'STOPPED' }), state({ status: 'STOPPED' }))).toEqual([]);
  });

  it('accepts a running schedule SageMaker has not activated yet (PENDING)', () => {
    expect(compareSchedule(row(), state({ status: 'PENDING' }))).toEqual([]);
  });

  it('MISSING_IN_BACKEND when the backend has no such schedule (and nothing else)', () => {
    expect(compareSchedule(row(), null)).toEqual([{ kind: 'MISSING_IN_BACKEND', gatewayValue: 'def-1', backendValue: null }]);
  });

  it('STATUS_DIFFERS: stopped in the console, started outside, or FAILED with its reason', () => {
    expect(compareSchedule(row(), state({ status: 'STOPPED' }))).toEqual([{ kind: 'STATUS_DIFFERS', gatewayValue: 'SCHEDULED', backendValue: 'STOPPED' }]);
    expect(compareSchedule(row({ status: 'STOPPED' }), state({ status: 'PENDING' }))).toEqual([{ kind: 'STATUS_DIFFERS', gatewayValue: 'STOPPED', backendValue: 'PENDING' }]);
    expect(compareSchedule(row(), state({ status: 'FAILED', failureReason: 'role not assumable' }))).toEqual([
      { kind: 'STATUS_DIFFERS', gatewayValue: 'SCHEDULED', backendValue: 'FAILED (role not assumable)' },
    ]);
  });

  it('does not push a status the gateway has not settled (PENDING / FAILED rows)', () => {
    expect(compareSchedule(row({ status: 'PENDING' }), state({ status: 'STOPPED' }))).toEqual([]);
    expect(compareSchedule(row({ status: 'FAILED' }), state({ status: 'SCHEDULED' }))).toEqual([]);
  });

  it('leaves a COMPLETED one-time schedule alone: SageMaker keeps it Scheduled, and recreating it would run it again', () => {
    const once = row({ status: 'COMPLETED', expression: 'NOW', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' });
    expect(compareSchedule(once, state({ expression: 'NOW', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }))).toEqual([]);
    expect(compareSchedule(once, null)).toEqual([]);
  });

  it('EXPRESSION_DIFFERS for another expression or another one-time window', () => {
    expect(compareSchedule(row(), state({ expression: 'cron(0 3 ? * * *)' }))).toEqual([
      { kind: 'EXPRESSION_DIFFERS', gatewayValue: HOURLY, backendValue: 'cron(0 3 ? * * *)' },
    ]);
    const once = row({ expression: 'NOW', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' });
    expect(compareSchedule(once, state({ expression: 'NOW', dataAnalysisStartTime: '-PT3H', dataAnalysisEndTime: '-PT1H' }))).toEqual([
      { kind: 'EXPRESSION_DIFFERS', gatewayValue: 'NOW [-PT2H..-PT1H]', backendValue: 'NOW [-PT3H..-PT1H]' },
    ]);
    expect(compareSchedule(once, state({ expression: 'NOW', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }))).toEqual([]);
  });

  it('DEFINITION_DIFFERS when the backend runs another definition; no ref in the gateway compares nothing', () => {
    expect(compareSchedule(row(), state({ definitionRef: 'someone-elses' }))).toEqual([{ kind: 'DEFINITION_DIFFERS', gatewayValue: 'def-1', backendValue: 'someone-elses' }]);
    expect(compareSchedule(row(), state({ definitionRef: null }))).toEqual([{ kind: 'DEFINITION_DIFFERS', gatewayValue: 'def-1', backendValue: null }]);
    expect(compareSchedule(row({ backendRef: null }), state({ definitionRef: 'x' }))).toEqual([]);
  });

  it('reports every difference at once', () => {
    const kinds = compareSchedule(row(), state({ status: 'STOPPED', expression: 'cron(0 1 ? * * *)', definitionRef: 'other' })).map((d) => d.kind);
    expect(kinds).toEqual(['STATUS_DIFFERS', 'EXPRESSION_DIFFERS', 'DEFINITION_DIFFERS']);
  });

  it('timingOf shows the window only when there is one', () => {
    expect(timingOf({ expression: HOURLY, dataAnalysisStartTime: null, dataAnalysisEndTime: null })).toBe(HOURLY);
    expect(timingOf({ expression: 'NOW', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' })).toBe('NOW [-PT2H..-PT1H]');
  });
});

describe('repairPlan', () => {
  const plan = (r: GatewaySchedule, s: BackendScheduleState | null) => repairPlan(r, s, compareSchedule(r, s));

  it('nothing to do without drift', () => {
    expect(plan(row(), state())).toEqual([]);
  });

  it('recreates a missing schedule, stopping it again when the gateway has it stopped', () => {
    expect(plan(row(), null)).toEqual(['recreate']);
    expect(plan(row({ status: 'STOPPED' }), null)).toEqual(['recreate', 'stop']);
  });

  it('recreates a FAILED schedule (it cannot be started again)', () => {
    expect(plan(row(), state({ status: 'FAILED' }))).toEqual(['recreate']);
    expect(plan(row({ status: 'STOPPED' }), state({ status: 'FAILED' }))).toEqual(['recreate', 'stop']);
  });

  it('starts a schedule stopped outside, stops one started outside', () => {
    expect(plan(row(), state({ status: 'STOPPED' }))).toEqual(['start']);
    expect(plan(row({ status: 'STOPPED' }), state({ status: 'SCHEDULED' }))).toEqual(['stop']);
  });

  it('pushes the timing and definition back with one update, then the status', () => {
    expect(plan(row(), state({ expression: 'cron(0 1 ? * * *)' }))).toEqual(['update']);
    expect(plan(row(), state({ definitionRef: 'other' }))).toEqual(['update']);
    expect(plan(row(), state({ expression: 'cron(0 1 ? * * *)', status: 'STOPPED' }))).toEqual(['update', 'start']);
    // An update may activate a stopped SageMaker schedule: a stopped one is stopped again.
    expect(plan(row({ status: 'STOPPED' }), state({ status: 'STOPPED', expression: 'cron(0 1 ? * * *)' }))).toEqual(['update', 'stop']);
  });
});
