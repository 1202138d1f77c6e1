import type { MutationResolvers } from '../../generated/graphql.js';

export const deleteSchedule: MutationResolvers['deleteSchedule'] = (_parent, { id }, ctx) =>
  ctx.services.schedules.delete(ctx.actor('EDITOR', 'deleteSchedule'), id);
