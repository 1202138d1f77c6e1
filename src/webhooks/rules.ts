// Validation of webhook input: every problem with its field, nothing stored on refusal.
import type { WebhookFilterInput } from '../generated/graphql.js';
import type { RuleViolation } from '../shared/errors.js';
import { privateHostReason } from './address.js';

export const MAX_URL_LENGTH = 2048;
/**
 * A new webhook's repeatWindowMinutes: people read DIGEST and SLACK messages, so identical
 * violations are sent once an hour; GENERIC ones feed programs, which get every event.
 */
export const defaultRepeatWindowMinutes = (format: 'GENERIC' | 'SLACK' | 'DIGEST'): number => (format === 'GENERIC' ? 0 : 60);
const MAX_REPEAT_WINDOW_MINUTES = 7 * 24 * 60;
/** Event types a webhook may subscribe to (EXECUTION_DIGEST names digest deliveries only). */
const SUBSCRIBABLE = new Set(['VIOLATION_DETECTED', 'EXECUTION_STATUS_CHANGED']);

export interface WebhookFields {
  name?: string | null | undefined;
  url?: string | null | undefined;
  eventTypes?: readonly string[] | null | undefined;
  filter?: WebhookFilterInput | null | undefined;
  secret?: string | null | undefined;
  repeatWindowMinutes?: number | null | undefined;
}

/** `allowPrivateNetworks` (WEBHOOK_ALLOW_PRIVATE_NETWORKS) lets the URL name a loopback or private host. */
export function checkUrl(field: string, url: string, allowPrivateNetworks: boolean): RuleViolation[] {
  let parsed: URL | null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (url.length > MAX_URL_LENGTH || !parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
    return [{ field, message: `url must be an http(s) URL of at most ${MAX_URL_LENGTH} characters (got "${url.slice(0, 100)}")` }];
  }
  if (parsed.username || parsed.password) return [{ field, message: 'url must not contain credentials; receivers authenticate deliveries by their signature' }];
  const inside = allowPrivateNetworks ? null : privateHostReason(parsed.hostname);
  if (inside) return [{ field, message: `url must name a public host: ${inside}` }];
  return [];
}

/** Checks the fields present (all are present on create; `eventTypes` is what the webhook will have). */
export function checkWebhook(prefix: string, input: WebhookFields, eventTypes: readonly string[], allowPrivateNetworks: boolean): RuleViolation[] {
  const out: RuleViolation[] = [];
  const f = (name: string) => `${prefix}.${name}`;
  if (input.name != null && (input.name.trim().length === 0 || input.name.length > 100)) out.push({ field: f('name'), message: 'name must be 1 to 100 characters' });
  if (input.url != null) out.push(...checkUrl(f('url'), input.url, allowPrivateNetworks));
  if (input.eventTypes != null) {
    if (input.eventTypes.length === 0) out.push({ field: f('eventTypes'), message: 'eventTypes must name at least one event type' });
    else if (new Set(input.eventTypes).size !== input.eventTypes.length) out.push({ field: f('eventTypes'), message: 'eventTypes must not repeat a type' });
    else if (input.eventTypes.some((t) => !SUBSCRIBABLE.has(t))) out.push({ field: f('eventTypes'), message: 'eventTypes may name VIOLATION_DETECTED and EXECUTION_STATUS_CHANGED; DIGEST and SLACK webhooks are sent digests of them' });
  }
  const filter = input.filter;
  if (filter?.checkType != null && !eventTypes.includes('VIOLATION_DETECTED')) {
    out.push({ field: f('filter.checkType'), message: 'filter.checkType applies to VIOLATION_DETECTED only, which eventTypes does not include' });
  }
  for (const key of ['endpointName', 'checkType'] as const) {
    const v = filter?.[key];
    if (v != null && (v.length === 0 || v.length > 200)) out.push({ field: f(`filter.${key}`), message: `filter.${key} must be 1 to 200 characters` });
  }
  const w = input.repeatWindowMinutes;
  if (w != null && (!Number.isInteger(w) || w < 0 || w > MAX_REPEAT_WINDOW_MINUTES)) out.push({ field: f('repeatWindowMinutes'), message: `repeatWindowMinutes must be 0 (off) to ${MAX_REPEAT_WINDOW_MINUTES} (a week)` });
  if (input.secret != null && (input.secret.length < 16 || input.secret.length > 200)) out.push({ field: f('secret'), message: 'secret must be 16 to 200 characters' });
  return out;
}
