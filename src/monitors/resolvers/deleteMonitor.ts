import type { MutationResolvers } from '../../generated/graphql.js';
import { changeOptions } from '../../graphql/dry-run.js';

export const deleteMonitor: MutationResolvers['deleteMonitor'] = (_parent, { id, dryRun }, ctx, info) =>
  ctx.services.monitors.delete(ctx.actor('EDITOR', 'deleteMonitor'), id, changeOptions(ctx, info, dryRun));
