// The events a sync produces, with ids that are the same however often it runs.
import type { Execution, ExecutionStatus, Monitor, Violation } from '../generated/prisma/client.js';
import type { ExecutionStatusChanged, ViolationDetected } from '../events/types.js';

function common(monitor: Monitor, execution: Execution) {
  return {
    teamId: monitor.teamId,
    monitorId: monitor.id,
    monitorName: monitor.name,
    monitorType: monitor.type,
    endpointName: monitor.endpointName,
    executionId: execution.id,
    scheduleId: execution.scheduleId,
    scheduledTime: execution.scheduledTime.toISOString(),
  };
}

/** The execution's move to `status` (its stored status unless told): one event id per (execution, status). */
function statusChangedEvent(monitor: Monitor, execution: Execution, previousStatus: ExecutionStatus | null, status: ExecutionStatus = execution.status, at = execution.updatedAt): ExecutionStatusChanged {
  const final = status === execution.status;
  return {
    type: 'EXECUTION_STATUS_CHANGED',
    eventId: `execution:${execution.id}:${status}`,
    ...common(monitor, execution),
    occurredAt: at.toISOString(),
    status,
    previousStatus,
    failureReason: final ? execution.failureReason : null,
    reportError: final ? execution.reportError : null,
  };
}

const NOT_STARTED = new Set<ExecutionStatus | null>([null, 'PENDING']);

/**
 * The status changes a sync saw, in order. A run first seen past IN_PROGRESS (it started and
 * ended between two polls) that has a start time also reports its start: IN_PROGRESS at
 * startedAt, then its status. Event ids are per (execution, status), so the outbox keeps
 * each transition once however often the sync runs, and a retried run starts once.
 */
export function statusEvents(monitor: Monitor, execution: Execution, previous: ExecutionStatus | null): ExecutionStatusChanged[] {
  if (previous === execution.status) return [];
  const skippedStart = NOT_STARTED.has(previous) && !NOT_STARTED.has(execution.status) && execution.status !== 'IN_PROGRESS' && execution.startedAt !== null;
  if (!skippedStart) return [statusChangedEvent(monitor, execution, previous)];
  return [statusChangedEvent(monitor, execution, previous, 'IN_PROGRESS', execution.startedAt ?? execution.updatedAt), statusChangedEvent(monitor, execution, 'IN_PROGRESS')];
}

export function violationEvent(monitor: Monitor, execution: Execution, v: Violation): ViolationDetected {
  return {
    type: 'VIOLATION_DETECTED',
    eventId: `violation:${v.id}`,
    ...common(monitor, execution),
    occurredAt: v.createdAt.toISOString(),
    violationId: v.id,
    featureName: v.featureName,
    checkType: v.checkType,
    description: v.description,
    metricName: v.metricName || null,
    facet: v.facet || null,
    facetValue: v.facetValue || null,
    label: v.label || null,
  };
}
