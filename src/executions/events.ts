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

export function statusChangedEvent(monitor: Monitor, execution: Execution, previousStatus: ExecutionStatus | null): ExecutionStatusChanged {
  return {
    type: 'EXECUTION_STATUS_CHANGED',
    eventId: `execution:${execution.id}:${execution.status}`,
    ...common(monitor, execution),
    occurredAt: execution.updatedAt.toISOString(),
    status: execution.status,
    previousStatus,
    failureReason: execution.failureReason,
    reportError: execution.reportError,
  };
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
