import type { MutationResolvers } from '../../generated/graphql.js';

export const createMonitor: MutationResolvers['createMonitor'] = (_parent, { input }, ctx) =>
  ctx.services.monitors.create(ctx.actor('EDITOR', 'createMonitor'), input);
