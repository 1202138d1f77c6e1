// The webhook queue's job: one HTTP attempt of one delivery. The job id names the
// delivery's state (attempt number and due time), so queueing the same attempt twice
// (fan-out and sweeper) queues it once, while a redelivery gets a fresh id.
import { z } from 'zod';
import { defineJob } from '../jobs/definitions.js';
import type { JobQueue } from '../jobs/queue.js';

/** The row's own attempts and backoff (WEBHOOK_MAX_ATTEMPTS) pace the POSTs; these retry a handler that threw. */
export const DeliverWebhookJob = defineJob('webhooks.deliver', z.object({ deliveryId: z.uuid() }), { attempts: 5, backoffMs: 1_000 });

/** Deployment-wide BullMQ queue name of webhook deliveries (under REDIS_PREFIX). */
export const WEBHOOK_QUEUE = 'webhooks';

export interface DueDelivery {
  id: string;
  attempts: number;
  nextAttemptAt: Date | null;
}

export function deliveryJobId(d: DueDelivery, suffix = ''): string {
  return `delivery-${d.id}-${d.attempts + 1}-${d.nextAttemptAt?.getTime() ?? 0}${suffix}`;
}

/** Queues the next attempt of `d`, delayed until it is due. */
export async function queueAttempt(queue: JobQueue, d: DueDelivery, now = Date.now(), suffix = ''): Promise<void> {
  const delayMs = Math.max(0, (d.nextAttemptAt?.getTime() ?? now) - now);
  await queue.enqueue(DeliverWebhookJob, { deliveryId: d.id }, { jobId: deliveryJobId(d, suffix), ...(delayMs > 0 ? { delayMs } : {}) });
}
