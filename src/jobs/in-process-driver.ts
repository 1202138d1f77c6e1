// In-process JobQueue: jobs run on the event loop, one at a time, in queue order.
// A product part, kept in src/ (unlike the test fakes in test/support) as the driver
// of the planned single-process embedded mode (no Redis); tests and the engine
// benches use it today. Schedulers are only recorded; tests fire them with
// fire(id, at) instead of waiting for the clock.
import { checkPayload, type JobContext, type JobDefinition, type JobFailureHandler, type JobHandler, type JobQueue, type SchedulerInfo } from './queue.js';

interface Queued {
  name: string;
  payload: unknown;
  ctx: JobContext;
}

export class InProcessQueue implements JobQueue {
  private readonly handlers = new Map<string, { def: JobDefinition<unknown>; handler: JobHandler<unknown>; onFailed?: JobFailureHandler<unknown> }>();
  private readonly schedulers = new Map<string, SchedulerInfo & { payload: unknown }>();
  private readonly seen = new Set<string>();
  private readonly pending: Queued[] = [];
  private running: Promise<void> = Promise.resolve();
  private started = false;
  private seq = 0;
  /** Errors thrown by handlers (a real queue would retry or mark the job failed). */
  readonly failures: Array<{ jobId: string; error: Error }> = [];

  async enqueue<T>(def: JobDefinition<T>, payload: T, opts: { jobId?: string; delayMs?: number } = {}): Promise<void> {
    const checked = checkPayload(def, payload);
    const jobId = opts.jobId ?? `job-${++this.seq}`;
    if (this.seen.has(jobId)) return;
    this.seen.add(jobId);
    const job = { name: def.name, payload: checked, ctx: { jobId, scheduledAt: new Date(), attempt: 1, final: true } };
    if (opts.delayMs !== undefined && opts.delayMs > 0) setTimeout(() => this.push(job), opts.delayMs).unref();
    else this.push(job);
  }

  async upsertScheduler<T>(id: string, pattern: string, def: JobDefinition<T>, payload: T): Promise<void> {
    this.schedulers.set(id, { id, pattern, jobName: def.name, next: null, payload: checkPayload(def, payload) });
  }

  async removeScheduler(id: string): Promise<void> {
    this.schedulers.delete(id);
  }

  async getScheduler(id: string): Promise<SchedulerInfo | null> {
    const s = this.schedulers.get(id);
    return s ? { id: s.id, pattern: s.pattern, jobName: s.jobName, next: s.next } : null;
  }

  /** Queues the scheduler's job as if its cron pattern fired at `at`. */
  fire(id: string, at: Date): void {
    const s = this.schedulers.get(id);
    if (!s) throw new Error(`no scheduler ${id}`);
    const jobId = `repeat-${id}-${at.getTime()}`;
    if (this.seen.has(jobId)) return;
    this.seen.add(jobId);
    this.push({ name: s.jobName, payload: s.payload, ctx: { jobId, scheduledAt: at, attempt: 1, final: true } });
  }

  /** Every job has one attempt: a handler that throws has failed for good (onFailed is told). */
  handle<T>(def: JobDefinition<T>, handler: JobHandler<T>, onFailed?: JobFailureHandler<T>): void {
    this.handlers.set(def.name, {
      def, handler: handler as JobHandler<unknown>, ...(onFailed ? { onFailed: onFailed as JobFailureHandler<unknown> } : {}),
    });
  }

  async start(): Promise<void> {
    this.started = true;
    this.pump();
  }

  /** Resolves when every queued job has run. */
  async idle(): Promise<void> {
    let last: Promise<void> | undefined;
    while (last !== this.running) {
      last = this.running;
      await last;
    }
  }

  async close(): Promise<void> {
    this.started = false;
    await this.idle();
  }

  private push(job: Queued): void {
    this.pending.push(job);
    if (this.started) this.pump();
  }

  private pump(): void {
    this.running = this.running.then(async () => {
      for (let job = this.pending.shift(); job && this.started; job = this.pending.shift()) {
        const h = this.handlers.get(job.name);
        if (!h) {
          this.failures.push({ jobId: job.ctx.jobId, error: new Error(`no handler for job "${job.name}"`) });
          continue;
        }
        let payload: unknown;
        try {
          payload = checkPayload(h.def, job.payload);
          await h.handler(payload, job.ctx);
        } catch (e) {
          this.failures.push({ jobId: job.ctx.jobId, error: e as Error });
          if (payload !== undefined) await h.onFailed?.(payload, job.ctx, (e as Error).message);
        }
      }
    });
  }
}
