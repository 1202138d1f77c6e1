import type { MutationResolvers } from '../../generated/graphql.js';

export const requestBaseline: MutationResolvers['requestBaseline'] = (_parent, { input }, ctx) =>
  ctx.services.baselines.request(ctx.actor('EDITOR', 'requestBaseline'), input);
