// The executable schema: the SDL of graphql/*.graphql with every domain's resolvers.
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { Resolvers } from './resolvers-types.js';
import { auditResolvers } from './resolvers/audit.js';
import { eventResolvers } from './resolvers/subscriptions.js';
import { baselineResolvers } from './resolvers/baselines/index.js';
import { executionResolvers } from './resolvers/executions/index.js';
import { metricSeriesResolvers } from './resolvers/metric-series/index.js';
import { monitorResolvers } from './resolvers/monitors/index.js';
import { reconcileResolvers } from './resolvers/reconcile/index.js';
import { scheduleResolvers } from './resolvers/schedules/index.js';
import { tenancyResolvers } from './resolvers/tenancy/index.js';
import { webhookResolvers } from './resolvers/webhooks/index.js';
import { DateTime, JSONScalar } from './scalars.js';
import { loadSchemaDocument } from './sdl.js';

export async function buildSchema(): Promise<GraphQLSchema> {
  const resolvers: Resolvers[] = [
    { DateTime, JSON: JSONScalar },
    ...tenancyResolvers,
    ...monitorResolvers,
    ...baselineResolvers,
    ...scheduleResolvers,
    ...reconcileResolvers,
    ...executionResolvers,
    ...metricSeriesResolvers,
    ...auditResolvers,
    ...eventResolvers,
    ...webhookResolvers,
  ];
  return makeExecutableSchema({
    typeDefs: await loadSchemaDocument(),
    resolvers: resolvers as never,
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
}
