import type { MutationResolvers } from '../../resolvers-types.js';

export const updateTeam: MutationResolvers['updateTeam'] = (_parent, { input }, ctx) =>
  ctx.services.tenancy.updateTeam(ctx.actor('ADMIN', 'updateTeam'), input);
