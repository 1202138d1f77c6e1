// Subscriptions: authorize once when subscribing, then filter the team's events.
import type { Resolvers } from '../resolvers-types.js';
import type { ExecutionEventFilter, ViolationEventFilter } from '../../generated/graphql.js';
import type { GraphQLContext } from '../context.js';
import type { ExecutionStatusChanged, GatewayEvent, ViolationDetected } from '../../events/types.js';

type MonitorEvent = ViolationDetected | ExecutionStatusChanged;

type Maybe<T> = T | null | undefined;

function matchesCommon(e: MonitorEvent, f: { monitorId?: Maybe<string>; endpointName?: Maybe<string>; monitorType?: Maybe<string> }): boolean {
  return (!f.monitorId || e.monitorId === f.monitorId) && (!f.endpointName || e.endpointName === f.endpointName) && (!f.monitorType || e.monitorType === f.monitorType);
}

const violationMatches = (f: ViolationEventFilter) => (e: GatewayEvent): e is ViolationDetected =>
  e.type === 'VIOLATION_DETECTED' && matchesCommon(e, f) && (!f.checkType || e.checkType === f.checkType);

const executionMatches = (f: ExecutionEventFilter) => (e: GatewayEvent): e is ExecutionStatusChanged =>
  e.type === 'EXECUTION_STATUS_CHANGED' && matchesCommon(e, f) && (f.status == null || f.status.length === 0 || f.status.includes(e.status));

const withDates = <T extends MonitorEvent>(e: T) => ({ ...e, scheduledTime: new Date(e.scheduledTime), occurredAt: new Date(e.occurredAt) });

/**
 * A filter naming a monitor that is not the team's is an error, not a stream that stays
 * silent; another team's id gets the same NOT_FOUND as an id that names nothing.
 */
async function checkFilterMonitor(ctx: GraphQLContext, teamId: string, monitorId: Maybe<string>): Promise<void> {
  if (monitorId) await ctx.services.monitors.get(teamId, monitorId, 'filter.monitorId');
}

export const eventResolvers: Resolvers[] = [
  {
    Subscription: {
      violationDetected: {
        subscribe: async (_parent, { filter }, ctx) => {
          const actor = ctx.actor('VIEWER', 'violationDetected');
          await checkFilterMonitor(ctx, actor.teamId, filter?.monitorId);
          return ctx.services.hub.iterate(actor.teamId, violationMatches(filter ?? {}));
        },
        resolve: (event: ViolationDetected) => ({
          ...withDates(event), metricName: event.metricName ?? null, facet: event.facet ?? null, facetValue: event.facetValue ?? null, label: event.label ?? null,
        }),
      },
      executionStatusChanged: {
        subscribe: async (_parent, { filter }, ctx) => {
          const actor = ctx.actor('VIEWER', 'executionStatusChanged');
          await checkFilterMonitor(ctx, actor.teamId, filter?.monitorId);
          return ctx.services.hub.iterate(actor.teamId, executionMatches(filter ?? {}));
        },
        resolve: (event: ExecutionStatusChanged) => ({ ...withDates(event), reportError: event.reportError ?? null }),
      },
    },
  },
];
