// Webhook delivery end to end: outbox → relay sink → real BullMQ queue → real HTTP
// receiver. Runs on a database of its own so that no other test file's relay (which has
// no webhook sink) takes these events first; Redis queues have a fresh name per test.
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { createDatabase, dropDatabase, migrateDatabase } from '../../src/db/admin.js';
import { InProcessEventBus } from '../../src/events/bus.js';
import { addToOutbox, relayOutbox } from '../../src/events/outbox.js';
import type { GatewayEvent } from '../../src/events/types.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { TenancyManager } from '../../src/tenancy/manager.js';
import { attemptDelivery, startDeliverySweeper, sweepDeliveries, verifySignature, webhookSink } from '../../src/webhooks/index.js';
import { queueAttempt } from '../../src/webhooks/jobs.js';
import { WebhookManager } from '../../src/webhooks/manager.js';
import { BullMqQueue } from '../../src/jobs/bullmq-driver.js';
import { metricsText } from '../../src/ops/metrics.js';
import { registerWebhookJobs } from '../../src/webhooks/delivery.js';
import { capturedLog } from '../hardening/log-capture.js';
import { sample } from '../ops/scrape.js';
import { actorOf, hex, startTarget, startWebhookQueue, statusChanged, testSettings, violation, waitFor, type Target } from './support.js';

const url = new URL(config().DATABASE_URL);
url.pathname = `${url.pathname}_webhooks`;
let db: Db;
let tenancy: TenancyManager;
const bus = new InProcessEventBus();
const cleanup: Array<{ close(): Promise<void> }> = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await createDatabase(url.toString());
  await migrateDatabase(url.toString());
  db = createDb({ url: url.toString(), poolSize: 4 });
  tenancy = new TenancyManager(db, config());
}, 120_000);
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c.close();
});
afterAll(async () => {
  await db.$disconnect();
  await dropDatabase(url.toString());
});

async function team(queue?: JobQueue) {
  const { team: t } = await tenancy.createTeam({ slug: `wh-${hex(5)}`, displayName: 'Webhooks' }, `req-${hex()}`);
  return { id: t.id, actor: actorOf(t.id), webhooks: new WebhookManager(db, testSettings(), queue) };
}

async function target(respond: (n: number) => number): Promise<Target> {
  const t = await startTarget(respond);
  cleanup.push(t);
  return t;
}

async function queueWith(settings = testSettings()) {
  const q = await startWebhookQueue(db, settings);
  cleanup.push(q);
  return q;
}

/** Commits events to the outbox (as a sync does) and relays them through the webhook sink. */
async function emit(events: GatewayEvent[], queue: JobQueue): Promise<void> {
  await db.$transaction((tx) => addToOutbox(tx, events));
  while ((await relayOutbox(db, bus, { sinks: [webhookSink(queue)] })) > 0);
}

const delivery = (channelId: string, status?: 'DELIVERED' | 'DEAD') => db.webhookDelivery.findFirst({ where: { channelId, ...(status ? { status } : {}) } });

