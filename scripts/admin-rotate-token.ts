// `npm run admin:rotate-token`: replaces the stored admin token (the one used while ADMIN_TOKEN
// is unset) and prints the new one, once. The old token stops working at once in every gateway
// process (the stored token is never cached). Needs the database of DATABASE_URL, migrated.
import { config } from '../src/config.js';
import { createDb } from '../src/db/client.js';
import { StartupError, orExit, preflight } from '../src/startup/preflight.js';
import { resolveDatabase } from '../src/startup/database.js';
import { rotateAdminToken } from '../src/tenancy/admin-token.js';

const token = await orExit(async () => {
  if (config().ADMIN_TOKEN) throw new StartupError('ADMIN_TOKEN is set: the gateway uses it and ignores the stored token; change ADMIN_TOKEN instead');
  // The embedded server too: the running gateway's, or started for this and stopped after.
  const database = await resolveDatabase(config(), 'gateway', () => undefined);
  const cfg = database.config;
  await preflight(cfg, 'database', false);
  const db = createDb({ url: cfg.DATABASE_URL, poolSize: 1 });
  try {
    return await rotateAdminToken(db, cfg.API_KEY_PEPPER);
  } finally {
    await db.$disconnect();
    await database.stop();
  }
});
process.stdout.write(`New admin token (shown once; the previous one no longer works): ${token}\n`);
