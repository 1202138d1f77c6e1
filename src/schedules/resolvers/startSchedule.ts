import type { MutationResolvers } from '../../generated/graphql.js';

export const startSchedule: MutationResolvers['startSchedule'] = (_parent, { id }, ctx) =>
  ctx.services.schedules.setRunning(ctx.actor('EDITOR', 'startSchedule'), id, true);
