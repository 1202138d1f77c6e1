// Drops the run's database and deletes the run's Redis keys (its own prefix).
import { rm } from 'node:fs/promises';
import { tsImport } from 'tsx/esm/api';
import { Redis } from 'ioredis';

async function deleteRedisPrefix(url, prefix) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export default async function globalTeardown() {
  if (process.env['KEEP_TEST_DB'] === '1') return;
  const prefix = process.env['REDIS_PREFIX'];
  // Single-process runs (REDIS_URL=memory) wrote nothing to Redis.
  if (prefix?.startsWith('mmg_test_') && process.env['REDIS_URL'] !== 'memory') await deleteRedisPrefix(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', prefix);
  const url = process.env['DATABASE_URL'];
  if (!url) return;
  const admin = await tsImport('../../src/db/admin.ts', import.meta.url);
  await admin.dropDatabase(url);
  // The run's own embedded server (TEST_DATABASE=embedded), set by the global setup.
  const embedded = globalThis.embeddedPostgres;
  if (embedded) {
    await embedded.stop();
    await rm(embedded.dataDir, { recursive: true, force: true });
  }
}
