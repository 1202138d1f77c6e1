// Database lifecycle used by `npm start` and the tests: create if missing, migrate, drop.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import pg from 'pg';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function split(url: string): { admin: string; name: string } {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unsupported database name "${name}" (letters, digits, _)`);
  u.pathname = '/postgres';
  return { admin: u.toString(), name };
}

/** Creates the database named in `url` unless it exists. */
export async function createDatabase(url: string): Promise<void> {
  const { admin, name } = split(url);
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
  const { admin, name } = split(url);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Applies the committed migrations with `prisma migrate deploy` (offline, WebAssembly engine). */
export async function migrateDatabase(url: string): Promise<void> {
  const bin = path.join(root, 'node_modules', '.bin', 'prisma');
  await run(bin, ['migrate', 'deploy'], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
}
