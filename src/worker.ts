// The worker process (`npm run worker`): runs the built-in engine's jobs from the
// Redis queue. Start as many as needed, on any machine; they share the queue.
import { config } from './config.js';
import { createDb } from './db/client.js';
import { startEngineWorker } from './jobs/engine-worker.js';
import { logger } from './shared/logger.js';

const cfg = config();
const log = logger();
const db = createDb({ url: cfg.DATABASE_URL, poolSize: cfg.DATABASE_POOL_SIZE });
const worker = await startEngineWorker(cfg, db);
log.info({ prefix: cfg.REDIS_PREFIX, concurrency: cfg.WORKER_CONCURRENCY }, 'engine worker started');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'engine worker stopping (finishing running jobs)');
    worker
      .stop()
      .then(() => db.$disconnect())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'worker shutdown failed');
          process.exit(1);
        },
      );
  });
}
