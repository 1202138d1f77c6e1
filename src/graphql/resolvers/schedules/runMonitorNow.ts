import type { MutationResolvers } from '../../resolvers-types.js';

export const runMonitorNow: MutationResolvers['runMonitorNow'] = async (_parent, { monitorId, window }, ctx) => {
  const actor = ctx.actor('EDITOR', 'runMonitorNow');
  const { schedule, monitor } = await ctx.services.schedules.runNow(actor, { monitorId, window });
  return { schedule, execution: await ctx.services.executions.runOf(actor.teamId, schedule.id, monitor.backend) };
};
