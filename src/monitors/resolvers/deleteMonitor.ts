import type { MutationResolvers } from '../../generated/graphql.js';

export const deleteMonitor: MutationResolvers['deleteMonitor'] = (_parent, { id }, ctx) =>
  ctx.services.monitors.delete(ctx.actor('EDITOR', 'deleteMonitor'), id);
