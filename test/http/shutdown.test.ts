// Stopping while Redis is down: a SIGTERM during a Redis outage must end the process, not
// wait for Redis to come back (ioredis keeps a command sent on a broken connection for the
// reconnection, and a connection waiting to reconnect never reports that it closed).
import { randomUUID } from 'node:crypto';
import { startGateway, startWorker } from '../../src/runtime/index.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { config } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { InProcessEventBus, RedisEventBus } from '../../src/events/bus.js';
import { addToOutbox, startOutboxRelay, type OutboxSink } from '../../src/events/outbox.js';
import { BullMqQueue } from '../../src/jobs/bullmq-driver.js';
import { logger } from '../../src/shared/logger.js';
import { ownRedis } from '../support/redis-server.js';

const redis = ownRedis();
const backends = () => ({ SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') });
const settings = () => ({ ...config(), PORT: 0, REDIS_URL: redis.url, REDIS_PREFIX: `shutdown-${process.pid}` });

beforeEach(() => redis.start());
afterAll(() => redis.stop());

/** Until every connection has failed at least once and is waiting to reconnect. */
async function redisIsDown(ping: () => Promise<unknown>): Promise<void> {
  await redis.stop();
  for (let failed = false; !failed; ) failed = await ping().then(() => false, () => true);
  await new Promise((r) => setTimeout(r, 300));
}

it('the event bus closes while Redis is down, with a read pending', async () => {
  const bus = new RedisEventBus(redis.url, settings().REDIS_PREFIX);
  await bus.subscribe(() => undefined);
  await redisIsDown(() => bus.ping());
  await bus.close();
});

it('a job queue closes while Redis is down', async () => {
  const queue = new BullMqQueue({ redisUrl: redis.url, prefix: settings().REDIS_PREFIX, queueName: 'shutdown' });
  const bus = new RedisEventBus(redis.url, settings().REDIS_PREFIX);
  await queue.start(); // a worker, blocked on its next job
  await redisIsDown(() => bus.ping());
  await Promise.all([queue.close(), bus.close()]);
});

it('a gateway stops while Redis is down', async () => {
  const gateway = await startGateway({ config: settings(), backends: backends() });
  const ready = () => fetch(gateway.url.replace('/graphql', '/readyz')).then((r) => (r.ok ? undefined : Promise.reject(new Error('not ready'))));
  await redisIsDown(ready);
  await gateway.stop();
});

it('a worker stops while Redis is down', async () => {
  const cfg = settings();
  const bus = new RedisEventBus(redis.url, cfg.REDIS_PREFIX);
  const gateway = await startGateway({ config: cfg, backends: backends() });
  const worker = await startWorker(cfg, gateway.services.db, logger(), { backends: backends(), bus });
  await redisIsDown(() => bus.ping());
  await worker.stop();
  await bus.close();
  await gateway.stop();
});

it('the outbox relay stops while a pass waits on Redis to queue deliveries', async () => {
  const db = createDb({ url: config().DATABASE_URL, poolSize: 2 });
  const teamId = randomUUID();
  await db.$transaction((tx) => addToOutbox(tx, [{ type: 'CREDENTIALS_CHANGED', eventId: `shutdown-${teamId}`, teamId }]));
  let queueing = (): void => undefined;
  const waiting = new Promise<void>((resolve) => (queueing = resolve));
  // As webhookSink's queueing does while Redis is down: it never settles.
  const stuck: OutboxSink = async () => async () => (queueing(), new Promise<void>(() => undefined));
  const relay = startOutboxRelay(db, new InProcessEventBus(), { intervalMs: 60_000, onError: () => undefined, sinks: [stuck] });
  await waiting;
  await relay.stop(100);
  // The events were marked in the committed transaction: nothing is relayed twice.
  expect(await db.outboxEvent.count({ where: { teamId, publishedAt: null } })).toBe(0);
  await db.$disconnect();
});
