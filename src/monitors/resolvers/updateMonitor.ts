import type { MutationResolvers } from '../../generated/graphql.js';

export const updateMonitor: MutationResolvers['updateMonitor'] = (_parent, { id, input }, ctx) =>
  ctx.services.monitors.update(ctx.actor('EDITOR', 'updateMonitor'), id, input);
