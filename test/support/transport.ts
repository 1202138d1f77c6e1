// The queues and the event bus of a test, in the mode the run chose: on Redis (default), or
// in the process as single-process mode has them (TEST_REDIS=memory, which global-setup turns
// into REDIS_URL=memory). Suites that build their own queue or bus take them from here, so
// the same tests run in both modes.
import { config } from '../../src/config.js';
import { RedisEventBus, type EventBus } from '../../src/events/bus.js';
import { BullMqQueue } from '../../src/jobs/bullmq-driver.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { localBus, localQueue } from '../../src/runtime/single-process.js';
import { isSingleProcess } from '../../src/shared/redis-mode.js';

export const singleProcessRun = (): boolean => isSingleProcess(config());

/** The bus of the run's prefix (or `prefix`), as a gateway of the run opens it. */
export function testBus(prefix = config().REDIS_PREFIX): EventBus {
  return singleProcessRun() ? localBus({ REDIS_PREFIX: prefix }) : new RedisEventBus(config().REDIS_URL, prefix);
}

/** A queue named `queueName` under the run's prefix. */
export function testQueue(queueName: string): JobQueue {
  return singleProcessRun() ? localQueue(config(), queueName) : new BullMqQueue({ redisUrl: config().REDIS_URL, prefix: config().REDIS_PREFIX, queueName });
}
