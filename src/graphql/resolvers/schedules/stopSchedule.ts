import type { MutationResolvers } from '../../resolvers-types.js';
import { changeOptions } from '../../dry-run.js';

export const stopSchedule: MutationResolvers['stopSchedule'] = (_parent, { id, dryRun }, ctx, info) =>
  ctx.services.schedules.setRunning(ctx.actor('EDITOR', 'stopSchedule'), id, false, changeOptions(ctx, info, dryRun));
