// In-process JobQueue: jobs run on the event loop, in queue order, `concurrency` at a time
// (start's option, default 1). The driver of single-process mode (no Redis), of tests and
// of the engine benches. By default schedulers are only recorded (tests fire them with
// fire(id, at) instead of waiting for the clock) and every job has one attempt; single-
// process mode turns on `clock` (schedulers fire at their cron times, UTC) and `retries`
// (each job's attempts and backoff, as its definition states). Nothing here outlives the
// process: what must survive a restart is re-queued from the database on start
// (src/runtime/recovery.ts).
import { nextFire } from './cron.js';
import {
  checkPayload, PermanentJobError, RateLimitedJobError, type FlowJob, type JobContext, type JobDefinition, type JobFailureHandler, type JobHandler, type JobQueue, type SchedulerInfo,
} from './queue.js';

interface Queued {
  name: string;
  payload: unknown;
  ctx: JobContext;
  /** Called once the job completed (a flow's child tells its parent). */
  done?: () => void;
}

interface Handler {
  def: JobDefinition<unknown>;
  handler: JobHandler<unknown>;
  onFailed?: JobFailureHandler<unknown>;
}

export interface InProcessQueueOptions {
  /** Schedulers queue their job at each cron fire time (otherwise only fire() does). */
  clock?: boolean;
  /** A job that throws runs again per its definition's attempts and backoff (otherwise it fails at once). */
  retries?: boolean;
}

