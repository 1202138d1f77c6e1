import type { MutationResolvers } from '../../resolvers-types.js';

export const addMember: MutationResolvers['addMember'] = (_parent, { input }, ctx) =>
  ctx.services.tenancy.addMember(ctx.actor('ADMIN', 'addMember'), input);
