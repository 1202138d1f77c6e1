// Database lifecycle used by `npm start` and the tests: create if missing, migrate, drop.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import pg from 'pg';

const run = promisify(execFile);

/** The project root (where package.json is), from src/db or dist/src/db. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

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
  const root = projectRoot();
  const bin = path.join(root, 'node_modules', '.bin', 'prisma');
  // The CLI is a child process; it gets the URL explicitly (config stays the only env reader in-process).
  await run(bin, ['migrate', 'deploy'], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
}
