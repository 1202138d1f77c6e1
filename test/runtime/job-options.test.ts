// Each job is queued with its definition's options (attempts, backoff, retention) whichever
// process queues it: a webhook delivery queued by the gateway and one queued by a worker
// carry the same options, and every job definition's options are what BullMQ applies.
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { config } from '../../src/config.js';
import { BullMqQueue } from '../../src/jobs/bullmq-driver.js';
import { RunExecutionJob, SuggestBaselineJob } from '../../src/jobs/definitions.js';
import type { JobDefinition } from '../../src/jobs/queue.js';
import { ReconcileJob } from '../../src/reconcile/jobs.js';
import { DispatchPollsJob, PollBaselineJob, PollScheduleJob } from '../../src/sync/jobs.js';
import { startWorker, type RunningWorker } from '../../src/runtime/index.js';
import { logger } from '../../src/shared/logger.js';
import { DeliverWebhookJob, fanOut, WEBHOOK_QUEUE } from '../../src/webhooks/index.js';
import { MUTATION_DOCS } from '../api/support-ops.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { hex, LOOPBACK_RECEIVERS, startTarget, violation, waitFor, type Target } from '../webhooks/support.js';

const REDIS_PREFIX = `${config().REDIS_PREFIX}:job-options-${hex()}`;
let env: TestGateway;
let receiver: Target;
let worker: RunningWorker | undefined;
let webhooks: BullMqQueue;
const queues: BullMqQueue[] = [];

beforeAll(async () => {
  env = await startTestGateway({ ...LOOPBACK_RECEIVERS, REDIS_PREFIX });
  receiver = await startTarget(() => 204);
  webhooks = new BullMqQueue({ redisUrl: config().REDIS_URL, prefix: REDIS_PREFIX, queueName: WEBHOOK_QUEUE });
});
afterAll(async () => {
  await worker?.stop();
  for (const q of queues) {
    await q.bull.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  await webhooks.bull.obliterate({ force: true }).catch(() => undefined);
  await webhooks.close();
  await receiver.close();
  await env.stop();
});

/** What BullMQ applies to a job, in the terms of JobOptions. */
const applied = (j: Job) => ({
  attempts: j.opts.attempts, backoff: j.opts.backoff, removeOnComplete: j.opts.removeOnComplete, removeOnFail: j.opts.removeOnFail,
});
const expected = ({ options: o }: JobDefinition<unknown>) => ({
  attempts: o.attempts, backoff: { type: 'exponential', delay: o.backoffMs, jitter: 0.5 },
  removeOnComplete: { age: o.keepCompleted.ageSec, count: o.keepCompleted.count }, removeOnFail: { age: o.keepFailedSec },
});

const jobOf = async (deliveryId: string) => (await webhooks.bull.getJobs()).find((j) => (j.data as { deliveryId?: string }).deliveryId === deliveryId);

it('a webhook delivery gets the same attempts and backoff from the gateway as from a worker', async () => {
  const team = await seed(env).createTeam();
  await team.call(MUTATION_DOCS['createWebhook'] as string, { input: { name: 'opts', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] } });
  const db = env.gateway.services.db;
  const [dead, pending] = await db.$transaction((tx) => fanOut(tx, [violation(team.id), violation(team.id)]));
  // The gateway queues a redelivery at once; a worker's sweeper queues the due one.
  await db.webhookDelivery.update({ where: { id: dead!.id }, data: { status: 'DEAD', nextAttemptAt: null } });
  await team.call(MUTATION_DOCS['redeliverWebhookDelivery'] as string, { id: dead!.id });
  const fromGateway = await waitFor('the gateway-queued job', () => jobOf(dead!.id));
  worker = await startWorker({ ...config(), ...LOOPBACK_RECEIVERS, REDIS_PREFIX, WEBHOOK_SWEEP_INTERVAL_MS: 1000 }, db, logger(), { backends: env.backends });
  const fromWorker = await waitFor('the worker-queued job', () => jobOf(pending!.id));
  expect(applied(fromGateway)).toEqual(applied(fromWorker));
  expect(applied(fromWorker)).toEqual(expected(DeliverWebhookJob));
});

const ID = randomUUID();
const JOBS: Array<[JobDefinition<unknown>, unknown]> = [
  [RunExecutionJob, { scheduleRef: 'ref-1' }],
  [SuggestBaselineJob, { jobRef: ID }],
  [DeliverWebhookJob, { deliveryId: ID }],
  [DispatchPollsJob, {}],
  [PollScheduleJob, { scheduleId: ID, teamId: ID }],
  [PollBaselineJob, { baselineId: ID, teamId: ID }],
  [ReconcileJob, { repair: true }],
];

describe.each(JOBS.map(([def, payload]) => [def.name, def, payload] as const))('%s', (_name, def, payload) => {
  const fresh = () => {
    const q = new BullMqQueue({ redisUrl: config().REDIS_URL, prefix: `${REDIS_PREFIX}-${hex()}` });
    queues.push(q);
    return q;
  };

  it('is queued with the options of its definition', async () => {
    const q = fresh();
    await q.enqueue(def, payload, { jobId: 'one' });
    expect(applied((await q.bull.getJob('one'))!)).toEqual(expected(def));
  });

  it('is scheduled with the options of its definition', async () => {
    const q = fresh();
    await q.upsertScheduler('every-hour', '0 0 * * * *', def, payload);
    const [next] = await q.bull.getDelayed();
    expect(applied(next!)).toEqual(expected(def));
  });
});
