// MODEL_BIAS: Clarify's analysis.json for the facet (a baseline with the pre- and
// post-training metrics, a run with the post-training ones); a run's violations are
// the metrics further from their ideal than in the baseline (bias/drift.ts).
// Values-or-threshold: a facet given as one number is a threshold (facet > t),
// as Clarify does for continuous facets; labels are always values.
// A baseline is analysis.json alone, as Clarify's: its statistics and its constraints.
// Header-less CSV captures are named by the analysis config's headers without the label
// and the model's outputs (analysis-config.ts); without headers, captures are read with
// their JSON keys or positional names. Baselines the engine wrote before keeping the
// analysis config carry those names as `capture_columns` in their constraints: still read.
import { z } from 'zod';
import {
  BiasAccumulator,
  biasAnalyzer,
  err,
  featuresOf,
  groupOf,
  LABEL_COLUMN,
  numberOf,
  ok,
  parseBiasConstraints,
  PREDICTION_COLUMN,
  PROBABILITY_COLUMN,
  validateBiasConfig,
  type BiasConfig,
  type Result,
  type ValuesOrThreshold,
} from '@mmg/engine';
import type { BackendMonitor } from '../../backends/types.js';
import { docText, noBaseline, type MonitorKind } from './kind.js';
import { analysisConfigOf, captureColumnsOf } from './analysis-config.js';
import { ANALYSIS_CONFIG } from './layout.js';

function biasConfig(monitor: BackendMonitor): Result<BiasConfig> {
  const b = monitor.config.bias;
  if (!b) return err({ kind: 'INVALID_CONFIG', message: 'a MODEL_BIAS monitor needs a bias configuration (facet and label values)' });
  const facetNumber = b.facetValuesOrThreshold.length === 1 ? numberOf(b.facetValuesOrThreshold[0]) : undefined;
  const facet: ValuesOrThreshold = facetNumber !== undefined ? { threshold: facetNumber } : { values: b.facetValuesOrThreshold };
  return validateBiasConfig({
    facetName: b.facetName,
    facet,
    labelName: b.labelName ?? LABEL_COLUMN,
    label: { values: b.labelValuesOrThreshold },
    ...(b.probabilityThreshold !== undefined ? { probabilityThreshold: b.probabilityThreshold } : {}),
    ...(b.groupVariable ? { groupName: b.groupVariable } : {}),
  });
}

/** `capture_columns` of a baseline the engine wrote before it kept the analysis config. */
const LegacyCaptureColumns = z.object({ capture_columns: z.array(z.string()).nullish() });

export const modelBias: MonitorKind = {
  baseline(monitor, request) {
    const cfg = biasConfig(monitor);
    if (!cfg.ok) return cfg;
    const acc = new BiasAccumulator(cfg.value);
    const notFeatures = new Set([cfg.value.facetName, cfg.value.labelName, PREDICTION_COLUMN, PROBABILITY_COLUMN]);
    return ok({
      add(row, line) {
        if (!(cfg.value.facetName in row)) return { kind: 'INVALID_RECORD', message: `no facet column "${cfg.value.facetName}" in the dataset (columns: ${Object.keys(row).join(', ')})`, line };
        if (cfg.value.groupName !== undefined && !(cfg.value.groupName in row)) return { kind: 'INVALID_RECORD', message: `no group variable column "${cfg.value.groupName}" in the dataset (columns: ${Object.keys(row).join(', ')})`, line };
        const probability = numberOf(row[PROBABILITY_COLUMN]);
        acc.add({
          facet: row[cfg.value.facetName] ?? null, label: row[cfg.value.labelName] ?? null, predictedLabel: row[PREDICTION_COLUMN] ?? null, ...groupOf(row, cfg.value),
          ...(probability !== undefined ? { probability } : {}), ...(acc.wantsFeatures ? { features: featuresOf(row, notFeatures) } : {}),
        });
      },
      finish(columns) {
        const analysis = acc.result({ preTraining: true });
        if (!analysis.ok) return analysis;
        const config = analysisConfigOf(monitor, request, request.columnNames ?? columns ?? []);
        return ok({ statistics: analysis.value, constraints: analysis.value, ...(config ? { files: { [ANALYSIS_CONFIG]: config } } : {}) });
      },
    });
  },

  execution(monitor) {
    const text = docText(monitor.baseline?.constraints);
    if (text === null) return noBaseline(monitor);
    const constraints = parseBiasConstraints(text);
    if (!constraints.ok) return err({ ...constraints.error, kind: 'INVALID_CONFIG', message: `baseline ${constraints.error.message}` });
    const legacy = LegacyCaptureColumns.safeParse(monitor.baseline?.constraints);
    const names = captureColumnsOf(monitor) ?? (legacy.success && (legacy.data.capture_columns ?? []).length > 0 ? legacy.data.capture_columns ?? undefined : undefined);
    const cfg = biasConfig(monitor);
    if (!cfg.ok) return cfg;
    const input = monitor.config.endpointInput ?? monitor.config.batchTransformInput;
    return biasAnalyzer({
      bias: cfg.value, names, featuresAttribute: input?.featuresAttribute, baseline: constraints.value,
      inferenceAttribute: input?.inferenceAttribute, probabilityAttribute: input?.probabilityAttribute,
    });
  },
};
