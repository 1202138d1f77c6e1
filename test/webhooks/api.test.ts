// The webhooks API: create (secret shown once, never again), list, delivery log,
// redelivery, update and delete; refusals name their field; VIEWER keys read only.
import { config } from '../../src/config.js';
import { attemptDelivery, fanOut, sweepDeliveries, verifySignature } from '../../src/webhooks/index.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { gql, ok, refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { teamRowCounts } from '../support/db.js';
import { seed } from '../support/seed.js';
import { MUTATION_DOCS } from '../api/support-ops.js';
import { WEBHOOK_FIELDS } from './fixtures.js';
import { hex, LOOPBACK_RECEIVERS, startTarget, startWebhookQueue, testSettings, violation, waitFor, type Target } from './support.js';

let env: TestGateway;
let receiver: Target;
beforeAll(async () => {
  env = await startTestGateway(LOOPBACK_RECEIVERS);
  receiver = await startTarget(() => 500);
});
afterAll(async () => {
  await receiver.close();
  await env.stop();
});

const LOG = `query($id: ID!, $status: WebhookDeliveryStatus, $first: Int, $after: String) { webhook(id: $id) { id
  deliveries(status: $status, first: $first, after: $after) { edges { node { id eventId eventType status attempts lastStatusCode lastError nextAttemptAt deliveredAt createdAt event webhook { id } } } pageInfo { hasNextPage endCursor } } } }`;

