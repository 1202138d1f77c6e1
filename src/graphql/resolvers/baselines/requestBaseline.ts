import type { MutationResolvers } from '../../resolvers-types.js';
import { changeOptions } from '../../dry-run.js';

export const requestBaseline: MutationResolvers['requestBaseline'] = (_parent, { input, dryRun }, ctx, info) =>
  ctx.services.baselines.request(ctx.actor('EDITOR', 'requestBaseline'), input, changeOptions(ctx, info, dryRun));
