// Clarify's analysis configuration of a bias monitor: where the column names of the
// dataset (`headers`, label included) are kept, so header-less CSV captures can be named.
// Clarify takes them from the analysis config its job is given; SageMaker's SDK gives a
// monitor the config of its latest baselining job when none is set. The engine does the
// same: the monitor's `bias.headers` when set, else the analysis_config.json its latest
// bias baseline job wrote beside analysis.json.
import { z } from 'zod';
import { LABEL_COLUMN, PREDICTION_COLUMN, PROBABILITY_COLUMN } from '@mmg/engine';
import { joinUri } from '@mmg/engine/io';
import type { BackendMonitor, BaselineJobRequest } from '../../backends/types.js';
import type { EngineContext } from './context.js';
import { ANALYSIS_CONFIG } from './layout.js';

const AnalysisConfigSchema = z.looseObject({ headers: z.array(z.string()).optional() });

/** The analysis config of a bias baseline over a dataset with these columns (null when none are known). */
export function analysisConfigOf(monitor: BackendMonitor, request: BaselineJobRequest, columns: readonly string[]): Record<string, unknown> | null {
  const b = monitor.config.bias;
  if (!b || columns.length === 0) return null;
  return {
    dataset_type: request.datasetFormat.jsonLines ? 'application/jsonlines' : 'text/csv',
    headers: columns,
    label: b.labelName ?? LABEL_COLUMN,
    label_values_or_threshold: b.labelValuesOrThreshold,
    facet: [{ name_or_index: b.facetName, value_or_threshold: b.facetValuesOrThreshold }],
    ...(b.groupVariable ? { group_variable: b.groupVariable } : {}),
    ...(b.probabilityThreshold !== undefined ? { probability_threshold: b.probabilityThreshold } : {}),
    methods: { pre_training_bias: { methods: 'all' }, post_training_bias: { methods: 'all' } },
  };
}

/** The names of captured CSV input columns: the headers without the label and the model's outputs. */
export function captureColumnsOf(monitor: BackendMonitor): string[] | undefined {
  const b = monitor.config.bias;
  if (!b?.headers || b.headers.length === 0) return undefined;
  const outputs = new Set([b.labelName ?? LABEL_COLUMN, PREDICTION_COLUMN, PROBABILITY_COLUMN]);
  return b.headers.filter((h) => !outputs.has(h));
}

/**
 * The monitor, with `bias.headers` from its latest completed engine bias baseline (the one in
 * force first) when it sets none. Unchanged when there is none, or it wrote no analysis config.
 */
export async function withBaselineHeaders(ctx: EngineContext, monitor: BackendMonitor): Promise<BackendMonitor> {
  const bias = monitor.config.bias;
  if (monitor.type !== 'MODEL_BIAS' || !bias || (bias.headers ?? []).length > 0) return monitor;
  const jobs = await ctx.db.engineBaselineJob.findMany({
    where: { monitorId: monitor.id, status: 'COMPLETED' }, orderBy: { createdAt: 'desc' }, take: 20, select: { baselineId: true, outputUri: true },
  });
  const job = jobs.find((j) => j.baselineId === monitor.baseline?.id) ?? jobs[0];
  if (!job) return monitor;
  const text = await ctx.store.readText(joinUri(job.outputUri, ANALYSIS_CONFIG));
  if (text === null) return monitor;
  let parsed;
  try {
    parsed = AnalysisConfigSchema.safeParse(JSON.parse(text));
  } catch {
    return monitor;
  }
  const headers = parsed.success ? parsed.data.headers : undefined;
  return headers && headers.length > 0 ? { ...monitor, config: { ...monitor.config, bias: { ...bias, headers } } } : monitor;
}
