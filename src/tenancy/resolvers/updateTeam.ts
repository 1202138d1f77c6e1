import type { MutationResolvers } from '../../generated/graphql.js';

export const updateTeam: MutationResolvers['updateTeam'] = (_parent, { input }, ctx) =>
  ctx.services.tenancy.updateTeam(ctx.actor('ADMIN', 'updateTeam'), input);
