// npm run bench:engine-workers [-- --records 1000000 --features 20]
//
// One data-quality run over 8 hour partitions (hour-partitions.ts; by default bench:engine's volume,
// 1M capture records of 20 features, 125,000 an hour) split into 4 part jobs of 2 hours
// (ENGINE_SPLIT_MIN_PARTITIONS=2; BullMQ flows on the local Redis), run by 1 and then by 2 real worker
// processes (the compiled dist/src/worker.js after `npm run build`, else src/worker.ts through tsx;
// ENGINE_THREADS=1 and WORKER_CONCURRENCY=1, so a process uses one core), each with a fresh Redis
// prefix, on a database of its own; all removed at the end. Each set of processes first runs a
// warm-up run over 4 of the hours (not timed: long-running workers have their code compiled), then
// the timed run, from queueing it to its execution COMPLETED (split, parts, merge, report). Checks
// both wrote the same report; ends with one JSON line {"workers": {"1": records/s, "2": records/s}}.
// Also called by bench:engine (benchWorkers).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FileStore } from '@mmg/engine/io';
import { QueueEvents } from 'bullmq';
import { createDatabase, dropDatabase, migrateDatabase, projectRoot } from '../../src/db/admin.js';
import { createDb } from '../../src/db/client.js';
import { BuiltinBackend, engineContext } from '../../src/engine/backend/index.js';
import { BullMqQueue, ENGINE_QUEUE } from '../../src/jobs/bullmq-driver.js';
import { deleteKeys } from './redis-keys.js';
import type { BackendExecution, BackendMonitor, BackendSchedule } from '../../src/backends/types.js';
import { HOURS, hoursMonitor, hoursSchedule, SCHEDULED_AT, writeHourPartitions } from './hour-partitions.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PG_URL = process.env['BENCH_DATABASE_BASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const SPLIT = 2;

/** A worker process of `prefix`'s queues, resolved once it consumes them. */
function startWorker(env: Record<string, string>): Promise<{ stop: () => Promise<void> }> {
  const root = projectRoot();
  const compiled = join(root, 'dist/src/worker.js');
  const args = existsSync(compiled) && !import.meta.url.endsWith('.ts') ? [compiled] : ['--import', 'tsx', join(root, 'src/worker.ts')];
  const proc = spawn(process.execPath, args, { cwd: root, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const stop = async () => {
    if (proc.exitCode === null) proc.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const read = (c: Buffer) => {
      out = (out + c.toString()).slice(-5000);
      if (/worker ready/.test(out)) resolve({ stop });
    };
    proc.stdout.on('data', read);
    proc.stderr.on('data', read);
    proc.once('exit', (code) => reject(new Error(`worker exited (${code}):\n${out}`)));
  });
}

/**
 * One run of `schedule` on the workers: the seconds from queueing it to its execution's end. The run
 * ends with a job's completion (the merge job's): the execution is looked at then, not on a timer,
 * whose queries took CPU from the workers and slowed the 2-worker run most.
 */
async function runOnce(backend: BuiltinBackend, monitor: BackendMonitor, schedule: BackendSchedule, prefix: string): Promise<{ seconds: number; execution: BackendExecution }> {
  const events = new QueueEvents(ENGINE_QUEUE, { connection: { url: REDIS_URL }, prefix });
  await events.waitUntilReady();
  const finished = async () => {
    const e = (await backend.listExecutions(monitor, schedule, {})).executions[0];
    return e && e.status !== 'PENDING' && e.status !== 'IN_PROGRESS' ? e : null;
  };
  const t = performance.now();
  let seconds = 0;
  const execution = await new Promise<BackendExecution>((resolve, reject) => {
    const check = () => {
      finished().then((e) => {
        if (!e || seconds) return;
        seconds = (performance.now() - t) / 1000;
        resolve(e);
      }, reject);
    };
    events.on('completed', check);
    events.on('failed', check);
    backend.createSchedule(monitor, schedule).catch(reject);
  }).finally(() => events.close());
  if (!execution.reportUri) throw new Error(`run ${execution.status}: ${execution.failureReason}`);
  return { seconds, execution };
}

/** records/s of the split run on 1 and on 2 worker processes (and the report's bytes, the same on both). */
export async function benchWorkers(records = 1_000_000, features = 20, log: (line: string) => void = console.log): Promise<{ 1: number; 2: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-workers-'));
  const dbUrl = new URL(PG_URL);
  dbUrl.pathname = `/mmg_bench_workers_${randomBytes(4).toString('hex')}`;
  const url = dbUrl.toString();
  const rates: Record<string, number> = {};
  const reports: string[] = [];
  try {
    const written = await writeHourPartitions(dir, records, features);
    await createDatabase(url);
    await migrateDatabase(url);
    const db = createDb({ url, poolSize: 2 });
    try {
      for (const n of [1, 2]) {
        const prefix = `mmg_bench_workers_${randomBytes(4).toString('hex')}`;
        const env = {
          DATABASE_URL: url, REDIS_URL, REDIS_PREFIX: prefix, NODE_ENV: 'production', LOG_LEVEL: 'warn', DEMO: 'false', RECONCILE_INTERVAL_MS: '0',
          ENGINE_THREADS: '1', WORKER_CONCURRENCY: '1', ENGINE_SPLIT_MIN_PARTITIONS: String(SPLIT),
        };
        const workers = await Promise.all(Array.from({ length: n }, () => startWorker(env)));
        const queue = new BullMqQueue({ redisUrl: REDIS_URL, prefix });
        try {
          const backend = new BuiltinBackend(engineContext(db, new FileStore(), queue, { now: () => SCHEDULED_AT, splitMinPartitions: SPLIT }));
          // Warm-up, not timed: a run over half the hours (two parts, one a process when both are
          // free), so that every process has compiled the engine's code, as a long-running worker has.
          await runOnce(backend, hoursMonitor(dir, `warm-${n}`), hoursSchedule(`warm${n}`, HOURS / 2), prefix);
          const { seconds: s, execution } = await runOnce(backend, hoursMonitor(dir, `out-${n}`), hoursSchedule(`w${n}`), prefix);
          rates[n] = Math.round(written / s);
          log(`${n} worker process(es): ${written} records in ${s.toFixed(2)} s (${rates[n]} records/s)`);
          reports.push(await readFile(fileURLToPath(`${execution.reportUri}statistics.json`), 'utf8'));
        } finally {
          await Promise.all(workers.map((w) => w.stop()));
          await queue.close();
          await deleteKeys(REDIS_URL, `${prefix}:`); // every queue the workers made (engine, sync, webhooks)
        }
      }
    } finally {
      await db.$disconnect();
    }
  } finally {
    await dropDatabase(url).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
  if (reports[0] !== reports[1]) throw new Error('the 2-worker report differs from the 1-worker one');
  log(`same statistics.json on 1 and 2 worker processes; 2 workers: ${(rates[2]! / rates[1]!).toFixed(2)}× the records/s of 1`);
  return { 1: rates[1]!, 2: rates[2]! };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values: args } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, features: { type: 'string', default: '20' } } });
  benchWorkers(Number(args.records), Number(args.features)).then(
    (workers) => console.log(JSON.stringify({ workers })),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
