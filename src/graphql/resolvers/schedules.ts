// Schedules in GraphQL: queries, type fields and mutations, each a thin call into the domain.
import { changeOptions } from '../dry-run.js';
import { found } from '../loaders.js';
import { counted, executionNeeds, executionsPrefetch } from '../prefetch.js';
import { nextRunOf } from '../../kernel/rules/next-run.js';
import type { MutationResolvers, Resolvers } from '../resolvers-types.js';

const reads: Resolvers = {
  Query: {
    schedules: (_parent, { filter, first, after }, ctx, info) =>
      ctx.services.schedules.list(ctx.actor('VIEWER', 'schedules').teamId, filter ?? {}, { first, after, counted: counted(info) }),
    schedule: (_parent, { id }, ctx) => ctx.services.schedules.get(ctx.actor('VIEWER', 'schedule').teamId, id),
  },
  Schedule: {
    backendName: (s) => s.backendName ?? s.name,
    monitor: (s, _args, ctx) => found(ctx.loaders.monitor.load(s.monitorId), 'Monitor', s.monitorId),
    lastExecution: (s, _args, ctx, info) => ctx.loaders.lastExecutionBySchedule.load(s.id, executionNeeds(info)),
    executions: (s, { filter, first, after }, ctx, info) =>
      ctx.services.executions.list(s.teamId, { ...(filter ?? {}), scheduleId: s.id }, { first, after, counted: counted(info) }, executionsPrefetch(info, ctx)),
    nextRunAt: (s) => nextRunOf(s, new Date()),
  },
};

const createSchedule: MutationResolvers['createSchedule'] = (_parent, { input, dryRun }, ctx, info) =>
  ctx.services.schedules.create(ctx.actor('EDITOR', 'createSchedule'), input, changeOptions(ctx, info, dryRun));

const deleteSchedule: MutationResolvers['deleteSchedule'] = (_parent, { id, dryRun }, ctx, info) =>
  ctx.services.schedules.delete(ctx.actor('EDITOR', 'deleteSchedule'), id, changeOptions(ctx, info, dryRun));

const runMonitorNow: MutationResolvers['runMonitorNow'] = async (_parent, { monitorId, window }, ctx) => {
  const actor = ctx.actor('EDITOR', 'runMonitorNow');
  const { schedule, monitor } = await ctx.services.schedules.runNow(actor, { monitorId, window });
  return { schedule, execution: await ctx.services.executions.runOf(actor.teamId, schedule.id, monitor.backend) };
};

const startSchedule: MutationResolvers['startSchedule'] = (_parent, { id, dryRun }, ctx, info) =>
  ctx.services.schedules.setRunning(ctx.actor('EDITOR', 'startSchedule'), id, true, changeOptions(ctx, info, dryRun));

const stopSchedule: MutationResolvers['stopSchedule'] = (_parent, { id, dryRun }, ctx, info) =>
  ctx.services.schedules.setRunning(ctx.actor('EDITOR', 'stopSchedule'), id, false, changeOptions(ctx, info, dryRun));

const updateSchedule: MutationResolvers['updateSchedule'] = (_parent, { id, spec, dryRun }, ctx, info) =>
  ctx.services.schedules.update(ctx.actor('EDITOR', 'updateSchedule'), id, spec, changeOptions(ctx, info, dryRun));

export const scheduleResolvers: Resolvers[] = [
  reads,
  { Mutation: { createSchedule, runMonitorNow, updateSchedule, startSchedule, stopSchedule, deleteSchedule } },
];
