// testWebhook: one signed POST of a sample event, now, answered to the caller. The request is
// built and sent by the code of real deliveries (signedRequest, send: same body format,
// headers, signature and address checks); nothing is stored but the audit entry.
import { randomUUID } from 'node:crypto';
import type { WebhookChannel } from '../generated/prisma/client.js';
import { send, signedRequest, type WebhookSettings } from './delivery.js';
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

/** POSTs a sample event to the channel and reports the answer; does not throw for a bad receiver. */
export async function sendTestEvent(settings: WebhookSettings, channel: WebhookChannel): Promise<WebhookTestResult> {
  const event = sampleEvent(channel, new Date());
  const request = signedRequest(settings, { deliveryId: `test-${event.eventId.slice('test:'.length)}`, event, format: channel.format, secretEncrypted: channel.secretEncrypted });
  const began = performance.now();
  const outcome = await send(settings, channel.url, request, true);
  return {
    statusCode: outcome.status, ok: outcome.ok, bodyExcerpt: outcome.bodyExcerpt ?? null, error: outcome.error, durationMs: Math.round(performance.now() - began),
  };
}
