import type { MutationResolvers } from '../../resolvers-types.js';

export const createWebhook: MutationResolvers['createWebhook'] = (_parent, { input }, ctx) =>
  ctx.services.webhooks.create(ctx.actor('EDITOR', 'createWebhook'), input);
