import type { MutationResolvers } from '../../resolvers-types.js';

export const updateMember: MutationResolvers['updateMember'] = (_parent, { id, input }, ctx) =>
  ctx.services.tenancy.updateMember(ctx.actor('ADMIN', 'updateMember'), id, input);
