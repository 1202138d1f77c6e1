// Single-process mode (REDIS_URL=memory, or unset with no Redis on 127.0.0.1:6379): the
// queues and the event bus live in this process instead of Redis. The gateway and the
// worker it runs in the same process share them: every queue name (and the bus) has one
// instance per REDIS_PREFIX, and each user gets a handle of its own. A queue's consumer
// (the handle that started it) stops it on close; a bus handle's close drops only the
// subscriptions made through it.
import type { Config } from '../config.js';
import { InProcessEventBus, type EventBus } from '../events/bus.js';
import type { GatewayEvent } from '../events/types.js';
import { InProcessQueue } from '../jobs/in-process-driver.js';
import type { FlowJob, JobDefinition, JobFailureHandler, JobHandler, JobQueue, SchedulerInfo } from '../jobs/queue.js';

const queues = new Map<string, InProcessQueue>();
const buses = new Map<string, InProcessEventBus>();

class LocalQueue implements JobQueue {
  private consumer = false;

  constructor(private readonly key: string, private readonly queue: InProcessQueue) {}

  enqueue<T>(def: JobDefinition<T>, payload: T, opts?: { jobId?: string; delayMs?: number }): Promise<void> {
    return this.queue.enqueue(def, payload, opts);
  }

  enqueueFlow(parent: FlowJob, children: readonly FlowJob[]): Promise<void> {
    return this.queue.enqueueFlow(parent, children);
  }

  upsertScheduler<T>(id: string, pattern: string, def: JobDefinition<T>, payload: T): Promise<void> {
    return this.queue.upsertScheduler(id, pattern, def, payload);
  }

  removeScheduler(id: string): Promise<void> {
    return this.queue.removeScheduler(id);
  }

  getScheduler(id: string): Promise<SchedulerInfo | null> {
    return this.queue.getScheduler(id);
  }

  handle<T>(def: JobDefinition<T>, handler: JobHandler<T>, onFailed?: JobFailureHandler<T>): void {
    this.queue.handle(def, handler, onFailed);
  }

  start(opts?: { concurrency?: number }): Promise<void> {
    this.consumer = true;
    return this.queue.start(opts);
  }

  /** The consumer's close stops the queue (a later start in this process begins a new one). */
  async close(): Promise<void> {
    if (!this.consumer) return;
    this.consumer = false;
    if (queues.get(this.key) === this.queue) queues.delete(this.key);
    await this.queue.close();
  }
}

/** A handle on this process's queue `name` under `prefix` (schedulers on the clock, retries as defined). */
export function localQueue(config: Pick<Config, 'REDIS_PREFIX'>, name: string): JobQueue {
  const key = `${config.REDIS_PREFIX}:${name}`;
  let queue = queues.get(key);
  if (!queue) {
    queue = new InProcessQueue({ clock: true, retries: true });
    queues.set(key, queue);
  }
  return new LocalQueue(key, queue);
}

/** A handle on this process's event bus under `prefix`. */
export function localBus(config: Pick<Config, 'REDIS_PREFIX'>): EventBus {
  let bus = buses.get(config.REDIS_PREFIX);
  if (!bus) {
    bus = new InProcessEventBus();
    buses.set(config.REDIS_PREFIX, bus);
  }
  const shared = bus;
  const mine = new Set<() => void>();
  return {
    publish: (events: readonly GatewayEvent[]) => shared.publish(events),
    subscribe: async (handler) => {
      const off = await shared.subscribe(handler);
      mine.add(off);
      return () => {
        mine.delete(off);
        off();
      };
    },
    ping: () => shared.ping(),
    close: async () => {
      for (const off of mine) off();
      mine.clear();
    },
  };
}
