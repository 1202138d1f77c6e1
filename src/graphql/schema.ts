// The executable schema: the SDL of graphql/*.graphql with every domain's resolvers.
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { Resolvers } from './resolvers-types.js';
import { auditResolvers } from './resolvers/audit.js';
import { eventResolvers } from './resolvers/subscriptions.js';
import { baselineResolvers } from './resolvers/baselines.js';
import { executionResolvers } from './resolvers/executions.js';
import { metricSeriesResolvers } from './resolvers/metric-series.js';
import { monitorResolvers } from './resolvers/monitors.js';
import { reconcileResolvers } from './resolvers/reconcile.js';
import { importResolvers } from './resolvers/imports.js';
import { scheduleResolvers } from './resolvers/schedules.js';
import { tenancyResolvers } from './resolvers/tenancy.js';
import { webhookResolvers } from './resolvers/webhooks.js';
import { alertResolvers } from './resolvers/alerts.js';
import { trustedDocumentResolvers } from './resolvers/trusted-documents.js';
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
    ...importResolvers,
    ...executionResolvers,
    ...metricSeriesResolvers,
    ...auditResolvers,
    ...eventResolvers,
    ...webhookResolvers,
    ...alertResolvers,
    ...trustedDocumentResolvers,
  ];
  return makeExecutableSchema({
    typeDefs: await loadSchemaDocument(),
    resolvers: resolvers as never,
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
}
