import type { MutationResolvers } from '../../resolvers-types.js';

export const createApiKey: MutationResolvers['createApiKey'] = (_parent, { input }, ctx) =>
  ctx.services.tenancy.createApiKey(ctx.actor('ADMIN', 'createApiKey'), input);
