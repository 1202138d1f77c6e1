import type { MutationResolvers } from '../../generated/graphql.js';

export const createSchedule: MutationResolvers['createSchedule'] = (_parent, { input }, ctx) =>
  ctx.services.schedules.create(ctx.actor('EDITOR', 'createSchedule'), input);
