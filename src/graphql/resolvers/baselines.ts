// Baselines in GraphQL: queries, type fields and mutations, each a thin call into the domain.
import { changeOptions } from '../dry-run.js';
import { found } from '../loaders.js';
import { toProgress } from '../progress.js';
import type { MutationResolvers, Resolvers } from '../resolvers-types.js';

const reads: Resolvers = {
  Query: {
    baseline: (_parent, { id }, ctx) => ctx.services.baselines.get(ctx.actor('VIEWER', 'baseline').teamId, id),
  },
  Baseline: {
    monitor: (b, _args, ctx) => found(ctx.loaders.monitor.load(b.monitorId), 'Monitor', b.monitorId),
    // Stored exactly as the DatasetFormatInput it was requested with.
    datasetFormat: (b) => {
      const f = (b.datasetFormat ?? {}) as { csvHeader?: boolean | null; jsonLines?: boolean | null; parquet?: boolean | null };
      return { csvHeader: f.csvHeader ?? null, jsonLines: f.jsonLines ?? null, parquet: f.parquet ?? null };
    },
    progress: (b, _args, ctx) => toProgress(b.progress, ctx.log, { type: 'Baseline', id: b.id }),
    parent: (b, _args, ctx) => (b.parentId ? ctx.loaders.baseline.load(b.parentId) : null),
  },
};

const editBaselineConstraints: MutationResolvers['editBaselineConstraints'] = (_parent, { input }, ctx) =>
  ctx.services.baselines.editConstraints(ctx.actor('EDITOR', 'editBaselineConstraints'), input);

const requestBaseline: MutationResolvers['requestBaseline'] = (_parent, { input, dryRun }, ctx, info) =>
  ctx.services.baselines.request(ctx.actor('EDITOR', 'requestBaseline'), input, changeOptions(ctx, info, dryRun));

export const baselineResolvers: Resolvers[] = [reads, { Mutation: { requestBaseline, editBaselineConstraints } }];
