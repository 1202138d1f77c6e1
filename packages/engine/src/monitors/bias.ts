// Model bias: the post-training metrics of the facet over the window's captures joined with their
// ground truth → Clarify's analysis.json; violations are the metrics further from their ideal than in
// the baseline analysis.json (checkBiasDrift). The features (for FT) are the captured columns but the
// facet, the label and the model's outputs (columns prediction and probability).
import { ok, type Result } from '../errors.js';
import { BiasAccumulator, type BiasAnalysis, type BiasConfig } from '../bias/accumulator.js';
import { checkBiasDrift } from '../bias/drift.js';
import { captureToRows } from '../data-quality/accumulator.js';
import { predictionFromCapture } from '../model-quality/accumulator.js';
import type { Row, Value } from '../parse/values.js';
import { PREDICTION_COLUMN, PROBABILITY_COLUMN } from './baseline-columns.js';
import { AnalysisState } from '../state/partial.js';
import { outputAttributes, spawnOf, type MonitorAnalyzer, type OutputAttributes } from './analyzer.js';

export interface BiasSettings extends OutputAttributes {
  bias: BiasConfig;
  /** Names of header-less captured CSV columns (Clarify's headers without the label and the model's outputs). */
  names?: readonly string[] | undefined;
  featuresAttribute?: string | undefined;
  baseline: BiasAnalysis | null;
}

/** FT's features of a record: its columns but the facet, the label and the model's outputs, in order. */
export const featuresOf = (row: Row, notFeatures: ReadonlySet<string>): Value[] => Object.keys(row).filter((c) => !notFeatures.has(c)).map((c) => row[c] ?? null);

/** The record's group variable value (CDDL, CDDPL), when the config names one. */
export const groupOf = (row: Row, bias: BiasConfig): { group?: Value } => (bias.groupName !== undefined ? { group: row[bias.groupName] ?? null } : {});

export function biasAnalyzer(s: BiasSettings): Result<MonitorAnalyzer> {
  const { bias } = s;
  const state = new AnalysisState('MODEL_BIAS', BiasAccumulator, new BiasAccumulator(bias));
  const notFeatures = new Set([bias.facetName, bias.labelName, PREDICTION_COLUMN, PROBABILITY_COLUMN]);
  const attrs = outputAttributes(s);
  const rowOptions = { ...(s.names ? { names: s.names } : {}), ...(s.featuresAttribute !== undefined ? { featuresAttribute: s.featuresAttribute } : {}) };
  return ok({
    needsGroundTruth: true,
    add(capture, label, line) {
      const rows = captureToRows(capture, { line, ...rowOptions });
      if (!rows.ok) return rows.error;
      const row = rows.value[0];
      if (!row || !(bias.facetName in row)) {
        return { kind: 'INVALID_RECORD', message: `facet "${bias.facetName}" not found in the captured input (columns: ${Object.keys(row ?? {}).join(', ')})`, line };
      }
      if (bias.groupName !== undefined && !(bias.groupName in row)) {
        return { kind: 'INVALID_RECORD', message: `group variable "${bias.groupName}" not found in the captured input (columns: ${Object.keys(row).join(', ')})`, line };
      }
      const p = predictionFromCapture(capture, attrs);
      if (!p.ok) return { ...p.error, line };
      const acc = state.use();
      acc.add({
        facet: row[bias.facetName] ?? null, label: label ?? null, predictedLabel: p.value.prediction ?? null, ...groupOf(row, bias),
        ...(p.value.probability !== undefined ? { probability: p.value.probability } : {}), ...(acc.wantsFeatures ? { features: featuresOf(row, notFeatures) } : {}),
      });
    },
    exportState: () => state.export(),
    spec: { type: 'MODEL_BIAS', settings: s },
    spawn: spawnOf(() => biasAnalyzer(s)),
    mergeState: (st) => state.merge(st),
    finish() {
      const analysis = state.current.result();
      if (!analysis.ok) return analysis;
      const violations = s.baseline ? checkBiasDrift(analysis.value, s.baseline) : { version: '1.0' as const, violations: [] };
      return ok({ file: 'analysis.json', document: analysis.value, violations });
    },
  });
}
