import type { Resolvers } from '../../generated/graphql.js';
import { notFound } from '../../shared/errors.js';
import { toProgress } from '../mappers.js';

export const executionResolvers: Resolvers[] = [
  {
    Query: {
      executions: (_parent, { filter, first, after }, ctx) =>
        ctx.services.executions.list(ctx.actor('VIEWER', 'executions').teamId, filter ?? {}, { first, after }),
      execution: (_parent, { id }, ctx) => ctx.services.executions.get(ctx.actor('VIEWER', 'execution').teamId, id),
      violations: (_parent, { filter, first, after }, ctx) =>
        ctx.services.executions.violations(ctx.actor('VIEWER', 'violations').teamId, filter ?? {}, { first, after }),
    },
    Execution: {
      monitor: async (e, _args, ctx) => (await ctx.loaders.monitor.load(e.monitorId)) ?? Promise.reject(notFound('Monitor', e.monitorId)),
      schedule: (e, _args, ctx) => (e.scheduleId ? ctx.loaders.schedule.load(e.scheduleId) : null),
      violations: (e, _args, ctx) => ctx.loaders.violationsByExecution.load(e.id),
      progress: (e, _args, ctx) => toProgress(e.progress, ctx.log, { type: 'Execution', id: e.id }),
    },
    Violation: {
      monitor: async (v, _args, ctx) => (await ctx.loaders.monitor.load(v.monitorId)) ?? Promise.reject(notFound('Monitor', v.monitorId)),
      execution: async (v, _args, ctx) => (await ctx.loaders.execution.load(v.executionId)) ?? Promise.reject(notFound('Execution', v.executionId)),
    },
  },
];
