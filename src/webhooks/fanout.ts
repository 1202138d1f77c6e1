// Fan-out: each relayed event becomes one delivery per matching active channel of its
// team, inserted in the relay's transaction (so exactly once: the unique (channel, event)
// key makes a second pass insert nothing), then queued after the commit. A crash before
// queueing leaves PENDING rows that the sweeper queues.
import type { Tx } from '../db/client.js';
import type { OutboxSink } from '../events/outbox.js';
import type { GatewayEvent } from '../events/types.js';
import type { JobQueue } from '../jobs/queue.js';
import { logger } from '../shared/logger.js';
import { queueAttempt, type DueDelivery } from './jobs.js';
import { applyAlerting, digestTrigger, sendsDigests, type NewDelivery } from './alerting.js';
import { DIGEST_EVENT_TYPE, digestEventId } from './digest.js';
import { channelAccepts, isWebhookEvent } from './model.js';
import { webhookStorage as storage } from '../storage/webhooks.js';

/**
 * Inserts the deliveries of `events` and decides them (alerting.ts); returns the ones created
 * by this call that are to be sent. DIGEST and SLACK webhooks get one delivery per finished
 * execution ("digest:<executionId>", made from its final status event) instead of one per event.
 */
export async function fanOut(tx: Tx, events: readonly GatewayEvent[]): Promise<DueDelivery[]> {
  const relevant = events.filter(isWebhookEvent);
  if (relevant.length === 0) return [];
  const channels = await storage.activeOfTeams(tx, [...new Set(relevant.map((e) => e.teamId))]);
  const now = new Date();
  const planned = new Map<string, Omit<NewDelivery, 'id' | 'attempts' | 'nextAttemptAt'> & { eventId: string; eventType: string }>();
  for (const e of relevant) {
    for (const c of channels) {
      if (c.teamId !== e.teamId) continue;
      const digest = sendsDigests(c);
      if (digest ? !digestTrigger(c, e) : !channelAccepts(c, e)) continue;
      const eventId = digest ? digestEventId(e.executionId) : e.eventId;
      planned.set(`${c.id} ${eventId}`, { channel: c, event: e, digest, eventId, eventType: digest ? DIGEST_EVENT_TYPE : e.type });
    }
  }
  const rows = [...planned.values()].map((p) => ({ teamId: p.event.teamId, channelId: p.channel.id, eventId: p.eventId, eventType: p.eventType, payload: p.event, nextAttemptAt: now }));
  const created = await storage.addDeliveries(tx, rows);
  const send = await applyAlerting(tx, created.flatMap((d) => {
    const p = planned.get(`${d.channelId} ${d.eventId}`);
    return p ? [{ ...p, id: d.id, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt }] : [];
  }), now);
  return send.map((d) => ({ id: d.id, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt }));
}

/** The relay sink of webhooks (pass it to relayOutbox / startOutboxRelay). */
export function webhookSink(queue: JobQueue): OutboxSink {
  return async (tx, events) => {
    const created = await fanOut(tx, events);
    if (created.length === 0) return;
    return async () => {
      try {
        for (const d of created) await queueAttempt(queue, d);
      } catch (err) {
        logger().warn({ err, deliveries: created.length }, 'could not queue webhook deliveries; the sweeper will');
      }
    };
  };
}
