// `npm start`: creates and migrates the database if needed, then serves the API.
import { randomBytes } from 'node:crypto';
import { startGateway } from './app.js';
import { startEngineWorker } from './jobs/engine-worker.js';
import { startSyncLoop } from './jobs/sync-loop.js';
import { createDb } from './db/client.js';
import { config } from './config.js';
import { createDatabase, migrateDatabase, pendingMigrations } from './db/admin.js';
import { logger } from './shared/logger.js';

const log = logger();
const base = config();
await createDatabase(base.DATABASE_URL);
// The migrate CLI takes seconds to start; skip it when every migration is applied.
if ((await pendingMigrations(base.DATABASE_URL)).length > 0) await migrateDatabase(base.DATABASE_URL);
const generatedToken = base.ADMIN_TOKEN === undefined;
const cfg = { ...base, ADMIN_TOKEN: base.ADMIN_TOKEN ?? randomBytes(24).toString('base64url') };
const gateway = await startGateway({ config: cfg });
const worker = cfg.RUN_WORKER ? await startEngineWorker(cfg, createDb({ url: cfg.DATABASE_URL, poolSize: 4 })) : null;
const sync = startSyncLoop(gateway.services, log, cfg.SYNC_INTERVAL_MS);
log.info({ url: gateway.url, backend: cfg.DEFAULT_BACKEND }, 'gateway ready');
process.stdout.write(`\nModel Monitor gateway ready: ${gateway.url}\n`);
if (generatedToken) {
  process.stdout.write(`Admin token for createTeam (generated; set ADMIN_TOKEN to choose one): ${cfg.ADMIN_TOKEN}\n\n`);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    sync.stop().then(() => Promise.all([gateway.stop(), worker?.stop()])).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
