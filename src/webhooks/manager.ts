// Business rules of webhooks: channels of a team, their delivery log and redelivery.
// Every change is audited in its transaction; secrets never leave except once, on create.
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { recordAudit } from '../storage/audit.js';
import type { CreateWebhookInput, RedeliverWebhookDeliveriesFilter, UpdateWebhookInput, WebhookDeliveryStatus, WebhookFilterInput } from '../generated/graphql.js';
import type { Prisma, WebhookChannel, WebhookDelivery } from '../generated/prisma/client.js';
import type { JobQueue } from '../jobs/queue.js';
import { monitorStorage } from '../storage/monitors.js';
import { assertValid, conflict, notFound } from '../shared/errors.js';
import { requireId } from '../shared/ids.js';
import { pagedConnection, toPage, type PageArgs } from '../shared/pagination.js';
import type { Actor } from '../kernel/caller.js';
import type { WebhookSettings } from './delivery.js';
import { assertActive, queueRedeliveries, redeliverMatching } from './redeliver.js';
import { sendTestEvent, type WebhookTestResult } from './test-send.js';
import { parseFilter } from './model.js';
import { checkWebhook, defaultRepeatWindowMinutes } from './rules.js';
import { encryptSecret, generateSecret, secretPrefix } from './secrets.js';
import { webhookStorage as storage } from '../storage/webhooks.js';

/** The row as the audit history keeps it: without the (encrypted) secret. */
function auditView(row: WebhookChannel): object {
  const { secretEncrypted: _secret, ...rest } = row;
  return rest;
}

function deliveryAuditView(row: WebhookDelivery): object {
  const { payload: _payload, ...rest } = row;
  return rest;
}

export class WebhookManager {
  /** Without a queue (a gateway without Redis jobs), redeliveries wait for a worker's sweeper. */
  constructor(private readonly db: Db, private readonly settings: WebhookSettings, private readonly queue?: JobQueue) {}

  /** `field`: where the id was given, when not in the operation's own `id` argument. */
  async get(teamId: string, id: string, field?: string): Promise<WebhookChannel> {
    const row = await storage.get(this.db, teamId, requireId('Webhook', id, field));
    if (!row) throw notFound('Webhook', id, field);
    return row;
  }

  async list(teamId: string, args: PageArgs) {
    const page = toPage(args);
    return pagedConnection(args, page, storage.list(this.db, teamId, page), () => storage.count(this.db, teamId), (w) => w.createdAt);
  }

  async deliveries(teamId: string, channelId: string, status: WebhookDeliveryStatus | null | undefined, args: PageArgs) {
    const page = toPage(args);
    return pagedConnection(args, page, storage.deliveries(this.db, teamId, channelId, status, page), () => storage.countDeliveries(this.db, teamId, channelId, status), (d) => d.createdAt);
  }

  /** The filter as stored: only the fields set; a monitor must be the team's. */
  private async filterOf(teamId: string, filter: WebhookFilterInput | null | undefined): Promise<Prisma.InputJsonValue> {
    const stored = Object.fromEntries(Object.entries(filter ?? {}).filter(([, v]) => v != null)) as Record<string, string>;
    if (stored['monitorId']) {
      const monitorId = requireId('Monitor', stored['monitorId']);
      if (!(await monitorStorage.get(this.db, teamId, monitorId))) throw notFound('Monitor', stored['monitorId']);
      stored['monitorId'] = monitorId;
    }
    return stored;
  }

