// One PostgreSQL database and one Redis key prefix per test run, so runs never collide.
// Test workers inherit the environment set here. (Plain ESM: Jest does not map
// globalSetup imports, so the TypeScript helpers are loaded through tsx.)
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

/**
 * TEST_DATABASE=embedded: the run's database is on an embedded PostgreSQL of its own (as
 * `npm start` runs one with nothing on 5432), started here and stopped by the teardown.
 */
async function embeddedServer() {
  const { resolveDatabase } = await tsImport('../../src/startup/database.ts', import.meta.url);
  const { parseConfig } = await tsImport('../../src/config.ts', import.meta.url);
  const dataDir = await mkdtemp(join(tmpdir(), 'mmg-test-pg-'));
  await chmod(dataDir, 0o755); // as root the server runs as postgres, which must reach it
  const resolved = await resolveDatabase(parseConfig({ ...process.env, DATABASE_URL: 'embedded', DATA_DIR: dataDir }), 'gateway', (line) => process.stderr.write(line));
  globalThis.embeddedPostgres = { stop: resolved.stop, dataDir };
  return resolved.config.DATABASE_URL;
}

export default async function globalSetup() {
  const admin = await tsImport('../../src/db/admin.ts', import.meta.url);
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const base = process.env['TEST_DATABASE'] === 'embedded' ? await embeddedServer() : process.env['TEST_DATABASE_BASE_URL'];
  const url = new URL(base ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/mmg_test_${run}`;
  process.env['DATABASE_URL'] = url.toString();
  process.env['REDIS_PREFIX'] = `mmg_test_${run}`;
  process.env['NODE_ENV'] = 'test';
  // TEST_REDIS=memory: the suites run in single-process mode (test/support/transport.ts).
  if (process.env['TEST_REDIS'] === 'memory') process.env['REDIS_URL'] = 'memory';
  process.env['LOG_LEVEL'] ??= 'silent';
  process.env['API_KEY_PEPPER'] ??= 'test-pepper-0123456789abcdef';
  process.env['ADMIN_TOKEN'] ??= 'test-admin-token-0123456789';
  // Tests share one database: a periodic reconcile of every team would touch other tests' teams.
  // Reconcile tests run it on their own teams explicitly.
  process.env['RECONCILE_INTERVAL_MS'] = '0';
  await admin.createDatabase(url.toString());
  await admin.migrateDatabase(url.toString());
}
