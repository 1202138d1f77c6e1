// The pure part of the reconcile job: a gateway Schedule row against what its backend
// has (BackendScheduleState, null when missing) → the drifts, and the backend calls that
// push the gateway's values back. The gateway is the source of truth.
import type { BackendScheduleState } from '../backends/types.js';
import type { Schedule } from '../generated/prisma/client.js';

export type DriftKind = 'MISSING_IN_BACKEND' | 'STATUS_DIFFERS' | 'EXPRESSION_DIFFERS' | 'DEFINITION_DIFFERS';

export interface Drift {
  kind: DriftKind;
  gatewayValue: string | null;
  backendValue: string | null;
}

export type GatewaySchedule = Pick<Schedule, 'status' | 'expression' | 'dataAnalysisStartTime' | 'dataAnalysisEndTime' | 'backendRef'>;

/** `recreate`: (delete what is left, then) createSchedule; `update`: updateSchedule with the row's timing and definition. */
export type RepairStep = 'recreate' | 'update' | 'start' | 'stop';

/** The expression with its one-time analysis window, as the report shows it. */
export function timingOf(s: { expression: string; dataAnalysisStartTime: string | null; dataAnalysisEndTime: string | null }): string {
  const window = s.dataAnalysisStartTime || s.dataAnalysisEndTime ? ` [${s.dataAnalysisStartTime ?? ''}..${s.dataAnalysisEndTime ?? ''}]` : '';
  return `${s.expression}${window}`;
}

/** A backend status the row's status accepts: a running schedule may still be PENDING (SageMaker activates it shortly). */
function statusAgrees(gateway: GatewaySchedule['status'], backend: BackendScheduleState['status']): boolean {
  if (gateway === 'SCHEDULED') return backend === 'SCHEDULED' || backend === 'PENDING';
  if (gateway === 'STOPPED') return backend === 'STOPPED';
  return true; // PENDING / FAILED rows are not settled in the gateway: nothing to push
}

export function compareSchedule(row: GatewaySchedule, state: BackendScheduleState | null): Drift[] {
  // A one-time schedule whose run ended has nothing left to run: repairing it would run it again
  // (SageMaker keeps it Scheduled, and a user may delete it there).
  if (row.status === 'COMPLETED') return [];
  if (!state) return [{ kind: 'MISSING_IN_BACKEND', gatewayValue: row.backendRef, backendValue: null }];
  const drifts: Drift[] = [];
  if (!statusAgrees(row.status, state.status)) {
    const reason = state.failureReason ? ` (${state.failureReason})` : '';
    drifts.push({ kind: 'STATUS_DIFFERS', gatewayValue: row.status, backendValue: `${state.status}${reason}` });
  }
  const gatewayTiming = timingOf(row);
  const backendTiming = timingOf(state);
  if (gatewayTiming !== backendTiming) drifts.push({ kind: 'EXPRESSION_DIFFERS', gatewayValue: gatewayTiming, backendValue: backendTiming });
  if (row.backendRef && state.definitionRef !== row.backendRef) {
    drifts.push({ kind: 'DEFINITION_DIFFERS', gatewayValue: row.backendRef, backendValue: state.definitionRef });
  }
  return drifts;
}

/** The backend calls, in order, that make the backend match the row (none without drift). */
export function repairPlan(row: GatewaySchedule, state: BackendScheduleState | null, drifts: readonly Drift[]): RepairStep[] {
  if (drifts.length === 0) return [];
  // A missing schedule, or one SageMaker gave up on (FAILED cannot be started again), is made anew.
  if (!state || state.status === 'FAILED') return row.status === 'STOPPED' ? ['recreate', 'stop'] : ['recreate'];
  const steps: RepairStep[] = [];
  const update = drifts.some((d) => d.kind === 'EXPRESSION_DIFFERS' || d.kind === 'DEFINITION_DIFFERS');
  if (update) steps.push('update');
  // An update may activate a stopped SageMaker schedule (it becomes PENDING): stop it again after.
  if (row.status === 'STOPPED' && (update || state.status !== 'STOPPED')) steps.push('stop');
  if (row.status === 'SCHEDULED' && state.status === 'STOPPED') steps.push('start');
  return steps;
}
