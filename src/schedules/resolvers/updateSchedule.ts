import type { MutationResolvers } from '../../generated/graphql.js';
import { changeOptions } from '../../graphql/dry-run.js';

export const updateSchedule: MutationResolvers['updateSchedule'] = (_parent, { id, spec, dryRun }, ctx, info) =>
  ctx.services.schedules.update(ctx.actor('EDITOR', 'updateSchedule'), id, spec, changeOptions(ctx, info, dryRun));
