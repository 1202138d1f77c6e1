import type { MutationResolvers } from '../../resolvers-types.js';
import { issueBreakGlassKey as issue } from '../../../tenancy/break-glass.js';
import { requireAdminToken } from '../../../kernel/caller.js';

export const issueBreakGlassKey: MutationResolvers['issueBreakGlassKey'] = async (_parent, { teamId, reason }, ctx) => {
  requireAdminToken(ctx.caller, 'issueBreakGlassKey');
  return issue(ctx.services.db, ctx.services.config.API_KEY_PEPPER, { teamId, reason }, ctx.requestId);
};
