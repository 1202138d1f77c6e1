import type { MutationResolvers } from '../../resolvers-types.js';

export const removeMember: MutationResolvers['removeMember'] = (_parent, { id }, ctx) =>
  ctx.services.tenancy.removeMember(ctx.actor('ADMIN', 'removeMember'), id);
