import type { MutationResolvers } from '../../resolvers-types.js';
import { changeOptions } from '../../dry-run.js';

export const updateSchedule: MutationResolvers['updateSchedule'] = (_parent, { id, spec, dryRun }, ctx, info) =>
  ctx.services.schedules.update(ctx.actor('EDITOR', 'updateSchedule'), id, spec, changeOptions(ctx, info, dryRun));
