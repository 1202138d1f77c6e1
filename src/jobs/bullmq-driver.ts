// JobQueue on BullMQ + Redis. One queue per deployment, named `engine` under the
// deployment's key prefix (config REDIS_PREFIX); every worker process consumes
// it, so several workers share the load. Cron schedules are BullMQ Job
// Schedulers (id = the schedule ref), which Redis keeps exactly once however
// many processes upsert them.
import { FlowProducer, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { AppError, ErrorCode } from '../shared/errors.js';
import { closeRedis } from '../shared/redis.js';
import {
  checkPayload, PermanentJobError, RateLimitedJobError, type FlowJob, type JobContext, type JobDefinition, type JobFailureHandler, type JobHandler, type JobQueue, type SchedulerInfo,
} from './queue.js';

export interface BullMqQueueOptions {
  redisUrl: string;
  /** Key prefix of this deployment (config REDIS_PREFIX). */
  prefix: string;
  queueName?: string;
  /** At most `max` jobs per `durationMs` across every worker of the queue (BullMQ's global limiter). */
  limiter?: { max: number; durationMs: number };
  /** How long a worker holds a job before others may take it as stalled (its process died). */
  lockDurationMs?: number;
}

/** The built-in engine's queue (the default name). */
export const ENGINE_QUEUE = 'engine';
const QUEUE = ENGINE_QUEUE;
/** Reconnection attempts a queueing command waits through (ioredis backs off up to 2 s each). */
const PRODUCER_RETRIES = 3;

/** ioredis gave up on the command, or the connection broke under it. */
function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'MaxRetriesPerRequestError' || /Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE/.test(error.message);
}

export class BullMqQueue implements JobQueue {
  private readonly connections: Redis[] = [];
  private readonly queue: Queue;
  private readonly handlers = new Map<string, { def: JobDefinition<unknown>; handler: JobHandler<unknown>; onFailed?: JobFailureHandler<unknown> }>();
  private worker: Worker | undefined;
  private flows: FlowProducer | undefined;

  constructor(private readonly opts: BullMqQueueOptions) {
    // Queueing gives up after a few reconnection attempts (a few seconds) instead of waiting
    // for Redis as long as it is down: a mutation that queues work answers UNAVAILABLE.
    this.queue = new Queue(opts.queueName ?? QUEUE, { connection: this.connection(PRODUCER_RETRIES), prefix: opts.prefix });
  }

  /** BullMQ requires maxRetriesPerRequest null (wait for Redis) for a worker's connections. */
  private connection(maxRetriesPerRequest: number | null = null): Redis {
    const c = new Redis(this.opts.redisUrl, { maxRetriesPerRequest });
    this.connections.push(c);
    return c;
  }

