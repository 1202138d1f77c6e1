// A worker: runs the deployment's background jobs from Redis — the built-in engine's
// runs and baselines, the execution sync (dispatch + polls), and relays the outbox.
// `npm run worker` runs one per process; `npm start` runs one inside the gateway unless
// RUN_WORKER=false. Any number may run at once, on any machine: they share the queues.
// In single-process mode the queues are the gateway process's own (./single-process.ts)
// and this worker, inside the gateway, is the only one.
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { BaselineManager } from '../baselines/manager.js';
import { registerEngineJobs } from '../engine/backend/index.js';
import { createEngine } from './engine.js';
import { ExecutionManager } from '../executions/manager.js';
import type { Logger } from '../shared/logger.js';
import { closeRedis } from '../shared/redis.js';
import { registerSyncJobs, type SyncSettings } from '../sync/poller.js';
import { dispatchPattern, ensureDispatchScheduler } from '../sync/scheduler.js';
import { DISPATCH_SCHEDULER_ID, DispatchPollsJob, SYNC_QUEUE } from '../sync/jobs.js';
import { recoverEngineJobs } from '../engine/backend/recovery.js';
import { ReconcileManager } from '../reconcile/manager.js';
import { registerReconcileJobs } from '../reconcile/jobs.js';
import { registerRetentionJobs } from '../tenancy/retention-jobs.js';
import { registerPartitionJobs } from '../metric-series/partitions.js';
import { registerWebhookJobs, startDeliverySweeper, webhookSettings } from '../webhooks/index.js';
import { compose, queueOf, type ComposeOptions } from './compose.js';
import { isSingleProcess, modeOf } from '../shared/redis-mode.js';

export interface RunningWorker {
  /** Finishes running jobs (or returns them to the queue) and closes connections. */
  stop(): Promise<void>;
}

export type WorkerOptions = Pick<ComposeOptions, 'backends' | 'bus'>;

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
  const parts = compose(config, db, log, { ...options, engine });
  const { backends, relay, webhooks } = parts;
  registerWebhookJobs(webhooks, { db, settings: webhookSettings(config), log });
  // Events found by this worker's polls are relayed at once (SKIP LOCKED shares the outbox with the gateways' relays).
  const executions = new ExecutionManager(db, backends, relay.kick, log);
  const baselines = new BaselineManager(db, backends, log);
  const sync = queueOf(config, SYNC_QUEUE, { limiter: { max: config.SYNC_MAX_TPS, durationMs: 1_000 } });
  registerSyncJobs(sync, { db, executions, baselines, settings: syncSettings(config), log });
  // Drift between the gateway's schedules and the backends', reported and repaired (0 disables it).
  await registerReconcileJobs(sync, { reconcile: new ReconcileManager(db, backends), intervalMs: config.RECONCILE_INTERVAL_MS, log });
  // Rows past each team's retention horizons, deleted daily in bounded batches.
  await registerRetentionJobs(sync, { db, log });
  // MetricPoint's monthly partitions, created months ahead.
  await registerPartitionJobs(sync, { db, log });
  const single = isSingleProcess(config);
  // Single-process mode: one process owns the dispatch scheduler (no lock, no Redis).
  const redis = single ? null : new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
  const ensure = () =>
    (redis ? ensureDispatchScheduler(sync, redis, config.REDIS_PREFIX, config.SYNC_INTERVAL_MS) : sync.upsertScheduler(DISPATCH_SCHEDULER_ID, dispatchPattern(config.SYNC_INTERVAL_MS), DispatchPollsJob, {}))
      .catch((err: unknown) => log.warn({ err }, 'could not check the sync dispatch scheduler; retrying in a minute'));
  // The in-process queues start empty: the engine's schedulers and unfinished runs come back from its tables
  // (when this worker's backends are the default ones, whose engine those tables are).
  if (single && !options.backends) log.info(await recoverEngineJobs(db, engine.queue), 'single-process mode: engine schedules re-armed, unfinished jobs queued again');
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
  log.info({ mode: modeOf(config), prefix: config.REDIS_PREFIX, tps: config.SYNC_MAX_TPS, intervalMs: config.SYNC_INTERVAL_MS }, 'worker started');
  return {
    stop: async () => {
      clearInterval(watchdog);
      // BullMQ's close waits for active jobs; jobs not started stay queued for other workers.
      await sweeper.stop();
      await Promise.all([sync.close(), engine.close()]);
      await parts.close();
      if (redis) await closeRedis(redis);
    },
  };
}
