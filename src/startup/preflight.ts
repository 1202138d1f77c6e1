// What the entry points (`npm start`, the worker, scripts) check before doing anything:
// PostgreSQL and Redis answer. A failure is one line per variable, e.g.
// `REDIS_URL=redis://127.0.0.1:6390: connection refused`, never a stack nor minutes of
// reconnection attempts, and nothing was created or migrated yet.
import { Redis } from 'ioredis';
import pg from 'pg';
import { ConfigError, type Config } from '../config.js';
import { splitDatabaseUrl } from '../db/admin.js';
import { isSingleProcess } from '../shared/redis-mode.js';

/** Each check gives up after this; both run at once, so a start fails well within 15 s. */
const CHECK_TIMEOUT_MS = 5_000;

/** A start that cannot go on; the message is what to print (one line per cause). */
export class StartupError extends Error {}

/** `url` with its password masked, fit for messages and logs. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

function describe(error: unknown, host: string): string {
  const e = error as { code?: string; message?: string; errors?: Array<{ code?: string }> };
  // Node reports a host with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  switch (e.code ?? e.errors?.[0]?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `unknown host ${host}`;
    case 'ETIMEDOUT':
      return 'connection timed out';
    default:
      return e.message || String(error);
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** `server`: only the server (`npm start` creates the database); `database`: the database itself. */
export type PostgresTarget = 'server' | 'database';

async function checkPostgres(url: string, target: PostgresTarget): Promise<void> {
  const connectionString = target === 'server' ? splitDatabaseUrl(url).admin : url;
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: CHECK_TIMEOUT_MS });
  client.on('error', () => undefined); // the failure is the connect's rejection
  try {
    await withTimeout(client.connect().then(() => client.query('SELECT 1')));
  } finally {
    void client.end().catch(() => undefined);
  }
}

export async function checkRedis(url: string): Promise<void> {
  // One attempt: no reconnection, no offline queue, no unhandled error events.
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: CHECK_TIMEOUT_MS, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  let cause: unknown; // connect() rejects with "Connection is closed."; the error event says why
  redis.on('error', (error) => (cause ??= error));
  try {
    await withTimeout(redis.connect().then(() => redis.ping())).catch((error: unknown) => {
      throw cause ?? error;
    });
  } finally {
    redis.disconnect();
  }
}

/**
 * Throws a StartupError naming each of DATABASE_URL and REDIS_URL (unless `redis` is false,
 * or REDIS_URL is `memory`: single-process mode) that does not answer.
 */
export async function preflight(config: Config, postgres: PostgresTarget, redis = true): Promise<void> {
  const checks = [
    { variable: 'DATABASE_URL', url: config.DATABASE_URL, check: checkPostgres(config.DATABASE_URL, postgres) },
    ...(redis && !isSingleProcess(config) ? [{ variable: 'REDIS_URL', url: config.REDIS_URL, check: checkRedis(config.REDIS_URL) }] : []),
  ];
  const results = await Promise.allSettled(checks.map((c) => c.check));
  const failures = checks.flatMap((c, i) => {
    const result = results[i]!;
    return result.status === 'rejected' ? [`${c.variable}=${maskUrl(c.url)}: ${describe(result.reason, new URL(c.url).hostname)}`] : [];
  });
  if (failures.length > 0) throw new StartupError(failures.join('\n'));
}

/** Ends a process whose start failed: the line(s) of a known cause, else the error with its stack. */
export function failStart(error: unknown): never {
  const known = error instanceof StartupError || error instanceof ConfigError;
  const text = known ? error.message : `Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  process.stderr.write(`${text}\n`);
  process.exit(1);
}

/** Runs start-up steps; any failure ends the process through failStart. */
export async function orExit<T>(steps: () => Promise<T>): Promise<T> {
  try {
    return await steps();
  } catch (error) {
    return failStart(error);
  }
}
