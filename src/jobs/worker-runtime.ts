// A worker: runs the deployment's background jobs from Redis — the built-in engine's
// runs and baselines, the execution sync (dispatch + polls), and relays the outbox.
// `npm run worker` runs one per process; `npm start` runs one inside the gateway unless
// RUN_WORKER=false. Any number may run at once, on any machine: they share the queues.
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { defaultBackends } from '../backends/defaults.js';
import type { Backends } from '../backends/types.js';
import { BaselineManager } from '../baselines/manager.js';
import { registerEngineJobs } from '../engine/backend/index.js';
import { createEngine } from '../engine/backend/wiring.js';
import { RedisEventBus, type EventBus } from '../events/bus.js';
import { startOutboxRelay } from '../events/outbox.js';
import { ExecutionManager } from '../executions/manager.js';
import type { Logger } from '../shared/logger.js';
import { closeRedis } from '../shared/redis.js';
import { registerSyncJobs, type SyncSettings } from '../sync/poller.js';
import { ensureDispatchScheduler } from '../sync/scheduler.js';
import { SYNC_QUEUE } from '../sync/jobs.js';
import { ReconcileManager } from '../reconcile/manager.js';
import { registerReconcileJobs } from '../reconcile/jobs.js';
import { BullMqQueue } from './bullmq-driver.js';
import { WEBHOOK_QUEUE, registerWebhookJobs, startDeliverySweeper, webhookSettings, webhookSink } from '../webhooks/index.js';

export interface RunningWorker {
  /** Finishes running jobs (or returns them to the queue) and closes connections. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Defaults to SageMaker + the built-in engine (tests pass their own). */
  backends?: Backends;
  bus?: EventBus;
}

export function syncSettings(config: Config): SyncSettings {
  return {
    runningMs: config.SYNC_RUNNING_POLL_MS,
    dueMs: config.SYNC_DUE_POLL_MS,
    dueGraceMs: config.SYNC_DUE_GRACE_MS,
    firstPollDelayMs: Math.min(config.SYNC_DUE_POLL_MS, 60_000),
    idleMs: config.SYNC_IDLE_POLL_MS,
    batch: 5_000,
    leaseMs: config.SYNC_LEASE_MS,
    cursorOverlapMs: 5 * 60_000,
    throttleDelayMs: 2_000,
  };
}

export async function startWorker(config: Config, db: Db, log: Logger, options: WorkerOptions = {}): Promise<RunningWorker> {
  const engine = createEngine(config, db, { log });
  registerEngineJobs(engine.queue, engine.ctx);
  const backends = options.backends ?? defaultBackends(config, db, engine).backends;
  const bus = options.bus ?? new RedisEventBus(config.REDIS_URL, config.REDIS_PREFIX);
  const webhooks = new BullMqQueue({
    redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, queueName: WEBHOOK_QUEUE, lockDurationMs: config.JOB_LOCK_MS,
  });
  registerWebhookJobs(webhooks, { db, settings: webhookSettings(config), log });
  // Events found by this worker's polls are relayed at once (SKIP LOCKED shares the outbox with the gateways' relays).
  const relay = startOutboxRelay(db, bus, {
    intervalMs: 1000, sinks: [webhookSink(webhooks)], onError: (err) => log.error({ err }, 'outbox relay failed; retrying'),
  });
  const executions = new ExecutionManager(db, backends, relay.kick, log);
  const baselines = new BaselineManager(db, backends, log);
  const sync = new BullMqQueue({
    redisUrl: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
    queueName: SYNC_QUEUE,
    limiter: { max: config.SYNC_MAX_TPS, durationMs: 1_000 },
    lockDurationMs: config.JOB_LOCK_MS,
  });
  registerSyncJobs(sync, { db, executions, baselines, settings: syncSettings(config), log });
  // Drift between the gateway's schedules and the backends', reported and repaired (0 disables it).
  await registerReconcileJobs(sync, { reconcile: new ReconcileManager(db, backends), intervalMs: config.RECONCILE_INTERVAL_MS, log });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
  const ensure = () =>
    ensureDispatchScheduler(sync, redis, config.REDIS_PREFIX, config.SYNC_INTERVAL_MS).catch((err: unknown) =>
      log.warn({ err }, 'could not check the sync dispatch scheduler; retrying in a minute'));
  await Promise.all([
    engine.queue.start({ concurrency: config.WORKER_CONCURRENCY }),
    sync.start({ concurrency: config.SYNC_CONCURRENCY }),
    webhooks.start({ concurrency: config.WEBHOOK_CONCURRENCY }),
  ]);
  // Repairs deliveries whose job was lost (a crash between commit and queueing, a Redis without persistence).
  const sweeper = startDeliverySweeper(db, webhooks, {
    intervalMs: config.WEBHOOK_SWEEP_INTERVAL_MS, onError: (err) => log.warn({ err }, 'webhook delivery sweep failed; retrying'),
  });
  await ensure();
  const watchdog = setInterval(() => void ensure(), 60_000);
  log.info({ prefix: config.REDIS_PREFIX, tps: config.SYNC_MAX_TPS, intervalMs: config.SYNC_INTERVAL_MS }, 'worker started');
  return {
    stop: async () => {
      clearInterval(watchdog);
      // BullMQ's close waits for active jobs; jobs not started stay queued for other workers.
      await sweeper.stop();
      await Promise.all([sync.close(), engine.close(), webhooks.close()]);
      await relay.stop();
      if (!options.bus) await bus.close();
      await closeRedis(redis);
    },
  };
}
