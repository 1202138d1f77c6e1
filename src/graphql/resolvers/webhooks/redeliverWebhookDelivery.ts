import type { MutationResolvers } from '../../resolvers-types.js';

export const redeliverWebhookDelivery: MutationResolvers['redeliverWebhookDelivery'] = (_parent, { id }, ctx) =>
  ctx.services.webhooks.redeliver(ctx.actor('EDITOR', 'redeliverWebhookDelivery'), id);
