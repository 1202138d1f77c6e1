import type { Resolvers } from '../../resolvers-types.js';
import type { WebhookEventType, WebhookFilter } from '../../../generated/graphql.js';
import { parseFilter } from '../../../webhooks/model.js';

export const webhookTypes: Resolvers = {
  Query: {
    webhooks: (_parent, { first, after }, ctx) => ctx.services.webhooks.list(ctx.actor('VIEWER', 'webhooks').teamId, { first, after }),
    webhook: (_parent, { id }, ctx) => ctx.services.webhooks.get(ctx.actor('VIEWER', 'webhook').teamId, id),
  },
  Webhook: {
    eventTypes: (w) => w.eventTypes as WebhookEventType[],
    filter: (w) => {
      const f = parseFilter(w.filter);
      return { monitorId: f.monitorId ?? null, endpointName: f.endpointName ?? null, monitorType: (f.monitorType ?? null) as WebhookFilter['monitorType'], checkType: f.checkType ?? null };
    },
    deliveries: (w, { first, after, status }, ctx) => ctx.services.webhooks.deliveries(w.teamId, w.id, status, { first, after }),
  },
  WebhookDelivery: {
    webhook: (d, _args, ctx) => ctx.services.webhooks.get(d.teamId, d.channelId),
    eventType: (d) => d.eventType as WebhookEventType,
    event: (d) => d.payload,
  },
};
