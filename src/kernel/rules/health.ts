// A monitor's health (graphql/monitors.graphql, MonitorHealth): what its newest finished
// execution says, and since when it has said so. Pure: the executions sync keeps the
// Monitor row's health columns with it (storage/monitors.ts recordHealth), in the
// transaction that stores each finished execution.

export type HealthStatus = 'OK' | 'VIOLATING' | 'FAILING' | 'NO_DATA' | 'PENDING';
type ExecutionStatus = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'COMPLETED_WITH_VIOLATIONS' | 'FAILED' | 'STOPPING' | 'STOPPED';

/**
 * How the backends word a run that failed because its inputs held no data: SageMaker's
 * "Job inputs had no data" (also the local SageMaker server's), and the built-in engine's
 * empty capture window (src/engine/backend/analyze.ts), both with and without records.
 */
const NO_DATA_REASONS: readonly RegExp[] = [/^Job inputs had no data\b/i, /^no captured data in window\b/, /^no usable records in window\b/];

/** Whether a FAILED run's reason says that its inputs had no data. */
export function isNoDataFailure(failureReason: string | null): boolean {
  return failureReason !== null && NO_DATA_REASONS.some((r) => r.test(failureReason.trim()));
}

/**
 * The health a finished execution gives its monitor; null for one not finished (it says
 * nothing yet). STOPPED counts as FAILING: the run produced no analysis.
 */
export function healthOf(status: ExecutionStatus, failureReason: string | null): Exclude<HealthStatus, 'PENDING'> | null {
  switch (status) {
    case 'COMPLETED':
      return 'OK';
    case 'COMPLETED_WITH_VIOLATIONS':
      return 'VIOLATING';
    case 'FAILED':
      return isNoDataFailure(failureReason) ? 'NO_DATA' : 'FAILING';
    case 'STOPPED':
      return 'FAILING';
    default:
      return null;
  }
}

/** A monitor's stored health: the status, since when, and the execution that set it last. */
export interface HealthState {
  status: HealthStatus;
  since: Date | null;
  executionId: string | null;
  scheduledTime: Date | null;
}

export interface FinishedRun {
  id: string;
  status: ExecutionStatus;
  failureReason: string | null;
  scheduledTime: Date;
}

/**
 * The health after `run` was stored, or null when it does not change the state: a run not
 * finished, or older (by scheduled time, then id) than the one the health already follows.
 * A newer run of the same status extends the streak (`since` stays); one of another status
 * starts a new one at its scheduled time. The same run again (its status corrected) keeps
 * `since` when its status is unchanged.
 */
export function nextHealth(current: HealthState, run: FinishedRun): HealthState | null {
  const status = healthOf(run.status, run.failureReason);
  if (status === null) return null;
  const same = current.executionId === run.id;
  if (!same && current.scheduledTime !== null) {
    const t = run.scheduledTime.getTime() - current.scheduledTime.getTime();
    if (t < 0 || (t === 0 && run.id < (current.executionId ?? ''))) return null;
  }
  const continues = status === current.status && current.since !== null;
  return { status, since: continues ? current.since : run.scheduledTime, executionId: run.id, scheduledTime: run.scheduledTime };
}
