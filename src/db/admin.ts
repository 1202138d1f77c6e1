// Database lifecycle used by `npm start` and the tests: create if missing, migrate, drop.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import pg from 'pg';

const run = promisify(execFile);

/** The project root (where package.json is), from src/db or dist/src/db. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/** The server's maintenance database (`postgres`) and the database name of `url`. */
export function splitDatabaseUrl(url: string): { admin: string; name: string } {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unsupported database name "${name}" (letters, digits, _)`);
  u.pathname = '/postgres';
  return { admin: u.toString(), name };
}

/** Creates the database named in `url` unless it exists. */
export async function createDatabase(url: string): Promise<void> {
  const { admin, name } = splitDatabaseUrl(url);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const { admin, name } = splitDatabaseUrl(url);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Names of the committed migrations (folders of prisma/migrations), in order. */
export function committedMigrations(): string[] {
  const dir = path.join(projectRoot(), 'prisma', 'migrations');
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** Committed migrations not (successfully) applied to the database at `url`. */
export async function pendingMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const applied = await client
      .query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
      .then((r) => new Set(r.rows.map((row) => row.migration_name)))
      .catch(() => new Set<string>()); // no table yet: nothing applied
    return committedMigrations().filter((m) => !applied.has(m));
  } finally {
    await client.end();
  }
}

/** Applies the committed migrations with `prisma migrate deploy` (offline, WebAssembly engine). */
export async function migrateDatabase(url: string): Promise<void> {
  const root = projectRoot();
  const bin = path.join(root, 'node_modules', '.bin', 'prisma');
  // The CLI is a child process; it gets the URL explicitly (config stays the only env reader in-process).
  await run(bin, ['migrate', 'deploy'], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
}
