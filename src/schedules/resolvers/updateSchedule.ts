import type { MutationResolvers } from '../../generated/graphql.js';

export const updateSchedule: MutationResolvers['updateSchedule'] = (_parent, { id, spec }, ctx) =>
  ctx.services.schedules.update(ctx.actor('EDITOR', 'updateSchedule'), id, spec);
