// Webhooks in GraphQL: queries, type fields and mutations, each a thin call into the domain.
import type { WebhookEventType, WebhookFilter } from '../../generated/graphql.js';
import { parseFilter } from '../../webhooks/model.js';
import { counted } from '../prefetch.js';
import type { MutationResolvers, Resolvers } from '../resolvers-types.js';

const reads: Resolvers = {
  Query: {
    webhooks: (_parent, { first, after }, ctx, info) => ctx.services.webhooks.list(ctx.actor('VIEWER', 'webhooks').teamId, { first, after, counted: counted(info) }),
    webhook: (_parent, { id }, ctx) => ctx.services.webhooks.get(ctx.actor('VIEWER', 'webhook').teamId, id),
  },
  Webhook: {
    eventTypes: (w) => w.eventTypes as WebhookEventType[],
    filter: (w) => {
      const f = parseFilter(w.filter);
      return { monitorId: f.monitorId ?? null, endpointName: f.endpointName ?? null, monitorType: (f.monitorType ?? null) as WebhookFilter['monitorType'], checkType: f.checkType ?? null };
    },
    deliveries: (w, { first, after, status }, ctx, info) => ctx.services.webhooks.deliveries(w.teamId, w.id, status, { first, after, counted: counted(info) }),
  },
  WebhookDelivery: {
    webhook: (d, _args, ctx) => ctx.services.webhooks.get(d.teamId, d.channelId),
    eventType: (d) => d.eventType as WebhookEventType,
    event: (d) => d.payload,
  },
};

const createWebhook: MutationResolvers['createWebhook'] = (_parent, { input }, ctx) =>
  ctx.services.webhooks.create(ctx.actor('EDITOR', 'createWebhook'), input);

const deleteWebhook: MutationResolvers['deleteWebhook'] = (_parent, { id }, ctx) =>
  ctx.services.webhooks.delete(ctx.actor('EDITOR', 'deleteWebhook'), id);

const redeliverWebhookDelivery: MutationResolvers['redeliverWebhookDelivery'] = (_parent, { id }, ctx) =>
  ctx.services.webhooks.redeliver(ctx.actor('EDITOR', 'redeliverWebhookDelivery'), id);

const redeliverWebhookDeliveries: MutationResolvers['redeliverWebhookDeliveries'] = (_parent, { filter }, ctx) =>
  ctx.services.webhooks.redeliverMany(ctx.actor('EDITOR', 'redeliverWebhookDeliveries'), filter ?? {});

const testWebhook: MutationResolvers['testWebhook'] = (_parent, { id }, ctx) =>
  ctx.services.webhooks.test(ctx.actor('EDITOR', 'testWebhook'), id);

const updateWebhook: MutationResolvers['updateWebhook'] = (_parent, { id, input }, ctx) =>
  ctx.services.webhooks.update(ctx.actor('EDITOR', 'updateWebhook'), id, input);

export const webhookResolvers: Resolvers[] = [
  reads,
  { Mutation: { createWebhook, updateWebhook, deleteWebhook, redeliverWebhookDelivery, redeliverWebhookDeliveries, testWebhook } },
];
