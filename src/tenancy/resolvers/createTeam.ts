import type { MutationResolvers } from '../../generated/graphql.js';
import { unauthenticated } from '../../shared/errors.js';

export const createTeam: MutationResolvers['createTeam'] = async (_parent, { input }, ctx) => {
  if (ctx.caller.kind !== 'admin-token') {
    throw unauthenticated('createTeam needs the gateway admin token (Authorization: Bearer <ADMIN_TOKEN>), not an API key');
  }
  return ctx.services.tenancy.createTeam(input, ctx.requestId);
};
