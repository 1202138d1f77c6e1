// The composition root: the one place that builds the system. `compose` makes what every
// process wires the same way (backends, event bus, webhook queue, outbox relay); the
// gateway (gateway.ts) and the worker (worker.ts) build on it, and main.ts / worker.ts
// at the top of src call those. Job options live with each job's definition, not here.
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Backends } from '../backends/types.js';
import type { Engine } from './engine.js';
import { RedisEventBus, type EventBus } from '../events/bus.js';
import type { JobQueue } from '../jobs/queue.js';
import { startOutboxRelay } from '../events/outbox.js';
import { BullMqQueue, type BullMqQueueOptions } from '../jobs/bullmq-driver.js';
import type { Logger } from '../shared/logger.js';
import { WEBHOOK_QUEUE, webhookSink } from '../webhooks/index.js';
import { defaultBackends } from './backends.js';
import { isSingleProcess } from '../shared/redis-mode.js';
import { localBus, localQueue } from './single-process.js';

export interface ComposeOptions {
  /** Defaults to SageMaker + the built-in engine (tests pass their own). */
  backends?: Backends;
  /** Defaults to the Redis stream at config.REDIS_URL under config.REDIS_PREFIX (this process's bus in single-process mode). */
  bus?: EventBus;
  /** The default backends' engine: a worker passes the one that runs its jobs (and closes it). */
  engine?: Engine;
}

export interface Composition {
  backends: Backends;
  bus: EventBus;
  /** The webhook queue: every relay queues deliveries on it; workers also run them. */
  webhooks: JobQueue;
  relay: ReturnType<typeof startOutboxRelay>;
  /** Stops the relay, then closes the queue and what compose made (not what it was given). */
  close(): Promise<void>;
}

/** A deployment queue (under REDIS_PREFIX) as every process opens it; this process's own in single-process mode. */
export function queueOf(config: Config, queueName: string, extra: Partial<BullMqQueueOptions> = {}): JobQueue {
  if (isSingleProcess(config)) return localQueue(config, queueName);
  return new BullMqQueue({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, queueName, lockDurationMs: config.JOB_LOCK_MS, ...extra });
}

export function compose(config: Config, db: Db, log: Logger, options: ComposeOptions = {}): Composition {
  const defaults = options.backends ? null : defaultBackends(config, db, options.engine);
  const bus = options.bus ?? (isSingleProcess(config) ? localBus(config) : new RedisEventBus(config.REDIS_URL, config.REDIS_PREFIX));
  const webhooks = queueOf(config, WEBHOOK_QUEUE);
  // Every process relays the outbox (SKIP LOCKED keeps relays from taking the same events),
  // and every relay fans events out to webhooks, whose deliveries the workers send.
  const relay = startOutboxRelay(db, bus, {
    intervalMs: 1000, sinks: [webhookSink(webhooks)], onError: (err) => log.error({ err }, 'outbox relay failed; retrying'),
    deadAfterMs: config.OUTBOX_DEAD_AFTER_MS,
    onUnreadable: (row, dead) => log.warn(
      { outboxEventId: row.id.toString(), createdAt: row.createdAt, reason: row.reason },
      dead ? 'outbox event unreadable: marked dead, never relayed' : 'outbox event unreadable by this gateway: left for a newer one until OUTBOX_DEAD_AFTER_MS, then marked dead',
    ),
  });
  return {
    backends: options.backends ?? defaults!.backends,
    bus,
    webhooks,
    relay,
    close: async () => {
      await relay.stop();
      await webhooks.close();
      await defaults?.close();
      if (!options.bus) await bus.close();
    },
  };
}
