import type { Resolvers } from '../../generated/graphql.js';
import { notFound } from '../../shared/errors.js';

export const scheduleTypes: Resolvers = {
  Query: {
    schedules: (_parent, { filter, first, after }, ctx) =>
      ctx.services.schedules.list(ctx.actor('VIEWER', 'schedules').teamId, filter ?? {}, { first, after }),
    schedule: (_parent, { id }, ctx) => ctx.services.schedules.get(ctx.actor('VIEWER', 'schedule').teamId, id),
  },
  Schedule: {
    monitor: async (s, _args, ctx) => (await ctx.loaders.monitor.load(s.monitorId)) ?? Promise.reject(notFound('Monitor', s.monitorId)),
    lastExecution: (s, _args, ctx) => ctx.loaders.lastExecutionBySchedule.load(s.id),
    executions: (s, { filter, first, after }, ctx) =>
      ctx.services.executions.list(s.teamId, { ...(filter ?? {}), scheduleId: s.id }, { first, after }),
  },
};
