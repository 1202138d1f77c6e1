// The worker process (`npm run worker`): the engine's jobs, the execution sync and the
// outbox relay, from the Redis queues. Start as many as needed, on any machine.
import { config } from './config.js';
import { createDb } from './db/client.js';
import { startWorker } from './runtime/index.js';
import { logger } from './shared/logger.js';
import { orExit, preflight } from './startup/preflight.js';
import { requireRedis, resolveRedisMode } from './startup/redis-mode.js';
import { resolveDatabase } from './startup/database.js';
import { setHeapGrowth } from './startup/heap.js';

// The heap's growth between full collections (src/startup/heap.ts), before any load.
await orExit(async () => setHeapGrowth(config()));
const cfg = await orExit(async () => {
  const { config: resolved } = await resolveDatabase(config(), 'worker', () => undefined); // refuses an embedded database
  const parsed = await resolveRedisMode(resolved);
  requireRedis(parsed, 'npm run worker');
  await preflight(parsed, 'database'); // the gateway creates and migrates it
  return parsed;
});
const log = logger();
const db = createDb({ url: cfg.DATABASE_URL, poolSize: cfg.DATABASE_POOL_SIZE });
const worker = await startWorker(cfg, db, log);
process.stdout.write('Model Monitor worker ready\n');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker stopping (finishing running jobs)');
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
