import type { MutationResolvers } from '../../generated/graphql.js';

export const createWebhook: MutationResolvers['createWebhook'] = (_parent, { input }, ctx) =>
  ctx.services.webhooks.create(ctx.actor('EDITOR', 'createWebhook'), input);
