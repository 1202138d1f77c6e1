import type { MutationResolvers } from '../../resolvers-types.js';
import { changeOptions } from '../../dry-run.js';

export const deleteSchedule: MutationResolvers['deleteSchedule'] = (_parent, { id, dryRun }, ctx, info) =>
  ctx.services.schedules.delete(ctx.actor('EDITOR', 'deleteSchedule'), id, changeOptions(ctx, info, dryRun));
