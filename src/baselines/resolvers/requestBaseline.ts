import type { MutationResolvers } from '../../generated/graphql.js';
import { changeOptions } from '../../graphql/dry-run.js';

export const requestBaseline: MutationResolvers['requestBaseline'] = (_parent, { input, dryRun }, ctx, info) =>
  ctx.services.baselines.request(ctx.actor('EDITOR', 'requestBaseline'), input, changeOptions(ctx, info, dryRun));
