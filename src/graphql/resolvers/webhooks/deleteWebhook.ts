import type { MutationResolvers } from '../../resolvers-types.js';

export const deleteWebhook: MutationResolvers['deleteWebhook'] = (_parent, { id }, ctx) =>
  ctx.services.webhooks.delete(ctx.actor('EDITOR', 'deleteWebhook'), id);
