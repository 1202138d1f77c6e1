// Webhook URLs on loopback, private or link-local hosts are refused (SSRF) unless
// WEBHOOK_ALLOW_PRIVATE_NETWORKS: literal hosts in any notation when a webhook is saved, and
// every address a name resolves to before each POST (a public-looking name may point inside).
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { attemptDelivery, fanOut } from '../../src/webhooks/index.js';
import { WebhookManager } from '../../src/webhooks/manager.js';
import { MUTATION_DOCS } from '../api/support-ops.js';
import { teamRowCounts } from '../support/db.js';
import { refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { actorOf, hex, startTarget, testSettings, violation, type Target } from './support.js';

let env: TestGateway;
let receiver: Target;
beforeAll(async () => {
  env = await startTestGateway({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: false });
  receiver = await startTarget(() => 200);
});
afterAll(async () => {
  await receiver.close();
  await env.stop();
});

const PRIVATE_URLS = [
  'http://127.0.0.1:8080/hooks', 'http://127.9.9.9/', 'http://localhost/hooks', 'https://LOCALHOST./', 'http://bots.localhost/',
  'http://0.0.0.0/', 'http://0/', 'http://2130706433/', 'http://0x7f.0.0.1/', 'http://0177.0.0.1/', 'http://0x7f000001/',
  'http://10.1.2.3/', 'http://172.16.0.1/', 'http://172.31.255.255/', 'http://192.168.1.1/', 'http://100.64.0.1/',
  'http://169.254.169.254/latest/meta-data/', 'http://0xa9fea9fe/', 'http://[::1]/', 'http://[::]/', 'http://[0:0:0:0:0:0:0:1]/',
  'http://[fd00:ec2::254]/', 'http://[fc00::1]/', 'http://[fe80::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:a9fe:a9fe]/',
  'http://[::127.0.0.1]/', 'http://[64:ff9b::10.0.0.1]/',
];
const PUBLIC_URLS = ['https://hooks.example.com/x', 'http://8.8.8.8/hooks', 'http://172.32.0.1/', 'http://[2606:4700::1111]/', 'http://[::ffff:8.8.8.8]/'];

const create = (name: string, url: string) => ({ input: { name, url, eventTypes: ['VIOLATION_DETECTED'] } });

describe('webhook URLs on private networks', () => {
  it('refuses a private host in any notation on create and update (BAD_USER_INPUT on input.url), writing nothing', async () => {
    const team = await seed(env).createTeam();
    const db = env.gateway.services.db;
    const before = await teamRowCounts(db, team.id);
    for (const url of PRIVATE_URLS) {
      const r = await refused(env.url, team.adminKey, MUTATION_DOCS['createWebhook'] as string, create(`p-${hex()}`, url));
      expect({ url, code: r.code, field: r.field, message: r.message }).toEqual({ url, code: 'BAD_USER_INPUT', field: 'input.url', message: expect.stringMatching(/^url must name a public host: .*(loopback|private)/) });
    }
    expect(await teamRowCounts(db, team.id)).toEqual(before);

    const { webhook } = (await team.call(MUTATION_DOCS['createWebhook'] as string, create('public', 'https://hooks.example.com/mmg')))['createWebhook'];
    const saved = await teamRowCounts(db, team.id);
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:7f00:1]/', 'http://localhost:4000/graphql']) {
      const r = await refused(env.url, team.adminKey, MUTATION_DOCS['updateWebhook'] as string, { id: webhook.id, input: { url } });
      expect({ url, code: r.code, field: r.field }).toEqual({ url, code: 'BAD_USER_INPUT', field: 'input.url' });
    }
    expect(await teamRowCounts(db, team.id)).toEqual(saved);
    expect((await db.webhookChannel.findUniqueOrThrow({ where: { id: webhook.id } })).url).toBe('https://hooks.example.com/mmg');
  });

  it('accepts public hosts, and private ones where WEBHOOK_ALLOW_PRIVATE_NETWORKS is set', async () => {
    const team = await seed(env).createTeam();
    for (const url of PUBLIC_URLS) await team.call(MUTATION_DOCS['createWebhook'] as string, create(`pub-${hex()}`, url));
    const allowed = new WebhookManager(env.gateway.services.db, testSettings());
    const { webhook } = await allowed.create(actorOf(team.id), { name: 'loopback', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] });
    expect(webhook.url).toBe(receiver.url);
  });

  it('does not POST to a name that resolves to a private address: the attempt fails with the reason', async () => {
    const name = hostname();
    const addresses = await lookup(name, { all: true });
    expect(addresses.map((a) => a.address)).toContain('127.0.0.1'); // this machine's name: a public-looking host on loopback
    const team = await seed(env).createTeam();
    const url = receiver.url.replace('127.0.0.1', name);
    const { webhook } = (await team.call(MUTATION_DOCS['createWebhook'] as string, create('rebound', url)))['createWebhook'];
    const db = env.gateway.services.db;
    await db.$transaction((tx) => fanOut(tx, [violation(team.id)]));
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { channelId: webhook.id } });

    await attemptDelivery({ db, queue: new InProcessQueue(), settings: testSettings({ allowPrivateNetworks: false }) }, row.id);
    const failed = await db.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: null, lastError: `refused: ${name} resolves to 127.0.0.1, a loopback, private or link-local address` });
    expect(receiver.received.filter((r) => r.headers['x-mmg-delivery-id'] === row.id)).toEqual([]);

    // Its next attempt (due after a 50 ms backoff) where private networks are allowed reaches the receiver.
    await attemptDelivery({ db, queue: new InProcessQueue(), settings: testSettings() }, row.id);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'DELIVERED', attempts: 2 });
  });

  it('does not POST to a literal private host saved while allowed, once private networks are no longer allowed', async () => {
    const team = await seed(env).createTeam();
    const allowed = new WebhookManager(env.gateway.services.db, testSettings());
    const { webhook } = await allowed.create(actorOf(team.id), { name: 'loopback', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] });
    const db = env.gateway.services.db;
    await db.$transaction((tx) => fanOut(tx, [violation(team.id)]));
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { channelId: webhook.id } });
    await attemptDelivery({ db, queue: new InProcessQueue(), settings: testSettings({ allowPrivateNetworks: false, maxAttempts: 1 }) }, row.id);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'DEAD', attempts: 1, lastStatusCode: null, lastError: 'refused: 127.0.0.1 is a loopback, private or link-local address',
    });
    expect(receiver.received.filter((r) => r.headers['x-mmg-delivery-id'] === row.id)).toEqual([]);
  });

  it('testWebhook does not POST to a name resolving inside nor to a literal private host: it answers the refusal', async () => {
    const team = await seed(env).createTeam();
    const name = hostname();
    const { webhook } = (await team.call(MUTATION_DOCS['createWebhook'] as string, create('rebound', receiver.url.replace('127.0.0.1', name))))['createWebhook'];
    const allowed = new WebhookManager(env.gateway.services.db, testSettings());
    const { webhook: literal } = await allowed.create(actorOf(team.id), { name: 'loopback', url: receiver.url, eventTypes: ['VIOLATION_DETECTED'] });
    const before = receiver.received.length;
    const test = async (id: string) => (await team.call(MUTATION_DOCS['testWebhook'] as string, { id }))['testWebhook'];
    expect(await test(webhook.id)).toMatchObject({ ok: false, statusCode: null, bodyExcerpt: null, error: `refused: ${name} resolves to 127.0.0.1, a loopback, private or link-local address` });
    expect(await test(literal.id)).toMatchObject({ ok: false, statusCode: null, error: 'refused: 127.0.0.1 is a loopback, private or link-local address' });
    expect(receiver.received.length).toBe(before);
  });
});
