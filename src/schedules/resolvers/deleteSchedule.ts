import type { MutationResolvers } from '../../generated/graphql.js';
import { changeOptions } from '../../graphql/dry-run.js';

export const deleteSchedule: MutationResolvers['deleteSchedule'] = (_parent, { id, dryRun }, ctx, info) =>
  ctx.services.schedules.delete(ctx.actor('EDITOR', 'deleteSchedule'), id, changeOptions(ctx, info, dryRun));
