// testWebhook (a signed sample POST answered at once, stored nowhere but the audit log) and
// redeliverWebhookDeliveries (many DEAD deliveries queued again in one call).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { attemptDelivery, fanOut, sweepDeliveries, verifySignature } from '../../src/webhooks/index.js';
import { refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { MUTATION_DOCS } from '../api/support-ops.js';
import { LOOPBACK_RECEIVERS, startTarget, startWebhookQueue, testSettings, violation, waitFor, type Target } from './support.js';

let env: TestGateway;
let receiver: Target;
beforeAll(async () => {
  env = await startTestGateway(LOOPBACK_RECEIVERS);
  receiver = await startTarget(() => 200);
});
afterAll(async () => {
  await receiver.close();
  await env.stop();
});

const TEST = MUTATION_DOCS['testWebhook'] as string;
const BULK = MUTATION_DOCS['redeliverWebhookDeliveries'] as string;
const db = () => env.gateway.services.db;

async function createHook(team: TeamFixture, url: string, over: Record<string, unknown> = {}) {
  const d = await team.call(MUTATION_DOCS['createWebhook'] as string, { input: { name: `hook-${Math.random().toString(36).slice(2, 8)}`, url, eventTypes: ['VIOLATION_DETECTED'], ...over } });
  return d['createWebhook'] as { webhook: { id: string }; secret: string };
}

describe('testWebhook', () => {
  it('POSTs a sample event signed like a delivery and answers status, excerpt and duration; nothing is stored as a delivery', async () => {
    const team = await seed(env).createTeam();
    const editor = await team.createKey('EDITOR');
    const { webhook, secret } = await createHook(team, receiver.url, { eventTypes: ['EXECUTION_STATUS_CHANGED'] });
    const before = receiver.received.length;
    const r = (await team.call(TEST, { id: webhook.id }, editor.secret))['testWebhook'];
    expect(r).toEqual({ statusCode: 200, ok: true, bodyExcerpt: 'ok', error: null, durationMs: expect.any(Number) });
    const [sent] = receiver.received.slice(before);
    expect(receiver.received.length - before).toBe(1);
    const header = (name: string) => String(sent!.headers[name]);
    expect(verifySignature(secret, header('x-mmg-timestamp'), sent!.body, header('x-mmg-signature'))).toBe(true);
    const body = JSON.parse(sent!.body);
    expect(body).toMatchObject({ type: 'EXECUTION_STATUS_CHANGED', id: header('x-mmg-event-id'), data: { status: 'COMPLETED', teamId: team.id } });
    expect(header('x-mmg-event-id')).toMatch(/^test:[0-9a-f-]{36}$/);
    expect(header('x-mmg-delivery-id')).toMatch(/^test-[0-9a-f-]{36}$/);
    expect(await db().webhookDelivery.count({ where: { channelId: webhook.id } })).toBe(0);
    const audit = await db().auditEvent.findMany({ where: { teamId: team.id, action: 'webhook.test' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: 'Webhook', targetId: webhook.id, after: { ok: true, statusCode: 200 } });
    // VIEWER keys may not send.
    const viewer = await team.createKey('VIEWER');
    expect(await refused(env.url, viewer.secret, TEST, { id: webhook.id })).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reports a 500 receiver as not ok with its answer, in the webhook\'s format (SLACK)', async () => {
    const failing = await startTarget(() => 500);
    try {
      const team = await seed(env).createTeam();
      const { webhook } = await createHook(team, failing.url, { format: 'SLACK' });
      const r = (await team.call(TEST, { id: webhook.id }))['testWebhook'];
      expect(r).toMatchObject({ statusCode: 500, ok: false, bodyExcerpt: 'nope', error: 'HTTP 500 Internal Server Error' });
      expect(JSON.parse(failing.received[0]!.body)).toMatchObject({ text: expect.stringContaining('sample-monitor: COMPLETED_WITH_VIOLATIONS, 1 violation'), blocks: expect.any(Array) });
    } finally {
      await failing.close();
    }
  });

  it('keeps the first 500 characters of a long answer', async () => {
    const long = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('é'.repeat(3_000)));
    await new Promise<void>((resolve) => long.listen(0, '127.0.0.1', resolve));
    try {
      const team = await seed(env).createTeam();
      const { webhook } = await createHook(team, `http://127.0.0.1:${(long.address() as AddressInfo).port}/hooks`);
      const r = (await team.call(TEST, { id: webhook.id }))['testWebhook'];
      expect(r).toMatchObject({ statusCode: 200, ok: true, bodyExcerpt: 'é'.repeat(500) });
    } finally {
      long.closeAllConnections();
      await new Promise((resolve) => long.close(resolve));
    }
  });

  it('reports an unreachable receiver with its error, and an unknown webhook is NOT_FOUND', async () => {
    const team = await seed(env).createTeam();
    const gone = await startTarget(() => 200);
    await gone.close(); // nothing listens on its port any more
    const { webhook } = await createHook(team, gone.url);
    const r = (await team.call(TEST, { id: webhook.id }))['testWebhook'];
    expect(r).toMatchObject({ statusCode: null, ok: false, bodyExcerpt: null, error: 'ECONNREFUSED' });
    expect(await refused(env.url, team.adminKey, TEST, { id: '00000000-0000-4000-8000-00000000abcd' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});

/** `n` DEAD deliveries (one attempt, answered 500) and `delivered` DELIVERED ones to `url`. */
async function deliveries(team: TeamFixture, channelId: string, target: Target, dead: number, delivered: number): Promise<string[]> {
  const deps = { db: db(), queue: new InProcessQueue(), settings: testSettings({ maxAttempts: 1 }) };
  const send = async (count: number, status: number) => {
    const created = await db().$transaction((tx) => fanOut(tx, Array.from({ length: count }, () => violation(team.id))));
    target.respond = () => status;
    for (const c of created) await attemptDelivery(deps, c.id);
    return created.map((c) => c.id);
  };
  const ids = await send(dead, 500);
  await send(delivered, 200);
  expect(await db().webhookDelivery.count({ where: { channelId, status: 'DEAD' } })).toBe(dead);
  return ids;
}

describe('redeliverWebhookDeliveries', () => {
  it('queues the DEAD deliveries of the team again; a healthy receiver gets each once; DELIVERED ones and other teams\' are untouched', async () => {
    const target = await startTarget(() => 500);
    const queue = await startWebhookQueue(db(), testSettings());
    try {
      const team = await seed(env).createTeam();
      const other = await seed(env).createTeam();
      const mine = await createHook(team, target.url);
      const theirs = await createHook(other, target.url);
      const deadIds = await deliveries(team, mine.webhook.id, target, 3, 1);
      await deliveries(other, theirs.webhook.id, target, 2, 0);
      const deliveredBefore = await db().webhookDelivery.findFirstOrThrow({ where: { channelId: mine.webhook.id, status: 'DELIVERED' } });

      target.respond = () => 200;
      const before = target.received.length;
      const r = await team.call(BULK, {});
      expect(r['redeliverWebhookDeliveries']).toEqual({ count: 3 });
      await sweepDeliveries(db(), queue); // this gateway runs no webhook worker: a worker's sweeper sends them
      await waitFor('3 DELIVERED', async () => (await db().webhookDelivery.count({ where: { id: { in: deadIds }, status: 'DELIVERED' } })) === 3);
      const sentIds = target.received.slice(before).map((x) => String(x.headers['x-mmg-delivery-id']));
      expect(sentIds.sort()).toEqual([...deadIds].sort());
      expect(await db().webhookDelivery.findUniqueOrThrow({ where: { id: deliveredBefore.id } })).toEqual(deliveredBefore);
      expect(await db().webhookDelivery.count({ where: { channelId: theirs.webhook.id, status: 'DEAD' } })).toBe(2);

      const audit = await db().auditEvent.findMany({ where: { teamId: team.id, action: 'webhookDelivery.redeliverMany' } });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ targetType: 'Team', targetId: team.id, after: { count: 3, filter: { status: 'DEAD', webhookId: null } } });
      // Nothing DEAD left: a second call queues nothing.
      expect((await team.call(BULK, { filter: { webhookId: mine.webhook.id } }))['redeliverWebhookDeliveries']).toEqual({ count: 0 });
    } finally {
      await queue.close();
      await target.close();
    }
  });

  it('applies the filter (webhook, event type, time range) and refuses other statuses', async () => {
    const target = await startTarget(() => 500);
    try {
      const team = await seed(env).createTeam();
      const a = await createHook(team, target.url);
      const b = await createHook(team, target.url);
      await deliveries(team, a.webhook.id, target, 2, 0);
      // fanOut gave `b` the same events: they are DEAD there only once attempted.
      for (const d of await db().webhookDelivery.findMany({ where: { channelId: b.webhook.id } })) {
        await attemptDelivery({ db: db(), queue: new InProcessQueue(), settings: testSettings({ maxAttempts: 1 }) }, d.id);
      }
      const count = async (filter: Record<string, unknown>) => (await team.call(BULK, { filter }))['redeliverWebhookDeliveries'].count as number;
      expect(await count({ webhookId: a.webhook.id, eventType: 'EXECUTION_STATUS_CHANGED' })).toBe(0);
      expect(await count({ webhookId: a.webhook.id, to: '2000-01-01T00:00:00Z' })).toBe(0);
      expect(await count({ webhookId: a.webhook.id, from: new Date(Date.now() - 600_000).toISOString(), eventType: 'VIOLATION_DETECTED' })).toBe(2);
      expect(await db().webhookDelivery.count({ where: { channelId: b.webhook.id, status: 'DEAD' } })).toBe(2);
      expect(await refused(env.url, team.adminKey, BULK, { filter: { status: 'PENDING' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.status' });
    } finally {
      await target.close();
    }
  });

  it('queues at most 1000 per call, the oldest first', async () => {
    const team = await seed(env).createTeam();
    const { webhook } = await createHook(team, receiver.url);
    const old = new Date(Date.now() - 3_600_000);
    await db().webhookDelivery.createMany({
      data: Array.from({ length: 1_001 }, (_, i) => ({
        teamId: team.id, channelId: webhook.id, eventId: `violation:${i}`, eventType: 'VIOLATION_DETECTED', payload: violation(team.id), status: 'DEAD' as const,
        attempts: 1, createdAt: new Date(old.getTime() + i * 1_000),
      })),
    });
    expect((await team.call(BULK, {}))['redeliverWebhookDeliveries']).toEqual({ count: 1_000 });
    const left = await db().webhookDelivery.findMany({ where: { channelId: webhook.id, status: 'DEAD' } });
    expect(left.map((d) => d.eventId)).toEqual(['violation:1000']);
    expect((await team.call(BULK, {}))['redeliverWebhookDeliveries']).toEqual({ count: 1 });
    // The 1001 queued deliveries would otherwise be due for every later sweep in this database.
    await team.call('mutation($id: ID!) { deleteWebhook(id: $id) { id } }', { id: webhook.id });
  });
});
