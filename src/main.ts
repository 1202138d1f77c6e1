// `npm start`: checks PostgreSQL and Redis, creates and migrates the database if needed, then serves the API.
import { randomBytes } from 'node:crypto';
import { startGateway } from './app.js';
import { startWorker } from './jobs/worker-runtime.js';
import { createDb } from './db/client.js';
import { config } from './config.js';
import { createDatabase, migrateDatabase, pendingMigrations } from './db/admin.js';
import { logger } from './shared/logger.js';
import { startDemo } from './demo/index.js';
import { orExit, preflight } from './startup/preflight.js';

const base = await orExit(async () => {
  const parsed = config();
  // Before anything is created: a wrong URL is one line and a quick exit, not a half-done start.
  await preflight(parsed, 'server');
  await createDatabase(parsed.DATABASE_URL);
  // The migrate CLI takes seconds to start; skip it when every migration is applied.
  if ((await pendingMigrations(parsed.DATABASE_URL)).length > 0) await migrateDatabase(parsed.DATABASE_URL);
  return parsed;
});
const log = logger();
const generatedToken = base.ADMIN_TOKEN === undefined;
const cfg = { ...base, ADMIN_TOKEN: base.ADMIN_TOKEN ?? randomBytes(24).toString('base64url') };
const gateway = await orExit(() => startGateway({ config: cfg }));
// The worker has its own connections, so a burst of polls never starves API requests.
const workerDb = cfg.RUN_WORKER ? createDb({ url: cfg.DATABASE_URL, poolSize: 4 }) : null;
const worker = workerDb ? await startWorker(cfg, workerDb, log) : null;
log.info({ url: gateway.url, backend: cfg.DEFAULT_BACKEND }, 'gateway ready');
process.stdout.write(`\nModel Monitor gateway ready: ${gateway.url}\n`);
if (generatedToken) {
  process.stdout.write(`Admin token for createTeam (generated; set ADMIN_TOKEN to choose one): ${cfg.ADMIN_TOKEN}\n\n`);
}
// First run: the demo team (its key is printed), seeded in the background. `--no-demo` or DEMO=false skip it.
if (cfg.DEMO && !process.argv.includes('--no-demo')) {
  const demo = startDemo(gateway.services, cfg, log, gateway.url, (text) => process.stdout.write(text));
  // The playground opens with the demo key unless PLAYGROUND_API_KEY chose one.
  void demo.apiKey.then((key) => {
    if (key && !cfg.PLAYGROUND_API_KEY) gateway.setPlaygroundKey(key);
  });
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    Promise.all([gateway.stop(), worker?.stop().then(() => workerDb?.$disconnect())]).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
