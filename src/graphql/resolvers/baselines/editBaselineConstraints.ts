import type { MutationResolvers } from '../../resolvers-types.js';

export const editBaselineConstraints: MutationResolvers['editBaselineConstraints'] = (_parent, { input }, ctx) =>
  ctx.services.baselines.editConstraints(ctx.actor('EDITOR', 'editBaselineConstraints'), input);