  private async named<T>(name: string | null | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A webhook named "${name}" already exists in this team`, 'input.name');
      throw error;
    }
  }

  async create(actor: Actor, input: CreateWebhookInput): Promise<{ webhook: WebhookChannel; secret: string }> {
    assertValid(checkWebhook('input', input, input.eventTypes, this.settings.allowPrivateNetworks));
    const filter = await this.filterOf(actor.teamId, input.filter);
    const secret = input.secret ?? generateSecret();
    const webhook = await this.named(input.name, () =>
      this.db.$transaction(async (tx) => {
        const row = await storage.create(tx, {
          teamId: actor.teamId, name: input.name.trim(), url: input.url, eventTypes: [...input.eventTypes], filter, format: input.format ?? 'GENERIC',
          repeatWindowMinutes: input.repeatWindowMinutes ?? defaultRepeatWindowMinutes(input.format ?? 'GENERIC'), active: true, secretEncrypted: encryptSecret(this.settings.pepper, secret), secretPrefix: secretPrefix(secret),
        });
        await recordAudit(tx, actor, { action: 'webhook.create', targetType: 'Webhook', targetId: row.id, after: auditView(row) });
        return row;
      }));
    return { webhook, secret };
  }

  async update(actor: Actor, id: string, input: UpdateWebhookInput): Promise<WebhookChannel> {
    const before = await this.get(actor.teamId, id);
    const eventTypes = input.eventTypes ?? before.eventTypes;
    const effectiveFilter = input.filter ?? (parseFilter(before.filter) as WebhookFilterInput);
    assertValid(checkWebhook('input', { ...input, filter: effectiveFilter }, eventTypes, this.settings.allowPrivateNetworks));
    const filter = input.filter != null ? await this.filterOf(actor.teamId, input.filter) : undefined;
    return this.named(input.name, () =>
      this.db.$transaction(async (tx) => {
        const row = await storage.update(tx, before.id, {
          ...(input.name != null ? { name: input.name.trim() } : {}),
          ...(input.url != null ? { url: input.url } : {}),
          ...(input.eventTypes != null ? { eventTypes: [...input.eventTypes] } : {}),
          ...(filter !== undefined ? { filter } : {}),
          ...(input.format != null ? { format: input.format } : {}),
          ...(input.active != null ? { active: input.active } : {}),
          ...(input.repeatWindowMinutes != null ? { repeatWindowMinutes: input.repeatWindowMinutes } : {}),
        });
        if (!before.active && row.active) await storage.resume(tx, row.id, new Date()); // the sweeper sends them
        await recordAudit(tx, actor, { action: 'webhook.update', targetType: 'Webhook', targetId: row.id, before: auditView(before), after: auditView(row) });
        return row;
      }));
  }

  async delete(actor: Actor, id: string): Promise<{ id: string }> {
    const before = await this.get(actor.teamId, id);
    await this.db.$transaction(async (tx) => {
      await storage.delete(tx, before.id);
      await recordAudit(tx, actor, { action: 'webhook.delete', targetType: 'Webhook', targetId: before.id, before: auditView(before) });
    });
    return { id: before.id };
  }

  /** Queues a finished (DELIVERED, DEAD) or waiting (FAILED) delivery again from attempt 1. */
  async redeliver(actor: Actor, id: string): Promise<WebhookDelivery> {
    const before = await storage.delivery(this.db, actor.teamId, requireId('WebhookDelivery', id));
    if (!before) throw notFound('WebhookDelivery', id);
    if (before.status === 'PENDING') throw conflict(`Delivery "${id}" is PENDING: it is already queued`, 'id');
    assertActive(await this.get(actor.teamId, before.channelId), 'id');
    const row = await this.db.$transaction(async (tx) => {
      const after = await storage.requeue(tx, before.id, new Date());
      await recordAudit(tx, actor, { action: 'webhookDelivery.redeliver', targetType: 'WebhookDelivery', targetId: before.id, before: deliveryAuditView(before), after: deliveryAuditView(after) });
      return after;
    });
    await queueRedeliveries(this.queue, [row]);
    return row;
  }

  /** Queues the team's DEAD (or FAILED) deliveries matching `filter` again (redeliver.ts). */
  redeliverMany(actor: Actor, filter: RedeliverWebhookDeliveriesFilter): Promise<{ count: number }> {
    return redeliverMatching({ db: this.db, queue: this.queue, channel: (teamId, id, field) => this.get(teamId, id, field) }, actor, filter);
  }

  /** POSTs a signed sample event to the webhook now (test-send.ts); audited, not stored as a delivery. */
  async test(actor: Actor, id: string): Promise<WebhookTestResult> {
    const channel = await this.get(actor.teamId, id);
    const result = await sendTestEvent(this.settings, channel);
    await this.db.$transaction((tx) => recordAudit(tx, actor, { action: 'webhook.test', targetType: 'Webhook', targetId: channel.id, after: { id: channel.id, url: channel.url, ...result } }));
    return result;
  }
}
