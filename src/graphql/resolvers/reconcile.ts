// Reconciliation in GraphQL: queries, type fields and mutations, each a thin call into the domain.
import type { MutationResolvers, Resolvers } from '../resolvers-types.js';

const reconcileSchedules: MutationResolvers['reconcileSchedules'] = (_parent, { repair }, ctx) =>
  ctx.services.reconcile.reconcileTeam(ctx.actor('ADMIN', 'reconcileSchedules'), { repair: repair ?? false, auditClean: true });

export const reconcileResolvers: Resolvers[] = [{ Mutation: { reconcileSchedules } }];
