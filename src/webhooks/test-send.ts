// testWebhook: one signed POST of a sample event, now, answered to the caller. The request is
// built and sent by the code of real deliveries (signedRequest, send: same body format,
// headers, signature and address checks); nothing is stored but the audit entry.
import { randomUUID } from 'node:crypto';
import type { WebhookChannel } from '../generated/prisma/client.js';
import { deliveryBody } from './bodies.js';
import { send, signedRequest, type WebhookSettings } from './delivery.js';
import { buildDigest } from './digest.js';
import type { WebhookEvent } from './model.js';

export interface WebhookTestResult {
  statusCode: number | null;
  ok: boolean;
  bodyExcerpt: string | null;
  error: string | null;
  durationMs: number;
}

/** A sample of the channel's first event type, with ids that name nothing ("test:<uuid>"). */
export function sampleEvent(channel: Pick<WebhookChannel, 'teamId' | 'eventTypes'>, now: Date): WebhookEvent {
  const id = randomUUID();
  const common = {
    teamId: channel.teamId, monitorId: '00000000-0000-4000-8000-000000000000', monitorName: 'sample-monitor', monitorType: 'DATA_QUALITY' as const,
    endpointName: 'sample-endpoint', executionId: '00000000-0000-4000-8000-000000000001', scheduleId: null, scheduledTime: now.toISOString(), occurredAt: now.toISOString(),
  };
  if (channel.eventTypes[0] === 'VIOLATION_DETECTED') {
    return { type: 'VIOLATION_DETECTED', eventId: `test:${id}`, ...common, violationId: '00000000-0000-4000-8000-000000000002', featureName: 'sample_feature',
      checkType: 'baseline_drift_check', description: 'A test event sent by testWebhook', metricName: null, facet: null, facetValue: null, label: null };
  }
  return { type: 'EXECUTION_STATUS_CHANGED', eventId: `test:${id}`, ...common, status: 'COMPLETED', previousStatus: 'IN_PROGRESS', failureReason: null, reportError: null };
}

/**
 * What the channel is sent: GENERIC, a sample event; DIGEST and SLACK (which get one digest per
 * finished run), the digest of a sample run with one violation.
 */
function samplePayload(channel: Pick<WebhookChannel, 'teamId' | 'eventTypes' | 'format'>, now: Date): { eventId: string; payload: unknown } {
  const event = sampleEvent(channel, now);
  if (channel.format === 'GENERIC') return { eventId: event.eventId, payload: event };
  const finished = sampleEvent({ ...channel, eventTypes: ['EXECUTION_STATUS_CHANGED'] }, now);
  const violation = sampleEvent({ ...channel, eventTypes: ['VIOLATION_DETECTED'] }, now);
  if (finished.type !== 'EXECUTION_STATUS_CHANGED' || violation.type !== 'VIOLATION_DETECTED') throw new Error('sampleEvent made the wrong event type');
  const digest = buildDigest({
    event: { ...finished, status: 'COMPLETED_WITH_VIOLATIONS' }, reportUri: null, total: 1, muted: 0, repeated: 0, counted: [violation],
    sent: [{ featureName: violation.featureName, checkType: violation.checkType, metricName: 'baseline_drift', facetValue: null, description: violation.description, repeats: 0, repeatsSince: null }],
  });
  return { eventId: event.eventId, payload: { ...digest, id: event.eventId } };
}

/** POSTs a sample event (or digest) to the channel and reports the answer; does not throw for a bad receiver. */
export async function sendTestEvent(settings: WebhookSettings, channel: WebhookChannel): Promise<WebhookTestResult> {
  const { eventId, payload } = samplePayload(channel, new Date());
  const body = deliveryBody(channel.format, payload, settings.publicUrl);
  const request = signedRequest(settings, { deliveryId: `test-${eventId.slice('test:'.length)}`, eventId, body, secretEncrypted: channel.secretEncrypted });
  const began = performance.now();
  const outcome = await send(settings, channel.url, request, true);
  return {
    statusCode: outcome.status, ok: outcome.ok, bodyExcerpt: outcome.bodyExcerpt ?? null, error: outcome.error, durationMs: Math.round(performance.now() - began),
  };
}
