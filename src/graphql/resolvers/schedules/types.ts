import type { Resolvers } from '../../resolvers-types.js';
import { executionNeeds, executionsPrefetch } from '../../prefetch.js';
import { found } from '../../loaders.js';

export const scheduleTypes: Resolvers = {
  Query: {
    schedules: (_parent, { filter, first, after }, ctx) =>
      ctx.services.schedules.list(ctx.actor('VIEWER', 'schedules').teamId, filter ?? {}, { first, after }),
    schedule: (_parent, { id }, ctx) => ctx.services.schedules.get(ctx.actor('VIEWER', 'schedule').teamId, id),
  },
  Schedule: {
    backendName: (s) => s.backendName ?? s.name,
    monitor: (s, _args, ctx) => found(ctx.loaders.monitor.load(s.monitorId), 'Monitor', s.monitorId),
    lastExecution: (s, _args, ctx, info) => ctx.loaders.lastExecutionBySchedule.load(s.id, executionNeeds(info)),
    executions: (s, { filter, first, after }, ctx, info) =>
      ctx.services.executions.list(s.teamId, { ...(filter ?? {}), scheduleId: s.id }, { first, after }, executionsPrefetch(info, ctx)),
  },
};
