import type { MutationResolvers } from '../../resolvers-types.js';
import { changeOptions } from '../../dry-run.js';

export const updateMonitor: MutationResolvers['updateMonitor'] = (_parent, { id, input, dryRun }, ctx, info) =>
  ctx.services.monitors.update(ctx.actor('EDITOR', 'updateMonitor'), id, input, changeOptions(ctx, info, dryRun));
