// A delivery's request body, from its stored payload and its webhook's format: a digest
// (DIGEST: JSON, SLACK: blocks) or one event with the repeats held back before it.
import { GatewayEventSchema } from '../events/types.js';
import type { WebhookFormat } from '../generated/prisma/client.js';
import { DIGEST_EVENT_TYPE, DigestSchema, digestJson, digestSlack } from './digest.js';
import { isWebhookEvent, RepeatsSchema, requestBody } from './model.js';

export function deliveryBody(format: WebhookFormat, payload: unknown, publicUrl: string): string {
  if ((payload as { type?: unknown } | null)?.type === DIGEST_EVENT_TYPE) {
    const digest = DigestSchema.parse(payload);
    return JSON.stringify(format === 'SLACK' ? digestSlack(digest, publicUrl) : digestJson(digest, publicUrl));
  }
  const event = GatewayEventSchema.parse(payload);
  if (!isWebhookEvent(event)) throw new Error(`event type ${event.type} is not sent to webhooks`);
  return requestBody(format, event, RepeatsSchema.parse(payload));
}