  /** Redis unreachable becomes UNAVAILABLE (transient: try again), never an internal error. */
  private async producing<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      throw new AppError(ErrorCode.UNAVAILABLE, `Could not ${what}: the job queue (Redis) is unreachable; try again later`);
    }
  }

  /** The job's own options (its definition's), never the queue's: every producer queues it alike. */
  private jobOptions({ options: o }: JobDefinition<unknown>) {
    return {
      attempts: o.attempts,
      backoff: { type: 'exponential', delay: o.backoffMs, jitter: 0.5 },
      removeOnComplete: { age: o.keepCompleted.ageSec, count: o.keepCompleted.count },
      removeOnFail: { age: o.keepFailedSec },
    };
  }

  async enqueue<T>(def: JobDefinition<T>, payload: T, opts: { jobId?: string; delayMs?: number } = {}): Promise<void> {
    const data = checkPayload(def, payload);
    const jobOpts = { ...(opts.jobId ? { jobId: opts.jobId } : {}), ...(opts.delayMs !== undefined && opts.delayMs > 0 ? { delay: opts.delayMs } : {}), ...this.jobOptions(def) };
    await this.producing(`queue a ${def.name} job`, () => this.queue.add(def.name, data, jobOpts));
  }

  /** A BullMQ flow: the children wait in the queue, the parent in waiting-children until they completed. */
  async enqueueFlow(parent: FlowJob, children: readonly FlowJob[]): Promise<void> {
    this.flows ??= new FlowProducer({ connection: this.connection(PRODUCER_RETRIES), prefix: this.opts.prefix });
    const node = (j: FlowJob, extra: object = {}) => ({ name: j.def.name, queueName: this.queue.name, data: checkPayload(j.def, j.payload), opts: { jobId: j.jobId, ...this.jobOptions(j.def), ...extra } });
    const flows = this.flows;
    await this.producing(`queue a ${parent.def.name} flow`, () => flows.add({ ...node(parent), children: children.map((c) => node(c, { failParentOnFailure: true })) }));
  }

  async upsertScheduler<T>(id: string, pattern: string, def: JobDefinition<T>, payload: T): Promise<void> {
    const data = checkPayload(def, payload);
    await this.producing(`schedule ${def.name} jobs`, () => this.queue.upsertJobScheduler(id, { pattern, tz: 'UTC' }, { name: def.name, data, opts: this.jobOptions(def) }));
  }

  async removeScheduler(id: string): Promise<void> {
    await this.producing('remove a job scheduler', () => this.queue.removeJobScheduler(id));
  }

  async getScheduler(id: string): Promise<SchedulerInfo | null> {
    const s = await this.producing('read a job scheduler', () => this.queue.getJobScheduler(id));
    if (!s) return null;
    return { id, pattern: s.pattern ?? '', jobName: s.name, next: s.next !== undefined ? new Date(s.next) : null };
  }

  handle<T>(def: JobDefinition<T>, handler: JobHandler<T>, onFailed?: JobFailureHandler<T>): void {
    this.handlers.set(def.name, {
      def, handler: handler as JobHandler<unknown>, ...(onFailed ? { onFailed: onFailed as JobFailureHandler<unknown> } : {}),
    });
  }

  async start(opts: { concurrency?: number } = {}): Promise<void> {
    this.worker = new Worker(this.queue.name, (job) => this.run(job), {
      connection: this.connection(),
      prefix: this.opts.prefix,
      concurrency: opts.concurrency ?? 2,
      ...(this.opts.limiter ? { limiter: { max: this.opts.limiter.max, duration: this.opts.limiter.durationMs } } : {}),
      ...(this.opts.lockDurationMs !== undefined && this.opts.lockDurationMs > 0 ? { lockDuration: this.opts.lockDurationMs, stalledInterval: this.opts.lockDurationMs } : {}),
    });
    // A job that stalled too often (its workers were killed) is failed without running its handler.
    this.worker.on('failed', (job) => {
      if (job?.deferredFailure && job.finishedOn !== undefined) void this.stalledOut(job);
    });
    await this.worker.waitUntilReady();
  }

  /** A failure the handler never saw: told to onFailed (a payload that does not parse has nothing to tell). */
  private async stalledOut(job: Job): Promise<void> {
    const h = this.handlers.get(job.name);
    const payload = h?.def.schema.safeParse(job.data);
    if (h?.onFailed && payload?.success) await h.onFailed(payload.data, this.contextOf(job), job.deferredFailure).catch(() => undefined);
  }

  private contextOf(job: Job): JobContext {
    // A scheduler's job carries its fire time in prevMillis; other jobs their queue time.
    const fire = (job.opts as { prevMillis?: number }).prevMillis;
    const attempt = job.attemptsMade + 1;
    return { jobId: job.id ?? '', scheduledAt: new Date(fire ?? job.timestamp), attempt, final: attempt >= (job.opts.attempts ?? 1) };
  }

  private async run(job: Job): Promise<void> {
    const h = this.handlers.get(job.name);
    if (!h) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    let payload: unknown;
    try {
      payload = checkPayload(h.def, job.data);
    } catch (e) {
      throw new UnrecoverableError((e as Error).message); // retrying cannot fix a bad payload
    }
    const ctx = this.contextOf(job);
    try {
      await h.handler(payload, ctx);
    } catch (e) {
      if (e instanceof RateLimitedJobError && this.worker) {
        await this.worker.rateLimit(e.delayMs);
        throw Worker.RateLimitError();
      }
      const permanent = e instanceof PermanentJobError;
      if ((permanent || ctx.final) && h.onFailed) await h.onFailed(payload, { ...ctx, final: true }, e instanceof Error ? e.message : String(e));
      if (permanent) throw new UnrecoverableError(e.message);
      throw e;
    }
  }

  /** The underlying BullMQ queue (tests inspect jobs). */
  get bull(): Queue {
    return this.queue;
  }

  /**
   * Waits for the jobs in progress, unless Redis is down: then a graceful close would wait
   * for Redis (BullMQ waits for its blocking connection to end, which one waiting to
   * reconnect never does), and those jobs could not be marked done anyway. Their locks
   * expire and another worker runs them again, as after a crash.
   */
  async close(): Promise<void> {
    const redisDown = this.connections.some((c) => c.status !== 'ready');
    await this.worker?.close(redisDown);
    await this.queue.close();
    await this.flows?.close();
    await Promise.all(this.connections.map((c) => closeRedis(c)));
  }
}
