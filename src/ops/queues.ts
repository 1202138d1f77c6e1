// The deployment's BullMQ queues as seen by operations: /metrics (depth) and
// /admin/queues (bull-board). The handles only read (and bull-board runs read-only);
// they are opened on first use, so a gateway that nobody scrapes holds no extra
// Redis connections. In single-process mode there are none: no handles, no depths
// (the board answers 503).
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { isSingleProcess } from '../shared/redis-mode.js';
import { reportQueueDepth } from './metrics.js';

/** Every BullMQ queue of a deployment, under config REDIS_PREFIX (see src/jobs/bullmq-driver.ts). */
export const QUEUE_NAMES = ['engine', 'sync', 'webhooks'] as const;

/** Job states reported as mmg_queue_jobs{queue,state}. */
const DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

export interface OpsQueues {
  /** False in single-process mode: the queues live in the process, not in Redis. */
  readonly redis: boolean;
  /** The handles, opened on the first call. */
  queues(): Queue[];
  close(): Promise<void>;
}

export function opsQueues(config: Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX'>): OpsQueues {
  if (isSingleProcess(config)) return { redis: false, queues: () => [], close: async () => undefined };
  let connection: Redis | undefined;
  let handles: Queue[] | undefined;
  const queues = () => {
    if (!handles) {
      // maxRetriesPerRequest 1: a scrape while Redis is down fails fast instead of hanging.
      const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
      redis.on('error', () => undefined); // reported by /readyz; a scrape just skips the depths
      connection = redis;
      handles = QUEUE_NAMES.map((name) => new Queue(name, { connection: redis, prefix: config.REDIS_PREFIX }));
    }
    return handles;
  };
  const unregister = reportQueueDepth(async () => {
    const rows = await Promise.all(
      queues().map(async (q) => {
        const counts = await q.getJobCounts(...DEPTH_STATES);
        return DEPTH_STATES.map((state) => ({ queue: q.name, state, count: counts[state] ?? 0 }));
      }),
    );
    return rows.flat();
  });
  return {
    redis: true,
    queues,
    close: async () => {
      unregister();
      await Promise.all((handles ?? []).map((q) => q.close()));
      connection?.disconnect();
    },
  };
}
