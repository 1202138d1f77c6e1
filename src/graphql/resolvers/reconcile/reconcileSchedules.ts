import type { MutationResolvers } from '../../resolvers-types.js';

export const reconcileSchedules: MutationResolvers['reconcileSchedules'] = (_parent, { repair }, ctx) =>
  ctx.services.reconcile.reconcileTeam(ctx.actor('ADMIN', 'reconcileSchedules'), { repair: repair ?? false, auditClean: true });
