// Monitors in GraphQL: queries, type fields and mutations, each a thin call into the domain.
import type { DatasetFormat as DatasetFormatGql } from '../../generated/graphql.js';
import type { Monitor } from '../../generated/prisma/client.js';
import { type DatasetFormat, type EndpointInputConfig, type MonitorConfig, parseStoredConfig } from '../../kernel/monitor-config.js';
import { invert, PROBLEM_TYPE, S3_DISTRIBUTION, S3_INPUT_MODE, SHAP_AGGREGATION } from '../../monitors/input.js';
import { changeOptions } from '../dry-run.js';
import { counted, executionNeeds, executionsPrefetch, latestActivity, scheduleNeeds } from '../prefetch.js';
import { earliestNextRun } from '../../kernel/rules/next-run.js';
import type { MutationResolvers, Resolvers } from '../resolvers-types.js';

const parsed = new WeakMap<Monitor, MonitorConfig>();
/** The stored config, parsed once per row object. */
function cfg(row: Monitor): MonitorConfig {
  let c = parsed.get(row);
  if (!c) parsed.set(row, (c = parseStoredConfig(row.config)));
  return c;
}

const INPUT_MODE = invert(S3_INPUT_MODE);
const DISTRIBUTION = invert(S3_DISTRIBUTION);
const PROBLEM = invert(PROBLEM_TYPE);
const SHAP = invert(SHAP_AGGREGATION);

export function datasetFormatToGql(f: DatasetFormat): DatasetFormatGql {
  return { csvHeader: f.csv?.header ?? null, jsonLines: f.json?.line ?? null, parquet: f.parquet ?? null };
}

function attributes(i: Omit<EndpointInputConfig, 'endpointName'>) {
  return {
    localPath: i.localPath ?? null,
    s3InputMode: i.s3InputMode ? INPUT_MODE[i.s3InputMode] : null,
    s3DataDistributionType: i.s3DataDistributionType ? DISTRIBUTION[i.s3DataDistributionType] : null,
    startTimeOffset: i.startTimeOffset ?? null,
    endTimeOffset: i.endTimeOffset ?? null,
    featuresAttribute: i.featuresAttribute ?? null,
    inferenceAttribute: i.inferenceAttribute ?? null,
    probabilityAttribute: i.probabilityAttribute ?? null,
    probabilityThresholdAttribute: i.probabilityThresholdAttribute ?? null,
    excludeFeaturesAttribute: i.excludeFeaturesAttribute ?? null,
  };
}

