// Executions and violations in GraphQL: queries, type fields and mutations, each a thin call into the domain.
import { found } from '../loaders.js';
import { toProgress } from '../progress.js';
import { counted, executionNeeds, executionsPrefetch, violationsPrefetch } from '../prefetch.js';
import type { Resolvers } from '../resolvers-types.js';
import type { GraphQLContext } from '../context.js';
import type { Execution } from '../../generated/prisma/client.js';
import { hasReport } from '../../executions/reports.js';
import type { ReportFile } from '../../backends/reports.js';

/** One document of a finished run's report, read through its monitor's backend. */
async function reportDocument(e: Execution, ctx: GraphQLContext, kind: ReportFile): Promise<unknown> {
  return ctx.services.reports.document(await found(ctx.loaders.monitor.load(e.monitorId), 'Monitor', e.monitorId), e, kind);
}

export const executionResolvers: Resolvers[] = [
  {
    Query: {
      executions: (_parent, { filter, first, after }, ctx, info) =>
        ctx.services.executions.list(ctx.actor('VIEWER', 'executions').teamId, filter ?? {}, { first, after, counted: counted(info) }, executionsPrefetch(info, ctx)),
      execution: (_parent, { id }, ctx) => ctx.services.executions.get(ctx.actor('VIEWER', 'execution').teamId, id),
      violations: (_parent, { filter, first, after }, ctx, info) =>
        ctx.services.executions.violations(ctx.actor('VIEWER', 'violations').teamId, filter ?? {}, { first, after, counted: counted(info) }, violationsPrefetch(info, ctx)),
      violationSummary: (_parent, args, ctx) => ctx.services.executions.summary(ctx.actor('VIEWER', 'violationSummary').teamId, args),
    },
    ViolationGroup: {
      monitor: (g, _args, ctx) => (g.monitorId ? ctx.loaders.monitor.load(g.monitorId) : null),
    },
    ExecutionReport: {
      uri: (e) => e.reportUri ?? '',
      statistics: (e, _args, ctx) => reportDocument(e, ctx, 'statistics'),
      constraints: (e, _args, ctx) => reportDocument(e, ctx, 'constraints'),
      violations: (e, _args, ctx) => reportDocument(e, ctx, 'violations'),
      analysis: (e, _args, ctx) => reportDocument(e, ctx, 'analysis'),
    },
    Execution: {
      monitor: (e, _args, ctx) => found(ctx.loaders.monitor.load(e.monitorId), 'Monitor', e.monitorId),
      schedule: (e, _args, ctx) => (e.scheduleId ? ctx.loaders.schedule.load(e.scheduleId) : null),
      violations: (e, _args, ctx) => ctx.loaders.violationsByExecution.load(e.id),
      progress: (e, _args, ctx) => toProgress(e.progress, ctx.log, { type: 'Execution', id: e.id }),
      report: (e) => (hasReport(e) ? e : null),
      featureStatistics: async (e, { name }, ctx) => {
        const [monitor, baseline] = await Promise.all([found(ctx.loaders.monitor.load(e.monitorId), 'Monitor', e.monitorId), ctx.loaders.activeBaselineByMonitor.load(e.monitorId)]);
        return ctx.services.reports.featureStatistics(monitor, e, baseline, name);
      },
    },
    Violation: {
      monitor: (v, _args, ctx) => found(ctx.loaders.monitor.load(v.monitorId), 'Monitor', v.monitorId),
      execution: (v, _args, ctx, info) => found(ctx.loaders.execution.load(v.executionId, executionNeeds(info)), 'Execution', v.executionId),
      // Stored as '' where the report names none (part of the row's identity).
      metricName: (v) => v.metricName || null,
      facet: (v) => v.facet || null,
      facetValue: (v) => v.facetValue || null,
      label: (v) => v.label || null,
    },
  },
];