describe('webhook deliveries', () => {
  it('retries with backoff until the receiver answers 2xx: delivered once, 4 attempts logged, signed and fresh', async () => {
    const receiver = await target((n) => (n < 3 ? 500 : 200));
    const queue = await queueWith();
    const t = await team();
    const { webhook, secret } = await t.webhooks.create(t.actor, { name: 'ops', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] });
    const e = violation(t.id);
    await emit([e], queue);

    const d = await waitFor('DELIVERED', () => delivery(webhook.id, 'DELIVERED'));
    expect(d).toMatchObject({ eventId: e.eventId, eventType: 'VIOLATION_DETECTED', attempts: 4, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    await sleep(300);
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 500, 200]);
    // Exponential backoff (50 ms doubling, ±20%).
    const gaps = receiver.received.slice(1).map((r, i) => r.at - (receiver.received[i] as { at: number }).at);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[2]).toBeGreaterThanOrEqual(150);

    for (const r of receiver.received) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-mmg-event-id']).toBe(e.eventId);
      expect(r.headers['x-mmg-delivery-id']).toBe(d.id);
      const ts = Number(r.headers['x-mmg-timestamp']);
      expect(Math.abs(Date.now() / 1000 - ts)).toBeLessThan(30);
      expect(verifySignature(secret, ts, r.body, r.headers['x-mmg-signature'] as string)).toBe(true);
    }
    const last = receiver.received[3] as { body: string; headers: Record<string, string> };
    expect(JSON.parse(last.body)).toEqual({ id: e.eventId, type: 'VIOLATION_DETECTED', occurredAt: e.occurredAt, data: e });
    const [ts, sig] = [Number(last.headers['x-mmg-timestamp']), last.headers['x-mmg-signature'] as string];
    expect(verifySignature('whsec_wrong-secret-0000', ts, last.body, sig)).toBe(false);
    expect(verifySignature(secret, ts, last.body.replace('age', 'agf'), sig)).toBe(false);
    expect(verifySignature(secret, ts, last.body, sig, 300, ts + 301)).toBe(false); // a replay 5 minutes later
    expect(verifySignature(secret, ts + 1, last.body, sig)).toBe(false);

    const log = await t.webhooks.deliveries(t.id, webhook.id, null, { first: 10 });
    expect(log.edges.map((x) => [x.node.status, x.node.attempts])).toEqual([['DELIVERED', 4]]);
  });

  it('goes DEAD after the last attempt, and a redelivery is delivered once the receiver recovers', async () => {
    const receiver = await target(() => 503);
    const queue = await queueWith(testSettings({ maxAttempts: 3 }));
    const t = await team(queue);
    const { webhook, secret } = await t.webhooks.create(t.actor, { name: 'flaky', url: receiver.url, eventTypes: ['EXECUTION_STATUS_CHANGED'], secret: 'my-own-secret-0123456789' });
    expect(secret).toBe('my-own-secret-0123456789');
    expect(webhook.secretPrefix).toBe('my-o');
    await emit([statusChanged(t.id)], queue);
    const dead = await waitFor('DEAD', () => delivery(webhook.id, 'DEAD'));
    expect(dead).toMatchObject({ attempts: 3, lastStatusCode: 503, lastError: 'HTTP 503 Service Unavailable', nextAttemptAt: null, deliveredAt: null });
    await sleep(400);
    expect(receiver.received).toHaveLength(3);

    receiver.respond = () => 204;
    const again = await t.webhooks.redeliver(t.actor, dead.id);
    expect(again).toMatchObject({ status: 'PENDING', attempts: 0, lastError: null });
    const done = await waitFor('DELIVERED', () => delivery(webhook.id, 'DELIVERED'));
    expect(done).toMatchObject({ id: dead.id, attempts: 1, lastStatusCode: 204 });
    await sleep(300);
    expect(receiver.received.map((r) => r.status)).toEqual([503, 503, 503, 204]);
    const last = receiver.received[3] as { body: string; headers: Record<string, string> };
    expect(verifySignature(secret, last.headers['x-mmg-timestamp'] as string, last.body, last.headers['x-mmg-signature'] as string)).toBe(true);
    const audit = await db.auditEvent.findMany({ where: { teamId: t.id, action: 'webhookDelivery.redeliver' } });
    expect(audit.map((a) => a.targetId)).toEqual([dead.id]);
  });

  it('counts each outcome once, where it is recorded, and logs a DEAD delivery at warn', async () => {
    const before = await metricsText();
    const receiver = await target((n) => (n < 2 ? 500 : 410));
    const captured = capturedLog('info');
    const queue = new BullMqQueue({ redisUrl: config().REDIS_URL, prefix: config().REDIS_PREFIX, queueName: `webhooks-${hex(6)}` });
    cleanup.push(queue);
    registerWebhookJobs(queue, { db, settings: testSettings(), log: captured.log });
    await queue.start({ concurrency: 4 });
    const t = await team();
    const { webhook } = await t.webhooks.create(t.actor, { name: 'gone-later', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] });
    await emit([violation(t.id)], queue);
    const dead = await waitFor('DEAD', () => delivery(webhook.id, 'DEAD'));
    // A late duplicate job for the last attempt neither sends nor counts.
    await attemptDelivery({ db, queue, settings: testSettings() }, dead.id);
    await sleep(200);
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 410]);
    const after = await metricsText();
    const moved = (outcome: string) => (sample(after, 'mmg_webhook_deliveries_total', { outcome }) ?? 0) - (sample(before, 'mmg_webhook_deliveries_total', { outcome }) ?? 0);
    expect([moved('delivered'), moved('failed'), moved('dead')]).toEqual([0, 2, 1]);
    const lines = captured.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['msg'] === 'webhook delivery dead');
    expect(lines).toEqual([expect.objectContaining({ level: 40, deliveryId: dead.id, webhookId: webhook.id, attempts: 3, lastStatusCode: 410, lastError: 'HTTP 410 Gone' })]);
  });

  it('a 4xx other than 408/425/429 is DEAD at once; 429 is retried', async () => {
    const gone = await target(() => 410);
    const limited = await target((n) => (n === 0 ? 429 : 200));
    const queue = await queueWith();
    const t = await team();
    const a = (await t.webhooks.create(t.actor, { name: 'gone', url: gone.url, eventTypes: ['VIOLATION_DETECTED'] })).webhook;
    const b = (await t.webhooks.create(t.actor, { name: 'limited', url: limited.url, eventTypes: ['VIOLATION_DETECTED'] })).webhook;
    await emit([violation(t.id)], queue);
    expect(await waitFor('DEAD', () => delivery(a.id, 'DEAD'))).toMatchObject({ attempts: 1, lastStatusCode: 410 });
    expect(await waitFor('DELIVERED', () => delivery(b.id, 'DELIVERED'))).toMatchObject({ attempts: 2, lastStatusCode: 200 });
  });

  it('sends each event once per matching channel: other teams, event types, filters and paused channels get nothing', async () => {
    const mine = await target(() => 200);
    const theirs = await target(() => 200);
    const queue = await queueWith();
    const t = await team();
    const other = await team();
    const make = async (name: string, input: Record<string, unknown>) =>
      (await t.webhooks.create(t.actor, { name, url: mine.url, eventTypes: ['VIOLATION_DETECTED'], ...input })).webhook;
    const all = await make('all', { eventTypes: ['VIOLATION_DETECTED', 'EXECUTION_STATUS_CHANGED'] });
    const drift = await make('drift', { filter: { checkType: 'baseline_drift_check', endpointName: 'churn-ep' } });
    const otherEndpoint = await make('other-ep', { filter: { endpointName: 'other-ep' } });
    const slack = await make('slack', { format: 'SLACK' });
    const paused = await make('paused', {});
    await t.webhooks.update(t.actor, paused.id, { active: false });
    const foreign = (await other.webhooks.create(other.actor, { name: 'all', url: theirs.url, eventTypes: ['VIOLATION_DETECTED', 'EXECUTION_STATUS_CHANGED'] })).webhook;

    const v1 = violation(t.id);
    const v2 = violation(t.id, { checkType: 'data_type_check', featureName: 'plan', description: 'plan has 3% strings' });
    const s1 = statusChanged(t.id);
    await emit([v1, v2, s1], queue);
    // Relayed again (the same events added twice, and a relay pass that sees them again): nothing new.
    await emit([v1, v2, s1], queue);
    await db.outboxEvent.updateMany({ where: { eventId: { in: [v1.eventId, s1.eventId] } }, data: { publishedAt: null } });
    await emit([], queue);

    const byChannel = async (id: string) => (await db.webhookDelivery.findMany({ where: { channelId: id } })).map((d) => d.eventId).sort();
    expect(await byChannel(all.id)).toEqual([v1.eventId, v2.eventId, s1.eventId].sort());
    expect(await byChannel(drift.id)).toEqual([v1.eventId]);
    expect(await byChannel(otherEndpoint.id)).toEqual([]);
    // SLACK webhooks are sent one digest per finished run (test/webhooks/digest.test.ts), not violations one by one.
    expect(await byChannel(slack.id)).toEqual([]);
    expect(await byChannel(paused.id)).toEqual([]);
    expect(await byChannel(foreign.id)).toEqual([]);

    await waitFor('4 deliveries', async () => (await db.webhookDelivery.count({ where: { teamId: t.id, status: 'DELIVERED' } })) === 4);
    await sleep(300);
    expect(mine.received).toHaveLength(4);
    expect(theirs.received).toHaveLength(0);
    const ids = mine.received.map((r) => String(r.headers['x-mmg-delivery-id']));
    expect(new Set(ids).size).toBe(4);
  });

  it('the sweeper queues PENDING deliveries whose job was lost, once', async () => {
    const receiver = await target(() => 200);
    const queue = await queueWith();
    const t = await team();
    const { webhook } = await t.webhooks.create(t.actor, { name: 'lost', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] });
    // The process that relayed died before its queue got the job (a queue nobody runs).
    await emit([violation(t.id), violation(t.id)], new InProcessQueue());
    await sleep(200);
    expect(receiver.received).toHaveLength(0);
    expect(await db.webhookDelivery.count({ where: { channelId: webhook.id, status: 'PENDING' } })).toBe(2);

    const [n1, n2] = await Promise.all([sweepDeliveries(db, queue), sweepDeliveries(db, queue)]);
    expect(n1).toBeGreaterThanOrEqual(2);
    expect(n2).toBeGreaterThanOrEqual(2);
    await waitFor('both DELIVERED', async () => (await db.webhookDelivery.count({ where: { channelId: webhook.id, status: 'DELIVERED' } })) === 2);
    await sweepDeliveries(db, queue);
    await sleep(300);
    expect(receiver.received).toHaveLength(2);
  });

  it('a paused webhook\'s deliveries wait; once resumed, a worker\'s sweeper loop sends them', async () => {
    const receiver = await target(() => 200);
    const queue = await queueWith();
    const t = await team();
    const { webhook } = await t.webhooks.create(t.actor, { name: 'loop', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] });
    await emit([violation(t.id)], new InProcessQueue()); // its job is held back until after the pause
    await t.webhooks.update(t.actor, webhook.id, { active: false });
    const d = await waitFor('PENDING', () => delivery(webhook.id));
    await queueAttempt(queue, d); // its job runs (and completes) while paused: nothing is sent
    await waitFor('the job ran', async () => (await (queue as BullMqQueue).bull.getJobCounts('completed'))['completed'] === 1);
    expect(await sweepDeliveries(db, queue)).toBe(0);
    await sleep(200);
    expect(receiver.received).toHaveLength(0);
    expect(await delivery(webhook.id)).toMatchObject({ status: 'PENDING', attempts: 0 });
    await t.webhooks.update(t.actor, webhook.id, { active: true });
    const errors: unknown[] = [];
    const sweeper = startDeliverySweeper(db, queue, { intervalMs: 100, onError: (e) => errors.push(e) });
    try {
      await waitFor('DELIVERED', () => delivery(webhook.id, 'DELIVERED'));
    } finally {
      await sweeper.stop();
    }
    expect(errors).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });

  it('a due delivery whose job ended without sending (e.g. stalled out after worker kills) is queued under a new job id once overdue', async () => {
    const receiver = await target(() => 200);
    const queue = await queueWith();
    const t = await team();
    const { webhook } = await t.webhooks.create(t.actor, { name: 'stuck', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] });
    await emit([violation(t.id)], new InProcessQueue());
    const d = await waitFor('PENDING', () => delivery(webhook.id));
    // The attempt's job ends in BullMQ without a POST (here: the channel was paused then); the row stays due as it was.
    await db.webhookChannel.update({ where: { id: webhook.id }, data: { active: false } });
    await queueAttempt(queue, d);
    await waitFor('the job ran', async () => (await (queue as BullMqQueue).bull.getJobCounts('completed'))['completed'] === 1);
    await db.webhookChannel.update({ where: { id: webhook.id }, data: { active: true } });
    // Its job id is taken, so queueing the same attempt again is a no-op…
    expect(await sweepDeliveries(db, queue)).toBe(1);
    await sleep(300);
    expect(receiver.received).toHaveLength(0);
    // …until it is overdue by stuckAfterMs: then it gets a job id of its own, and is sent once.
    await sleep(150);
    await Promise.all([sweepDeliveries(db, queue, { stuckAfterMs: 100 }), sweepDeliveries(db, queue, { stuckAfterMs: 100 })]);
    await waitFor('DELIVERED', () => delivery(webhook.id, 'DELIVERED'));
    await sleep(200);
    expect(receiver.received).toHaveLength(1);
  });

  it('two jobs for the same attempt make one request (the attempt is claimed in the row)', async () => {
    const receiver = await target(() => 200);
    const t = await team();
    const { webhook } = await t.webhooks.create(t.actor, { name: 'claim', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] });
    await emit([violation(t.id)], new InProcessQueue());
    const d = await waitFor('PENDING', () => delivery(webhook.id));
    const deps = { db, queue: new InProcessQueue(), settings: testSettings() };
    await Promise.all([attemptDelivery(deps, d.id), attemptDelivery(deps, d.id), attemptDelivery(deps, d.id)]);
    expect(receiver.received).toHaveLength(1);
    expect(await delivery(webhook.id)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
  });
});