const reads: Resolvers = {
  Query: {
    monitors: (_parent, { filter, first, after }, ctx, info) =>
      ctx.services.monitors.list(ctx.actor('VIEWER', 'monitors').teamId, filter ?? {}, { first, after, counted: counted(info) }, latestActivity(info, ctx, true)),
    monitor: (_parent, { id }, ctx, info) =>
      ctx.services.monitors.getWithLatest(ctx.actor('VIEWER', 'monitor').teamId, id, latestActivity(info, ctx, false)),
  },
  Monitor: {
    endpointInput: (m) => {
      const i = cfg(m).endpointInput;
      return i ? { endpointName: i.endpointName, ...attributes(i) } : null;
    },
    batchTransformInput: (m) => {
      const i = cfg(m).batchTransformInput;
      return i ? { dataCapturedDestinationS3Uri: i.dataCapturedDestinationS3Uri, datasetFormat: datasetFormatToGql(i.datasetFormat), ...attributes(i) } : null;
    },
    outputS3Uri: (m) => cfg(m).outputS3Uri,
    problemType: (m) => {
      const p = cfg(m).problemType;
      return p ? PROBLEM[p] : null;
    },
    groundTruthS3Uri: (m) => cfg(m).groundTruthS3Uri ?? null,
    bias: (m) => {
      const b = cfg(m).bias;
      return b ? { ...b, labelName: b.labelName ?? null, probabilityThreshold: b.probabilityThreshold ?? null, headers: b.headers ?? null, groupVariable: b.groupVariable ?? null } : null;
    },
    explainability: (m) => {
      const e = cfg(m).explainability;
      if (!e) return null;
      const attributionSource = m.backend === 'SAGEMAKER' ? 'CLARIFY_KERNEL_SHAP' : 'CAPTURED_OUTPUT';
      return { ...e, attributionSource, aggMethod: SHAP[e.aggMethod], labelHeaders: e.labelHeaders ?? null, shapBaselineUri: e.shapBaselineUri ?? null };
    },
    predictor: (m) => {
      const p = cfg(m).predictor;
      return p ? { ...p, contentType: p.contentType ?? null, acceptType: p.acceptType ?? null, contentTemplate: p.contentTemplate ?? null } : null;
    },
    recordPreprocessorSourceUri: (m) => cfg(m).recordPreprocessorSourceUri ?? null,
    postAnalyticsProcessorSourceUri: (m) => cfg(m).postAnalyticsProcessorSourceUri ?? null,
    resources: (m) => ({ ...cfg(m).resources, volumeKmsKeyId: cfg(m).resources.volumeKmsKeyId ?? null }),
    maxRuntimeInSeconds: (m) => cfg(m).maxRuntimeInSeconds,
    roleArn: (m) => cfg(m).roleArn ?? null,
    networkConfig: (m) => {
      const n = cfg(m).networkConfig;
      return n ? { ...n, enableInterContainerTrafficEncryption: n.enableInterContainerTrafficEncryption ?? null, vpcConfig: n.vpcConfig ?? null } : null;
    },
    outputKmsKeyId: (m) => cfg(m).outputKmsKeyId ?? null,
    environment: (m) => Object.entries(cfg(m).environment ?? {}).map(([name, value]) => ({ name, value })),
    activeBaseline: (m, _args, ctx) => ctx.loaders.activeBaselineByMonitor.load(m.id),
    baselines: (m, args, ctx, info) => ctx.services.baselines.list(m.teamId, m.id, { ...args, counted: counted(info) }),
    schedule: (m, _args, ctx, info) => ctx.loaders.latestScheduleByMonitor.load(m.id, scheduleNeeds(info)),
    schedules: (m, args, ctx, info) => ctx.services.schedules.list(m.teamId, { monitorId: m.id }, { ...args, counted: counted(info) }),
    activeSchedules: (m, _args, ctx) => ctx.loaders.activeSchedulesByMonitor.load(m.id),
    executions: (m, { filter, first, after }, ctx, info) =>
      ctx.services.executions.list(m.teamId, { ...(filter ?? {}), monitorId: m.id }, { first, after, counted: counted(info) }, executionsPrefetch(info, ctx)),
    // The health columns of the row itself (kept by the executions sync): MonitorHealth's parent is the monitor.
    health: (m) => m,
  },
  MonitorHealth: {
    status: (m) => m.healthStatus,
    since: (m) => m.healthSince ?? (m.healthStatus === 'PENDING' ? m.createdAt : null),
    lastExecution: (m, _args, ctx, info) => (m.healthExecutionId ? ctx.loaders.execution.load(m.healthExecutionId, executionNeeds(info)) : null),
    openViolations: (m) => m.healthOpenViolations,
    nextRunAt: async (m, _args, ctx) => earliestNextRun(await ctx.loaders.activeSchedulesByMonitor.load(m.id), new Date()),
  },
};

const createMonitor: MutationResolvers['createMonitor'] = (_parent, { input }, ctx) =>
  ctx.services.monitors.create(ctx.actor('EDITOR', 'createMonitor'), input);

const deleteMonitor: MutationResolvers['deleteMonitor'] = (_parent, { id, dryRun }, ctx, info) =>
  ctx.services.monitors.delete(ctx.actor('EDITOR', 'deleteMonitor'), id, changeOptions(ctx, info, dryRun));

const updateMonitor: MutationResolvers['updateMonitor'] = (_parent, { id, input, dryRun }, ctx, info) =>
  ctx.services.monitors.update(ctx.actor('EDITOR', 'updateMonitor'), id, input, changeOptions(ctx, info, dryRun));

const moveMonitor: MutationResolvers['moveMonitor'] = (_parent, { id, backend, dryRun }, ctx, info) =>
  ctx.services.monitors.move(ctx.actor('EDITOR', 'moveMonitor'), id, backend, changeOptions(ctx, info, dryRun));

export const monitorResolvers: Resolvers[] = [reads, { Mutation: { createMonitor, updateMonitor, moveMonitor, deleteMonitor } }];
