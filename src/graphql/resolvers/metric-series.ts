// Metric series in GraphQL: queries, type fields and mutations, each a thin call into the domain.
import type { Resolvers } from '../resolvers-types.js';

export const metricSeriesResolvers: Resolvers[] = [
  {
    Query: {
      metricSeries: (_parent, args, ctx) => ctx.services.metricSeries.series(ctx.actor('VIEWER', 'metricSeries').teamId, args),
      metricSeriesList: (_parent, args, ctx) => ctx.services.metricSeries.seriesList(ctx.actor('VIEWER', 'metricSeriesList').teamId, args),
      metricNames: (_parent, { monitorId }, ctx) => ctx.services.metricSeries.names(ctx.actor('VIEWER', 'metricNames').teamId, monitorId),
    },
  },
];
