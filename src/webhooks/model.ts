// Which events a channel receives, and the body it is sent in.
import { z } from 'zod';
import type { ExecutionStatusChanged, GatewayEvent, ViolationDetected } from '../events/types.js';
import type { WebhookFormat } from '../generated/prisma/client.js';

export type WebhookEvent = ViolationDetected | ExecutionStatusChanged;

/** A channel's filter as stored (WebhookChannel.filter): every field set must equal the event's. */
export const ChannelFilterSchema = z.object({
  monitorId: z.string().nullish(),
  endpointName: z.string().nullish(),
  monitorType: z.string().nullish(),
  /** Only violations carry a check type: a channel filtering on it gets no status changes. */
  checkType: z.string().nullish(),
});
export type ChannelFilter = z.infer<typeof ChannelFilterSchema>;

export function parseFilter(stored: unknown): ChannelFilter {
  return ChannelFilterSchema.parse(stored ?? {});
}

export function isWebhookEvent(e: GatewayEvent): e is WebhookEvent {
  return e.type === 'VIOLATION_DETECTED' || e.type === 'EXECUTION_STATUS_CHANGED';
}

/** Whether `e` is of a monitor the filter chooses (its monitorId, endpointName and monitorType, those set). */
export function monitorChosen(f: ChannelFilter, e: Pick<WebhookEvent, 'monitorId' | 'endpointName' | 'monitorType'>): boolean {
  return (f.monitorId == null || f.monitorId === e.monitorId) && (f.endpointName == null || f.endpointName === e.endpointName)
    && (f.monitorType == null || f.monitorType === e.monitorType);
}

export function channelAccepts(channel: { eventTypes: readonly string[]; filter: unknown }, e: WebhookEvent): boolean {
  if (!channel.eventTypes.includes(e.type)) return false;
  const f = parseFilter(channel.filter);
  return monitorChosen(f, e) && (f.checkType == null || (e.type === 'VIOLATION_DETECTED' && e.checkType === f.checkType));
}

/** Identical violations held back (repeatWindowMinutes) before this one, stored beside the event in its delivery's payload. */
export const RepeatsSchema = z.object({ repeats: z.number().int().min(0).default(0), repeatsSince: z.string().nullish() });
export type Repeats = z.infer<typeof RepeatsSchema>;

/** GENERIC: `{ id, type, occurredAt, data }`, data being the event as subscriptions see it (and repeats, when some were held back). */
function genericBody(e: WebhookEvent, r: Repeats) {
  return { id: e.eventId, type: e.type, occurredAt: e.occurredAt, data: e, ...(r.repeats > 0 ? { repeats: r.repeats, repeatsSince: r.repeatsSince ?? null } : {}) };
}

const field = (label: string, value: string | null) => ({ type: 'mrkdwn', text: `*${label}*\n${value ?? '—'}` });

/** SLACK: an incoming-webhook message (`text` is the notification fallback). */
function slackBody(e: WebhookEvent, r: Repeats) {
  const where = `${e.monitorName} (${e.monitorType})${e.endpointName ? ` on ${e.endpointName}` : ''}`;
  const seen = r.repeats > 0 ? ` (seen ${r.repeats} more time${r.repeats === 1 ? '' : 's'} since ${r.repeatsSince ?? '?'}, not sent)` : '';
  const text = e.type === 'VIOLATION_DETECTED'
    ? `:rotating_light: Violation on ${where}: ${e.featureName} failed ${e.checkType}: ${e.description}${seen}`
    : `Execution of ${where} is ${e.status}${e.previousStatus ? ` (was ${e.previousStatus})` : ''}${e.failureReason ? `: ${e.failureReason}` : ''}${e.reportError ? `; its report could not be read: ${e.reportError}` : ''}`;
  const fields = e.type === 'VIOLATION_DETECTED'
    ? [field('Monitor', e.monitorName), field('Endpoint', e.endpointName), field('Feature', e.featureName), field('Check type', e.checkType)]
    : [field('Monitor', e.monitorName), field('Endpoint', e.endpointName), field('Status', e.status), field('Scheduled', e.scheduledTime)];
  const detail = e.type === 'VIOLATION_DETECTED' ? e.description : (e.failureReason ?? `execution ${e.executionId}`);
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'section', fields },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${detail} · event ${e.eventId}` }] },
    ],
  };
}

/** The body of one event (DIGEST webhooks are sent digests, see digest.ts; a single event goes to them as GENERIC). */
export function requestBody(format: WebhookFormat, e: WebhookEvent, repeats: Repeats = { repeats: 0 }): string {
  return JSON.stringify(format === 'SLACK' ? slackBody(e, repeats) : genericBody(e, repeats));
}
