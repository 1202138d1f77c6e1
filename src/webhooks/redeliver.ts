// Redelivery: deliveries queued again from attempt 1, one (WebhookManager.redeliver) or many
// at once (redeliverMatching). Both go through the same statement (webhookStorage.requeue*)
// and queue their first attempts the same way after the commit.
import type { Db } from '../db/client.js';
import type { RedeliverWebhookDeliveriesFilter } from '../generated/graphql.js';
import type { WebhookChannel, WebhookDelivery } from '../generated/prisma/client.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Actor } from '../kernel/caller.js';
import { recordAudit } from '../storage/audit.js';
import { webhookStorage as storage } from '../storage/webhooks.js';
import { badInput, conflict } from '../shared/errors.js';
import { logger } from '../shared/logger.js';
import { queueAttempt } from './jobs.js';

/** Deliveries a bulk redelivery queues at most per call (the oldest first). */
export const REDELIVER_LIMIT = 1_000;

/** A paused channel sends nothing: redelivering to it is refused. */
export function assertActive(channel: WebhookChannel, field: string): void {
  if (!channel.active) throw conflict(`Webhook "${channel.name}" is paused; activate it (updateWebhook) to redeliver`, field);
}

/** Queues the first attempt of redelivered rows; without a queue (or when Redis fails) the sweeper does. */
export async function queueRedeliveries(queue: JobQueue | undefined, rows: readonly WebhookDelivery[]): Promise<void> {
  if (!queue) return;
  for (const row of rows) {
    try {
      await queueAttempt(queue, row);
    } catch (err) {
      logger().warn({ err, deliveryId: row.id, deliveries: rows.length }, 'could not queue a redelivery; the sweeper will');
      return;
    }
  }
}

export interface RedeliverDeps {
  db: Db;
  queue: JobQueue | undefined;
  /** The team's channel, or NOT_FOUND naming `field`. */
  channel: (teamId: string, id: string, field: string) => Promise<WebhookChannel>;
}

/** redeliverWebhookDeliveries: validates the filter, requeues in one statement, audits once with the count. */
export async function redeliverMatching(deps: RedeliverDeps, actor: Actor, filter: RedeliverWebhookDeliveriesFilter): Promise<{ count: number }> {
  const status = filter.status ?? 'DEAD';
  if (status !== 'DEAD' && status !== 'FAILED') throw badInput('filter.status', `filter.status must be DEAD or FAILED (got ${status}): only those wait for a redelivery`);
  const from = filter.from ?? null;
  const to = filter.to ?? null;
  if (from && to && from > to) throw badInput('filter.to', 'filter.to must not be before filter.from');
  let channelId: string | null = null;
  if (filter.webhookId) {
    const channel = await deps.channel(actor.teamId, filter.webhookId, 'filter.webhookId');
    assertActive(channel, 'filter.webhookId');
    channelId = channel.id;
  }
  const rows = await deps.db.$transaction(async (tx) => {
    const requeued = await storage.requeueMatching(tx, { teamId: actor.teamId, status, channelId, from, to, eventType: filter.eventType ?? null }, new Date(), REDELIVER_LIMIT);
    await recordAudit(tx, actor, {
      action: 'webhookDelivery.redeliverMany', targetType: channelId ? 'Webhook' : 'Team', targetId: channelId ?? actor.teamId,
      after: { id: channelId ?? actor.teamId, count: requeued.length, filter: { webhookId: channelId, status, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null, eventType: filter.eventType ?? null } },
    });
    return requeued;
  });
  await queueRedeliveries(deps.queue, rows);
  return { count: rows.length };
}
