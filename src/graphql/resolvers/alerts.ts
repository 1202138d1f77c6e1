// Alert mutes in GraphQL: the list, the type's fields and the two mutations, each a thin call into the domain.
import type { MutationResolvers, Resolvers } from '../resolvers-types.js';
import { found } from '../loaders.js';
import { counted } from '../prefetch.js';

const reads: Resolvers = {
  Query: {
    alertMutes: (_parent, { filter, first, after }, ctx, info) => ctx.services.alertMutes.list(ctx.actor('VIEWER', 'alertMutes').teamId, filter, { first, after, counted: counted(info) }),
  },
  AlertMute: {
    monitor: (m, _args, ctx) => found(ctx.loaders.monitor.load(m.monitorId), 'Monitor', m.monitorId),
    active: (m) => m.until.getTime() > Date.now(),
  },
};

const muteAlerts: MutationResolvers['muteAlerts'] = (_parent, { input }, ctx) => ctx.services.alertMutes.mute(ctx.actor('EDITOR', 'muteAlerts'), input);

const unmuteAlerts: MutationResolvers['unmuteAlerts'] = (_parent, { id }, ctx) => ctx.services.alertMutes.unmute(ctx.actor('EDITOR', 'unmuteAlerts'), id);

export const alertResolvers: Resolvers[] = [reads, { Mutation: { muteAlerts, unmuteAlerts } }];
