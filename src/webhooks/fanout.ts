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
import { channelAccepts, isWebhookEvent } from './model.js';
import { webhookStorage as storage } from '../storage/webhooks.js';

/** Inserts the deliveries of `events`; returns the ones created by this call. */
export async function fanOut(tx: Tx, events: readonly GatewayEvent[]): Promise<DueDelivery[]> {
  const relevant = events.filter(isWebhookEvent);
  if (relevant.length === 0) return [];
  const channels = await storage.activeOfTeams(tx, [...new Set(relevant.map((e) => e.teamId))]);
  const now = new Date();
  const rows = relevant.flatMap((e) =>
    channels
      .filter((c) => c.teamId === e.teamId && channelAccepts(c, e))
      .map((c) => ({ teamId: e.teamId, channelId: c.id, eventId: e.eventId, eventType: e.type, payload: e, nextAttemptAt: now })));
  return storage.addDeliveries(tx, rows);
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
