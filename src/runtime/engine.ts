// Builds the engine from the process configuration, the same way in the gateway
// (backend: queues jobs) and in the worker (runs them).
import { FileStore, RoutingStore, S3ObjectStore, type ObjectStore } from '@mmg/engine/io';
import type { Config } from '../config.js';
import { demoDataDir, demoLayout } from '../demo/data.js';
import type { Db } from '../db/client.js';
import { BullMqQueue, ENGINE_QUEUE } from '../jobs/bullmq-driver.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Logger } from '../shared/logger.js';
import { BuiltinBackend } from '../engine/backend/builtin-backend.js';
import { engineContext, type EngineContext } from '../engine/backend/context.js';
import { isSingleProcess } from '../shared/redis-mode.js';
import { localQueue } from './single-process.js';

export interface Engine {
  ctx: EngineContext;
  backend: BuiltinBackend;
  queue: JobQueue;
  store: ObjectStore;
  close(): Promise<void>;
}

/**
 * ENGINE_CAPTURE_ROOT, else (with the demo on) the demo's capture directory: a new team's
 * monitor of the demo endpoint finds its captures with no capture settings of its own.
 */
export function captureRootOf(config: Pick<Config, 'ENGINE_CAPTURE_ROOT' | 'DEMO' | 'DEMO_DATA_DIR'>): string | undefined {
  const demo = demoDataDir(config);
  return config.ENGINE_CAPTURE_ROOT ?? (demo ? demoLayout(demo).captureRoot : undefined);
}

/** The engine's queue: on Redis, or this process's in single-process mode. */
export function engineQueue(config: Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX'>): JobQueue {
  return isSingleProcess(config) ? localQueue(config, ENGINE_QUEUE) : new BullMqQueue({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX });
}

/** `log`: where the jobs log (default: the process logger). */
export function createEngine(config: Config, db: Db, opts: { queue?: JobQueue; log?: Logger } = {}): Engine {
  const s3 = new S3ObjectStore({
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    ...(config.S3_REGION ? { region: config.S3_REGION } : {}),
  });
  const store = new RoutingStore({ s3, file: new FileStore() });
  const q = opts.queue ?? engineQueue(config);
  const ctx = engineContext(db, store, q, {
    captureRoot: captureRootOf(config), blockBytes: Math.max(1, Math.round(config.ENGINE_BLOCK_MB * 1024 * 1024)), partMinPartitions: config.ENGINE_PART_MIN_PARTITIONS, splitMinPartitions: config.ENGINE_SPLIT_MIN_PARTITIONS,
    ...(config.ENGINE_THREADS !== undefined ? { threads: config.ENGINE_THREADS } : {}), ...(opts.log ? { log: opts.log } : {}),
  });
  return {
    ctx,
    backend: new BuiltinBackend(ctx),
    queue: q,
    store,
    close: async () => {
      await q.close();
      s3.destroy();
    },
  };
}
