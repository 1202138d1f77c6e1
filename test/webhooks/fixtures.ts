// Webhooks of a test team for the API suites (isolation, refusals, audit): one whose
// deliveries are DEAD (its receiver refuses connections, one attempt allowed) and a
// paused one whose delivery stays PENDING. Deliveries come from the team's own outbox
// events through the real fan-out.
import { GatewayEventSchema } from '../../src/events/types.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { attemptDelivery, fanOut } from '../../src/webhooks/index.js';
import type { TestGateway } from '../support/gateway.js';
import type { TeamFixture } from '../support/seed.js';
import { hex, testSettings } from './support.js';

export const WEBHOOK_FIELDS = 'id name url eventTypes format active secretPrefix filter { monitorId endpointName monitorType checkType }';

/** Nothing listens on port 1: every attempt fails at once with ECONNREFUSED. */
export const REFUSING_URL = 'http://127.0.0.1:1/hooks';

export interface WebhookFixture {
  webhook: { id: string; name: string };
  pausedWebhook: { id: string; name: string };
  deadDelivery: { id: string };
  pendingDelivery: { id: string };
}

export async function webhooksOf(env: TestGateway, team: TeamFixture): Promise<WebhookFixture> {
  const create = async (name: string) => {
    const d = await team.call(`mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id name } secret } }`, {
      i: { name, url: REFUSING_URL, eventTypes: ['VIOLATION_DETECTED'] },
    });
    return d['createWebhook'].webhook as { id: string; name: string };
  };
  const webhook = await create(`hooks-${hex()}`);
  const pausedWebhook = await create(`paused-${hex()}`);
  const db = env.gateway.services.db;
  const events = (await db.outboxEvent.findMany({ where: { teamId: team.id }, orderBy: { id: 'asc' } })).map((r) => GatewayEventSchema.parse(r.payload));
  await db.$transaction((tx) => fanOut(tx, events));
  const deps = { db, queue: new InProcessQueue(), settings: testSettings({ maxAttempts: 1 }) };
  const delivered = await db.webhookDelivery.findMany({ where: { channelId: webhook.id }, orderBy: { createdAt: 'asc' } });
  for (const d of delivered) await attemptDelivery(deps, d.id);
  await team.call(`mutation($id: ID!) { updateWebhook(id: $id, input: { active: false }) { id } }`, { id: pausedWebhook.id });
  const dead = await db.webhookDelivery.findFirst({ where: { channelId: webhook.id, status: 'DEAD' } });
  const pending = await db.webhookDelivery.findFirst({ where: { channelId: pausedWebhook.id, status: 'PENDING' } });
  if (!dead || !pending) throw new Error('the team has no violation events to deliver');
  return { webhook, pausedWebhook, deadDelivery: { id: dead.id }, pendingDelivery: { id: pending.id } };
}
