import type { MutationResolvers } from '../../generated/graphql.js';
import { changeOptions } from '../../graphql/dry-run.js';

export const createSchedule: MutationResolvers['createSchedule'] = (_parent, { input, dryRun }, ctx, info) =>
  ctx.services.schedules.create(ctx.actor('EDITOR', 'createSchedule'), input, changeOptions(ctx, info, dryRun));
