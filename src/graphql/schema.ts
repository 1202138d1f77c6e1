// The executable schema: the SDL of graphql/*.graphql with every domain's resolvers.
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { Resolvers } from '../generated/graphql.js';
import { auditResolvers } from '../audit/resolvers.js';
import { eventResolvers } from '../events/resolvers.js';
import { baselineResolvers } from '../baselines/resolvers/index.js';
import { executionResolvers } from '../executions/resolvers/index.js';
import { metricSeriesResolvers } from '../metric-series/resolvers/index.js';
import { monitorResolvers } from '../monitors/resolvers/index.js';
import { reconcileResolvers } from '../reconcile/resolvers/index.js';
import { scheduleResolvers } from '../schedules/resolvers/index.js';
import { tenancyResolvers } from '../tenancy/resolvers/index.js';
import { webhookResolvers } from '../webhooks/resolvers/index.js';
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
