import type { MutationResolvers } from '../../resolvers-types.js';

export const revokeApiKey: MutationResolvers['revokeApiKey'] = (_parent, { id }, ctx) =>
  ctx.services.tenancy.revokeApiKey(ctx.actor('ADMIN', 'revokeApiKey'), id);
