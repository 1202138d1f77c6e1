import type { MutationResolvers } from '../../generated/graphql.js';

export const stopSchedule: MutationResolvers['stopSchedule'] = (_parent, { id }, ctx) =>
  ctx.services.schedules.setRunning(ctx.actor('EDITOR', 'stopSchedule'), id, false);