describe('the webhooks API', () => {
  it('creates a webhook (EDITOR), shows its secret once, lists it, and never returns the secret again', async () => {
    const team = await seed(env).createTeam();
    const editor = await team.createKey('EDITOR');
    const d = await team.call(MUTATION_DOCS['createWebhook'] as string, {
      input: { name: 'alerts bot', url: receiver.url, eventTypes: ['VIOLATION_DETECTED', 'EXECUTION_STATUS_CHANGED'], filter: { endpointName: 'churn-ep', monitorType: 'DATA_QUALITY' } },
    }, editor.secret);
    const { webhook, secret } = d['createWebhook'];
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(webhook).toMatchObject({ name: 'alerts bot', url: receiver.url, format: 'GENERIC', active: true, secretPrefix: secret.slice(0, 10),
      filter: { monitorId: null, endpointName: 'churn-ep', monitorType: 'DATA_QUALITY', checkType: null } });

    const listed = await team.call(`{ webhooks(first: 10) { edges { node { ${WEBHOOK_FIELDS} createdAt } } pageInfo { hasNextPage } } }`);
    expect(listed['webhooks'].edges.map((e: any) => e.node.id)).toEqual([webhook.id]);
    const one = await team.call(`query($id: ID!) { webhook(id: $id) { ${WEBHOOK_FIELDS} } }`, { id: webhook.id });
    expect(one['webhook']).toEqual(webhook);
    const types = await team.call('{ __type(name: "Webhook") { fields { name } } }');
    expect(types['__type'].fields.map((f: { name: string }) => f.name).filter((n: string) => /secret/i.test(n))).toEqual(['secretPrefix']);

    const db = env.gateway.services.db;
    const row = await db.webhookChannel.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(row.secretEncrypted).not.toContain(secret.slice(6));
    const audit = await db.auditEvent.findMany({ where: { teamId: team.id, targetId: webhook.id } });
    expect(JSON.stringify([listed, one, audit], (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(secret.slice(6));
  });

  it('shows the delivery log and redelivers a DEAD delivery (queued again, delivered by the worker)', async () => {
    const team = await seed(env).createTeam();
    const d = await team.call(MUTATION_DOCS['createWebhook'] as string, { input: { name: 'log', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] } });
    const { webhook, secret } = d['createWebhook'];
    const db = env.gateway.services.db;
    const events = [violation(team.id), violation(team.id, { checkType: 'data_type_check' })];
    await db.$transaction((tx) => fanOut(tx, events));
    const rows = await db.webhookDelivery.findMany({ where: { channelId: webhook.id } });
    const deps = { db, queue: new InProcessQueue(), settings: testSettings({ maxAttempts: 1 }) };
    for (const r of rows) await attemptDelivery(deps, r.id);

    const dead = (await team.call(LOG, { id: webhook.id, status: 'DEAD' }))['webhook'].deliveries;
    expect(dead.edges).toHaveLength(2);
    expect(dead.edges[0].node).toMatchObject({ eventType: 'VIOLATION_DETECTED', status: 'DEAD', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500 Internal Server Error', nextAttemptAt: null, deliveredAt: null, webhook: { id: webhook.id } });
    expect(events.map((e) => e.eventId)).toContain(dead.edges[0].node.eventId);
    const page = (await team.call(LOG, { id: webhook.id, first: 1 }))['webhook'].deliveries;
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = (await team.call(LOG, { id: webhook.id, first: 1, after: page.pageInfo.endCursor }))['webhook'].deliveries;
    expect([...page.edges, ...rest.edges].map((e: any) => e.node.id).sort()).toEqual(dead.edges.map((e: any) => e.node.id).sort());
    expect((await team.call(LOG, { id: webhook.id, status: 'DELIVERED' }))['webhook'].deliveries.edges).toEqual([]);

    const target = dead.edges[0].node;
    const r = await team.call(MUTATION_DOCS['redeliverWebhookDelivery'] as string, { id: target.id });
    expect(r['redeliverWebhookDelivery']).toEqual({ id: target.id, status: 'PENDING', attempts: 0, webhook: { id: webhook.id } });
    expect(await refused(env.url, team.adminKey, MUTATION_DOCS['redeliverWebhookDelivery'] as string, { id: target.id })).toMatchObject({ code: 'CONFLICT', field: 'id' });

    // This gateway runs no webhook worker: a worker's sweeper picks the delivery up.
    receiver.respond = () => 200;
    const queue = await startWebhookQueue(db, testSettings());
    try {
      await sweepDeliveries(db, queue);
      await waitFor('DELIVERED', async () => (await team.call(LOG, { id: webhook.id, status: 'DELIVERED' }))['webhook'].deliveries.edges[0]);
    } finally {
      await queue.close();
      receiver.respond = () => 500;
    }
    const delivered = (await team.call(LOG, { id: webhook.id, status: 'DELIVERED' }))['webhook'].deliveries.edges[0].node;
    expect(delivered).toMatchObject({ id: target.id, attempts: 1, lastStatusCode: 200, lastError: null });
    expect(Date.parse(delivered.deliveredAt)).toBeGreaterThan(Date.now() - 60_000);
    const sent = receiver.received.filter((x) => x.headers['x-mmg-delivery-id'] === target.id && x.status === 200);
    expect(sent).toHaveLength(1);
    expect(verifySignature(secret, sent[0]?.headers['x-mmg-timestamp'] as string, sent[0]?.body as string, sent[0]?.headers['x-mmg-signature'] as string)).toBe(true);
    expect(JSON.parse(sent[0]?.body as string).data).toEqual(delivered.event);
  });

  it('updates and deletes a webhook (its log goes with it)', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const { webhook } = (await team.call(MUTATION_DOCS['createWebhook'] as string, { input: { name: 'u', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'], filter: { monitorId: m.id } } }))['createWebhook'];
    expect(webhook.filter.monitorId).toBe(m.id);
    const u = await team.call(MUTATION_DOCS['updateWebhook'] as string, { id: webhook.id, input: { name: 'renamed', url: 'https://hooks.example.com/x', format: 'SLACK', active: false, eventTypes: ['EXECUTION_STATUS_CHANGED'], filter: { endpointName: 'ep' } } });
    expect(u['updateWebhook']).toMatchObject({ name: 'renamed', url: 'https://hooks.example.com/x', format: 'SLACK', active: false, eventTypes: ['EXECUTION_STATUS_CHANGED'], filter: { monitorId: null, endpointName: 'ep' }, secretPrefix: webhook.secretPrefix });
    // A stored checkType would contradict event types without violations.
    const withCheck = (await team.call(MUTATION_DOCS['createWebhook'] as string, { input: { name: 'c', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'], filter: { checkType: 'baseline_drift_check' } } }))['createWebhook'].webhook;
    expect(await refused(env.url, team.adminKey, MUTATION_DOCS['updateWebhook'] as string, { id: withCheck.id, input: { eventTypes: ['EXECUTION_STATUS_CHANGED'] } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.filter.checkType' });

    await env.gateway.services.db.$transaction((tx) => fanOut(tx, [violation(team.id)]));
    expect((await teamRowCounts(env.gateway.services.db, team.id))['webhookDeliveries']).toBe(1);
    expect((await team.call(MUTATION_DOCS['deleteWebhook'] as string, { id: withCheck.id }))['deleteWebhook']).toEqual({ id: withCheck.id });
    expect((await teamRowCounts(env.gateway.services.db, team.id))['webhookDeliveries']).toBe(0);
    expect(await refused(env.url, team.adminKey, `{ webhook(id: "${withCheck.id}") { id } }`)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a bad URL with its field and stores nothing; a VIEWER reads but cannot change', async () => {
    const team = await seed(env).createTeam();
    const viewer = await team.createKey('VIEWER');
    const before = await teamRowCounts(env.gateway.services.db, team.id);
    for (const url of ['ftp://hooks.example.com/x', 'not a url', 'http://', `https://h.example.com/${'x'.repeat(2100)}`]) {
      const r = await refused(env.url, team.adminKey, MUTATION_DOCS['createWebhook'] as string, { input: { name: `b-${hex()}`, url, eventTypes: ['VIOLATION_DETECTED'] } });
      expect({ url, code: r.code, field: r.field }).toEqual({ url, code: 'BAD_USER_INPUT', field: 'input.url' });
    }
    expect(await teamRowCounts(env.gateway.services.db, team.id)).toEqual(before);

    const { webhook } = (await team.call(MUTATION_DOCS['createWebhook'] as string, { input: { name: 'v', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] } }))['createWebhook'];
    const read = await ok(env.url, viewer.secret, `{ webhooks { edges { node { id secretPrefix deliveries { edges { node { id } } } } } } }`);
    expect(read['webhooks'].edges.map((e: any) => e.node.id)).toEqual([webhook.id]);
    for (const [doc, vars] of [
      [MUTATION_DOCS['createWebhook'], { input: { name: 'x', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] } }],
      [MUTATION_DOCS['updateWebhook'], { id: webhook.id, input: { active: false } }],
      [MUTATION_DOCS['deleteWebhook'], { id: webhook.id }],
    ] as const) {
      const r = await gql(env.url, viewer.secret, doc as string, vars);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(r.errors?.[0]?.message).toMatch(/needs the EDITOR role; this API key has VIEWER/);
    }
    expect(config().WEBHOOK_MAX_ATTEMPTS).toBe(8);
  });
});
