import type { MutationResolvers } from '../../resolvers-types.js';

export const updateWebhook: MutationResolvers['updateWebhook'] = (_parent, { id, input }, ctx) =>
  ctx.services.webhooks.update(ctx.actor('EDITOR', 'updateWebhook'), id, input);
