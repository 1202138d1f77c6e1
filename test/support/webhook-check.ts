// What a webhook receiver saw, checked the way a bot that follows the README would:
// signatures valid, one delivery per event (fan-out once), successful POSTs per event.
import type { Target } from '../webhooks/support.js';
import { verifySignature } from '../../src/webhooks/index.js';

export function webhookFigures(target: Target, secret: string) {
  const ok = target.received.filter((r) => r.status < 300);
  const header = (r: (typeof ok)[number], name: string) => String(r.headers[name] ?? '');
  const deliveriesPerEvent = new Map<string, Set<string>>();
  for (const r of target.received) {
    const ids = deliveriesPerEvent.get(header(r, 'x-mmg-event-id')) ?? new Set<string>();
    ids.add(header(r, 'x-mmg-delivery-id'));
    deliveriesPerEvent.set(header(r, 'x-mmg-event-id'), ids);
  }
  const delivered = new Set(ok.map((r) => header(r, 'x-mmg-event-id')));
  return {
    /** Distinct events a receiver acknowledged. */
    delivered: delivered.size,
    /** Acknowledged POSTs beyond one per event: a worker killed between the POST and recording it (receivers dedupe on the event id). */
    resent: ok.length - delivered.size,
    /** Events fanned out to this channel more than once (must be 0). */
    doubleFanOut: [...deliveriesPerEvent.values()].filter((ids) => ids.size > 1).length,
    badSignatures: target.received.filter((r) => !verifySignature(secret, header(r, 'x-mmg-timestamp'), r.body, header(r, 'x-mmg-signature'), 600)).length,
  };
}
