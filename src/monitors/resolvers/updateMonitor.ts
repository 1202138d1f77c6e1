import type { MutationResolvers } from '../../generated/graphql.js';
import { changeOptions } from '../../graphql/dry-run.js';

export const updateMonitor: MutationResolvers['updateMonitor'] = (_parent, { id, input, dryRun }, ctx, info) =>
  ctx.services.monitors.update(ctx.actor('EDITOR', 'updateMonitor'), id, input, changeOptions(ctx, info, dryRun));
