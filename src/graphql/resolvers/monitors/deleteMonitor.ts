import type { MutationResolvers } from '../../resolvers-types.js';
import { changeOptions } from '../../dry-run.js';

export const deleteMonitor: MutationResolvers['deleteMonitor'] = (_parent, { id, dryRun }, ctx, info) =>
  ctx.services.monitors.delete(ctx.actor('EDITOR', 'deleteMonitor'), id, changeOptions(ctx, info, dryRun));