/** Job ids remembered for de-duplication (oldest forgotten first), as BullMQ keeps finished jobs for a while. */
const SEEN_LIMIT = 100_000;
/** setTimeout's longest delay; a later fire time re-arms when it ends. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class InProcessQueue implements JobQueue {
  private readonly handlers = new Map<string, Handler>();
  private readonly schedulers = new Map<string, SchedulerInfo & { payload: unknown; timer?: NodeJS.Timeout }>();
  private readonly seen = new Set<string>();
  private readonly pending: Queued[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private started = false;
  private concurrency = 1;
  private seq = 0;
  /** Jobs failed for good, with their last error. */
  readonly failures: Array<{ jobId: string; error: Error }> = [];

  constructor(private readonly options: InProcessQueueOptions = {}) {}

  async enqueue<T>(def: JobDefinition<T>, payload: T, opts: { jobId?: string; delayMs?: number } = {}): Promise<void> {
    const checked = checkPayload(def, payload);
    const jobId = opts.jobId ?? `job-${++this.seq}`;
    if (!this.remember(jobId)) return;
    const job = { name: def.name, payload: checked, ctx: this.context(def, jobId, new Date(), 1) };
    this.later(opts.delayMs ?? 0, () => this.push(job));
  }

  /** The children run first (in order, `concurrency` at a time); the parent once they all completed. */
  async enqueueFlow(parent: FlowJob, children: readonly FlowJob[]): Promise<void> {
    const job = (j: FlowJob): Queued => ({ name: j.def.name, payload: checkPayload(j.def, j.payload), ctx: this.context(j.def, j.jobId, new Date(), 1) });
    const top = job(parent);
    if (!this.remember(parent.jobId)) return;
    let waiting = children.length;
    if (waiting === 0) return this.push(top);
    for (const c of children) this.push({ ...job(c), done: () => void (--waiting === 0 && this.push(top)) });
  }

  async upsertScheduler<T>(id: string, pattern: string, def: JobDefinition<T>, payload: T): Promise<void> {
    await this.removeScheduler(id);
    const next = this.options.clock ? nextFire(pattern, new Date()) : null;
    this.schedulers.set(id, { id, pattern, jobName: def.name, next, payload: checkPayload(def, payload) });
    if (next) this.arm(id, next);
  }

  async removeScheduler(id: string): Promise<void> {
    const s = this.schedulers.get(id);
    if (s?.timer) clearTimeout(s.timer);
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
    if (!this.remember(jobId)) return;
    const h = this.handlers.get(s.jobName);
    this.push({ name: s.jobName, payload: s.payload, ctx: { jobId, scheduledAt: at, attempt: 1, final: h ? this.context(h.def, jobId, at, 1).final : true } });
  }

  handle<T>(def: JobDefinition<T>, handler: JobHandler<T>, onFailed?: JobFailureHandler<T>): void {
    this.handlers.set(def.name, {
      def, handler: handler as JobHandler<unknown>, ...(onFailed ? { onFailed: onFailed as JobFailureHandler<unknown> } : {}),
    });
  }

  async start(opts: { concurrency?: number } = {}): Promise<void> {
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
    this.started = true;
    this.pump();
  }

  /** Resolves when no job is running (and, once started, none is waiting). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  /** Stops taking jobs, waits for the running ones; delayed jobs and scheduler fires are dropped. */
  async close(): Promise<void> {
    this.started = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.schedulers.values()) if (s.timer) clearTimeout(s.timer);
    await this.idle();
  }

  private remember(jobId: string): boolean {
    if (this.seen.has(jobId)) return false;
    this.seen.add(jobId);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
    return true;
  }

  private context(def: JobDefinition<unknown>, jobId: string, scheduledAt: Date, attempt: number): JobContext {
    return { jobId, scheduledAt, attempt, final: !this.options.retries || attempt >= def.options.attempts };
  }

  private later(delayMs: number, fn: () => void): void {
    if (delayMs <= 0) return fn();
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.min(delayMs, MAX_TIMER_MS));
    t.unref();
    this.timers.add(t);
  }

  private arm(id: string, at: Date): void {
    const s = this.schedulers.get(id);
    if (!s) return;
    const wait = at.getTime() - Date.now();
    s.timer = setTimeout(() => {
      if (this.schedulers.get(id) !== s) return;
      if (wait > MAX_TIMER_MS) return this.arm(id, at);
      s.next = nextFire(s.pattern, new Date(at.getTime() + 1));
      this.fire(id, at);
      if (s.next) this.arm(id, s.next);
    }, Math.min(Math.max(0, wait), MAX_TIMER_MS));
    s.timer.unref();
  }

  private push(job: Queued): void {
    this.pending.push(job);
    if (this.started) this.pump();
  }

  private pump(): void {
    while (this.started && this.running.size < this.concurrency && this.pending.length > 0) {
      const job = this.pending.shift()!;
      const run: Promise<void> = this.run(job).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run(job: Queued): Promise<void> {
    const h = this.handlers.get(job.name);
    if (!h) {
      this.failures.push({ jobId: job.ctx.jobId, error: new Error(`no handler for job "${job.name}"`) });
      return;
    }
    let payload: unknown;
    try {
      payload = checkPayload(h.def, job.payload);
      await h.handler(payload, job.ctx);
      job.done?.();
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      if (payload !== undefined && this.options.retries && this.retry(h, job, error)) return;
      this.failures.push({ jobId: job.ctx.jobId, error });
      if (payload !== undefined) await h.onFailed?.(payload, { ...job.ctx, final: true }, error.message).catch(() => undefined);
    }
  }

  /** Queues the job's next attempt after its backoff (doubling, up to 50% jitter); false when none follows. */
  private retry(h: Handler, job: Queued, error: Error): boolean {
    if (error instanceof RateLimitedJobError) {
      this.later(error.delayMs, () => this.push(job));
      return true;
    }
    if (error instanceof PermanentJobError || job.ctx.final) return false;
    const attempt = job.ctx.attempt + 1;
    const delay = h.def.options.backoffMs * 2 ** (job.ctx.attempt - 1) * (1 - Math.random() * 0.5);
    this.later(delay, () => this.push({ ...job, ctx: this.context(h.def, job.ctx.jobId, job.ctx.scheduledAt, attempt) }));
    return true;
  }
}
