import type { MutationResolvers } from '../../resolvers-types.js';
import { changeOptions } from '../../dry-run.js';

export const startSchedule: MutationResolvers['startSchedule'] = (_parent, { id, dryRun }, ctx, info) =>
  ctx.services.schedules.setRunning(ctx.actor('EDITOR', 'startSchedule'), id, true, changeOptions(ctx, info, dryRun));
