import type { MutationResolvers } from '../../resolvers-types.js';

export const createMonitor: MutationResolvers['createMonitor'] = (_parent, { input }, ctx) =>
  ctx.services.monitors.create(ctx.actor('EDITOR', 'createMonitor'), input);
