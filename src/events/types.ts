// Events pushed to subscribers. Each carries a stable eventId (the same change always
// has the same id), so a receiver that sees an id twice drops the second.
import { z } from 'zod';

const common = {
  eventId: z.string(),
  teamId: z.string(),
  monitorId: z.string(),
  monitorName: z.string(),
  monitorType: z.enum(['DATA_QUALITY', 'MODEL_QUALITY', 'MODEL_BIAS', 'MODEL_EXPLAINABILITY']),
  endpointName: z.string().nullable(),
  executionId: z.string(),
  scheduleId: z.string().nullable(),
  scheduledTime: z.string(),
  occurredAt: z.string(),
};

export const ViolationDetectedSchema = z.object({
  type: z.literal('VIOLATION_DETECTED'),
  ...common,
  violationId: z.string(),
  featureName: z.string(),
  checkType: z.string(),
  description: z.string(),
  // Absent from events written before these fields existed.
  metricName: z.string().nullish(),
  facet: z.string().nullish(),
  facetValue: z.string().nullish(),
  label: z.string().nullish(),
});

export const ExecutionStatusChangedSchema = z.object({
  type: z.literal('EXECUTION_STATUS_CHANGED'),
  ...common,
  status: z.enum(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'COMPLETED_WITH_VIOLATIONS', 'FAILED', 'STOPPING', 'STOPPED']),
  previousStatus: z.enum(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'COMPLETED_WITH_VIOLATIONS', 'FAILED', 'STOPPING', 'STOPPED']).nullable(),
  failureReason: z.string().nullable(),
  /** The run finished but its report could not be read (see Execution.reportError). */
  reportError: z.string().nullish(),
});

/** A key was revoked or a member's role changed: every process forgets its cached keys. */
export const CredentialsChangedSchema = z.object({ type: z.literal('CREDENTIALS_CHANGED'), eventId: z.string(), teamId: z.string() });

/** Trusted documents were removed: every process forgets them from its cache. */
export const TrustedDocumentsRemovedSchema = z.object({ type: z.literal('TRUSTED_DOCUMENTS_REMOVED'), eventId: z.string(), teamId: z.string(), hashes: z.array(z.string()) });

export const GatewayEventSchema = z.discriminatedUnion('type', [ViolationDetectedSchema, ExecutionStatusChangedSchema, CredentialsChangedSchema, TrustedDocumentsRemovedSchema]);

export type ViolationDetected = z.infer<typeof ViolationDetectedSchema>;
export type ExecutionStatusChanged = z.infer<typeof ExecutionStatusChangedSchema>;
export type GatewayEvent = z.infer<typeof GatewayEventSchema>;
