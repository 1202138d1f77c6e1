import type { MutationResolvers } from '../../resolvers-types.js';
import { changeOptions } from '../../dry-run.js';

export const createSchedule: MutationResolvers['createSchedule'] = (_parent, { input, dryRun }, ctx, info) =>
  ctx.services.schedules.create(ctx.actor('EDITOR', 'createSchedule'), input, changeOptions(ctx, info, dryRun));
