import type { MutationResolvers } from '../../resolvers-types.js';
import { requireAdminToken } from '../../../kernel/caller.js';

export const createTeam: MutationResolvers['createTeam'] = async (_parent, { input }, ctx) => {
  requireAdminToken(ctx.caller, 'createTeam');
  return ctx.services.tenancy.createTeam(input, ctx.requestId);
};
