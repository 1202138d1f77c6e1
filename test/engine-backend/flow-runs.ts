// Runs of the six-hour inputs (hours.ts) for the flow tests: the single-worker reference (in-process
// queue, not split), and a run queued on BullMQ and waited for, with workers of that queue.
import { randomBytes } from 'node:crypto';
import type { BackendMonitor, BackendSchedule } from '../../src/backends/types.js';
import { config } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { BuiltinBackend, engineContext, registerEngineJobs } from '../../src/engine/backend/index.js';
import { BullMqQueue } from '../../src/jobs/bullmq-driver.js';
import { ExecutionPartJob } from '../../src/jobs/definitions.js';
import { monitorOf, scheduleOf, type Storage } from './fixtures.js';
import { harness, NOW } from './harness.js';
import { hoursConfig, SIX_HOURS, type TYPES } from './hours.js';
import { runSummary } from './summary.js';

type Type = (typeof TYPES)[number];

export class FlowRuns {
  readonly queues: BullMqQueue[] = [];
  constructor(private readonly db: Db, private readonly storage: Storage) {}

  /** The monitor of `type` with its baseline in force, its reports under `out`. */
  async monitor(type: Type, out: string): Promise<BackendMonitor> {
    const h = await harness(this.db, this.storage);
    const monitor = await h.baseline(monitorOf(type, hoursConfig(this.storage, type, out)), `${type}.csv`);
    await h.queue.close();
    return monitor;
  }

  /** One worker, the in-process queue, the run not split (the reference). */
  async single(type: Type) {
    const monitor = await this.monitor(type, `single-${type}`);
    const h = await harness(this.db, this.storage, { threads: 1 });
    const { execution } = await h.run(monitor, scheduleOf(SIX_HOURS));
    await h.queue.close();
    return { summary: await runSummary(h.backend, monitor, this.storage, execution), records: await this.records(execution.executionId) };
  }

  records = async (id: string) => (await this.db.engineExecution.findUniqueOrThrow({ where: { id } })).recordCount;

  /** A BullMQ queue on a fresh prefix (or the given one), closed by close(). */
  queue(prefix = `${config().REDIS_PREFIX}_flows_${randomBytes(4).toString('hex')}`, lockDurationMs?: number): BullMqQueue {
    const q = new BullMqQueue({ redisUrl: config().REDIS_URL, prefix, ...(lockDurationMs ? { lockDurationMs } : {}) });
    this.queues.push(q);
    return q;
  }

  /** Workers of `producer`'s queue in this process (the parts land on either). */
  async workers(producer: BullMqQueue, n: number, splitMinPartitions: number, lockDurationMs?: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const q = this.queue(producer.bull.opts.prefix, lockDurationMs);
      registerEngineJobs(q, engineContext(this.db, this.storage.store, q, { now: () => NOW, splitMinPartitions, threads: 1 }));
      await q.start({ concurrency: 1 });
    }
  }

  /** Creates the schedule through a producer on `producer`'s queue; `finished` waits for its execution to end. */
  async start(producer: BullMqQueue, monitor: BackendMonitor, splitMinPartitions: number) {
    const backend = new BuiltinBackend(engineContext(this.db, this.storage.store, producer, { now: () => NOW, splitMinPartitions }));
    const schedule: BackendSchedule = scheduleOf(SIX_HOURS);
    const { backendRef } = await backend.createSchedule(monitor, schedule);
    const armed = { ...schedule, backendRef };
    const finished = () => until(async () => (await backend.listExecutions(monitor, armed, {})).executions.find((e) => e.status !== 'PENDING' && e.status !== 'IN_PROGRESS'));
    return { backend, finished };
  }

  async close(): Promise<void> {
    for (const q of this.queues) await q.close();
    for (const q of this.queues) await q.bull.obliterate({ force: true }).catch(() => undefined);
  }
}

export const partJobs = async (q: BullMqQueue) => (await q.bull.getJobs(['completed'])).filter((j) => j.name === ExecutionPartJob.name);

export async function until<T>(f: () => Promise<T | null | undefined>, ms = 60_000, everyMs = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
