// Which PostgreSQL a process uses, decided once before anything reads config.DATABASE_URL:
// a given URL (checked by preflight: one that does not answer is an error, never a fallback);
// DATABASE_URL=embedded, or unset with nothing listening on the default URL's port: the
// embedded server in DATA_DIR, whose URL replaces DATABASE_URL in the returned config.
import { connect } from 'node:net';
import path from 'node:path';
import type { Config } from '../config.js';
import { splitDatabaseUrl } from '../db/admin.js';
import { StartupError } from './preflight.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface ResolvedDatabase {
  /** The configuration with the effective DATABASE_URL. */
  config: Config;
  /** Stops the embedded server this process started (after every client closed); nothing otherwise. */
  stop(): Promise<void>;
}

const MOVE_ON = 'For several processes or separate workers, backups or production, run PostgreSQL and set DATABASE_URL (e.g. docker compose up -d postgres).';

/** Whether anything accepts a TCP connection at the URL's host and port (within 2 s). */
function listening(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || 5432), timeout: 2_000 });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/**
 * `gateway`: `npm start`, which may run the embedded server; `worker`: a separate process,
 * which cannot share another process's embedded server and so needs a real one.
 */
export async function resolveDatabase(config: Config, role: 'gateway' | 'worker', say: (line: string) => void): Promise<ResolvedDatabase> {
  const embedded = config.DATABASE_URL === 'embedded' || (!config.databaseUrlSet && !(await listening(config.DATABASE_URL)));
  if (!embedded) return { config, stop: async () => {} };
  if (role === 'worker') {
    throw new StartupError(
      `DATABASE_URL=${config.DATABASE_URL === 'embedded' ? 'embedded' : `unset and nothing answers at ${new URL(config.DATABASE_URL).host}`}: a separate worker needs a PostgreSQL server it shares with the gateway; run PostgreSQL and set DATABASE_URL for both (or let npm start run the worker in its process)`,
    );
  }
  const database = config.DATABASE_URL === 'embedded' ? 'model_monitor' : splitDatabaseUrl(config.DATABASE_URL).name;
  const server = await startEmbeddedPostgres(config.DATA_DIR, database);
  const why = config.DATABASE_URL === 'embedded' ? 'DATABASE_URL=embedded' : `DATABASE_URL unset and nothing answers at ${new URL(config.DATABASE_URL).host}`;
  const shared = server.owned ? '' : ' (already run by another process of this DATA_DIR)';
  const relative = path.relative(process.cwd(), server.dir);
  const dir = relative.startsWith('..') || path.isAbsolute(relative) ? server.dir : relative;
  say(`Database: embedded PostgreSQL at 127.0.0.1:${server.port}, data in ${dir}${shared} (${why}). ${MOVE_ON}\n`);
  return { config: { ...config, DATABASE_URL: server.url }, stop: () => server.stop() };
}
