// Start-up with a wrong DATABASE_URL or REDIS_URL, as a user gets it: the real entry points in
// child processes exit non-zero within 15 s, print one line naming the variable (password
// masked, no stack) and create nothing; and the build does not depend on DATABASE_URL.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { config } from '../../src/config.js';
import { dropDatabase } from '../../src/db/admin.js';
import { killSpawned, spawnEntry } from '../support/processes.js';

const run = promisify(execFile);

/** A local port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const fresh: string[] = [];
// A start that wrongly created one must not leave it behind.
afterAll(async () => {
  await killSpawned();
  await Promise.all(fresh.map((url) => dropDatabase(url)));
});

/** A database name of the run's server that does not exist. */
function freshDatabaseUrl(): string {
  const u = new URL(config().DATABASE_URL);
  u.pathname = `${u.pathname}_s${randomBytes(3).toString('hex')}`;
  fresh.push(u.toString());
  return u.toString();
}

async function databaseExists(url: string): Promise<boolean> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

/** Runs an entry point to its exit: exit code, time taken and what it printed on stderr. */
async function failedStart(script: 'src/main.ts' | 'src/worker.ts', env: Record<string, string>) {
  const started = Date.now();
  const child = spawnEntry(script, { PORT: '0', DEMO: 'false', RUN_WORKER: 'false', ...env });
  let stderr = '';
  child.proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.proc.once('exit', resolve));
  return { code, ms: Date.now() - started, lines: stderr.trim().split('\n'), stdout: child.output().replace(stderr, '') };
}

function expectOneLine(result: Awaited<ReturnType<typeof failedStart>>, line: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.code).not.toBeNull();
  expect(result.ms).toBeLessThan(15_000);
  expect(result.lines).toHaveLength(1);
  expect(result.lines[0]).toMatch(line);
  expect(result.lines[0]).not.toMatch(/\s at |Error:/);
}

describe('npm start (src/main.ts)', () => {
  test('a REDIS_URL where nothing listens: one line with the password masked, the database not created', async () => {
    const port = await closedPort();
    const dbUrl = freshDatabaseUrl();
    const result = await failedStart('src/main.ts', { REDIS_URL: `redis://:s3cret-pw@127.0.0.1:${port}`, DATABASE_URL: dbUrl });
    expectOneLine(result, new RegExp(`^REDIS_URL=redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}: connection refused$`));
    expect(result.lines[0]).not.toContain('s3cret-pw');
    expect(await databaseExists(dbUrl)).toBe(false);
  }, 30_000);

  test('a DATABASE_URL where nothing listens', async () => {
    const port = await closedPort();
    const result = await failedStart('src/main.ts', { DATABASE_URL: `postgresql://postgres:s3cret-pw@127.0.0.1:${port}/mmg_nowhere` });
    expectOneLine(result, new RegExp(`^DATABASE_URL=postgresql://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${port}/mmg_nowhere: connection refused$`));
  }, 30_000);

  test('a DATABASE_URL with an unknown host', async () => {
    const result = await failedStart('src/main.ts', { DATABASE_URL: 'postgresql://postgres@no-such-host.invalid:5432/mmg_nowhere' });
    expectOneLine(result, /^DATABASE_URL=postgresql:\/\/postgres@no-such-host\.invalid:5432\/mmg_nowhere: unknown host no-such-host\.invalid$/);
  }, 30_000);

  test('DATABASE_URL=notaurl: the configuration line names the variable', async () => {
    const result = await failedStart('src/main.ts', { DATABASE_URL: 'notaurl' });
    expectOneLine(result, /^Invalid configuration: DATABASE_URL: must be a postgresql:\/\/ URL$/);
  }, 30_000);

  test('a bad value of another variable: the configuration line names it, without the value', async () => {
    const result = await failedStart('src/main.ts', { ADMIN_TOKEN: 'short-secret' });
    expectOneLine(result, /^Invalid configuration: ADMIN_TOKEN: /);
    expect(result.lines[0]).not.toContain('short-secret');
  }, 30_000);
});

describe('the worker (src/worker.ts)', () => {
  test('a REDIS_URL where nothing listens', async () => {
    const port = await closedPort();
    const result = await failedStart('src/worker.ts', { REDIS_URL: `redis://127.0.0.1:${port}` });
    expectOneLine(result, new RegExp(`^REDIS_URL=redis://127\\.0\\.0\\.1:${port}: connection refused$`));
  }, 30_000);

  test('REDIS_URL=memory (single-process mode): the worker needs Redis, in one line', async () => {
    const result = await failedStart('src/worker.ts', { REDIS_URL: 'memory' });
    expectOneLine(result, /^npm run worker needs Redis \(REDIS_URL=memory\): in single-process mode, npm start runs the jobs itself; set REDIS_URL/);
  }, 30_000);

  test('a DATABASE_URL naming a database that does not exist (the worker creates none)', async () => {
    const dbUrl = freshDatabaseUrl();
    const result = await failedStart('src/worker.ts', { DATABASE_URL: dbUrl });
    expectOneLine(result, /^DATABASE_URL=postgresql:\/\/\S+: database "\w+" does not exist$/);
    expect(await databaseExists(dbUrl)).toBe(false);
  }, 30_000);
});

test('the build does not depend on DATABASE_URL: prisma generate succeeds with DATABASE_URL=notaurl', async () => {
  const { stdout } = await run('node_modules/.bin/prisma', ['generate'], { env: { ...process.env, DATABASE_URL: 'notaurl' } });
  expect(stdout).toMatch(/Generated Prisma Client/);
}, 60_000);
