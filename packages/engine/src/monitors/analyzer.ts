// One analysis per monitoring type, shared by every caller of the engine: the settings and baseline
// documents go in (already read and checked by the caller, who words its own configuration errors),
// a window's captures (joined with their ground truth for model quality and bias) are added, and the
// report document and constraint_violations.json come out. Without a baseline there are no violations.
import type { EngineError, Result } from '../errors.js';
import type { CaptureRecord } from '../parse/capture.js';
import type { Value } from '../parse/values.js';
import type { DataQualityViolation } from '../data-quality/violations.js';
import type { ModelQualityViolation } from '../model-quality/report.js';
import type { BiasViolation } from '../bias/drift.js';
import type { AttributionViolation } from '../explainability/drift.js';
import type { PartialState } from '../state/partial.js';
import type { AnalyzerSpec } from './spec.js';

export type MonitorViolation = DataQualityViolation | ModelQualityViolation | BiasViolation | AttributionViolation;

export interface MonitorReport {
  /** statistics.json (data and model quality) or analysis.json (Clarify: bias and explainability). */
  file: 'statistics.json' | 'analysis.json';
  document: unknown;
  /** constraint_violations.json as written. */
  violations: { version?: '1.0'; violations: MonitorViolation[] };
}

export interface MonitorAnalyzer {
  readonly needsGroundTruth: boolean;
  /** `label`: the capture's joined ground truth (only for types that need it; unmatched captures are not added). */
  add(capture: CaptureRecord, label: Value | undefined, line: number): EngineError | void;
  /** EMPTY_WINDOW when no record could be used. */
  finish(): Result<MonitorReport>;
  /** What was accumulated so far, JSON-safe: a part's result, merged by another analysis of the same settings. */
  exportState(): PartialState;
  /** Merges a part's state (parts in their order give the report of one pass in that order). */
  mergeState(state: PartialState): Result<void>;
  /** A new, empty analysis with the same settings (one per part of a run). */
  spawn(): MonitorAnalyzer;
  /** The type and settings, as data: what a worker thread builds the same analysis from. */
  readonly spec: AnalyzerSpec;
}

/** `spawn` of an analysis built by `make` (its settings were accepted once, so it cannot fail again). */
export const spawnOf = (make: () => Result<MonitorAnalyzer>) => (): MonitorAnalyzer => {
  const r = make();
  if (!r.ok) throw new Error(`analysis settings accepted once, refused now: ${r.error.message}`);
  return r.value;
};

/** The captured output's attributes (SageMaker's InferenceAttribute and ProbabilityAttribute), as set. */
export interface OutputAttributes {
  inferenceAttribute?: string | undefined;
  probabilityAttribute?: string | undefined;
}

export const outputAttributes = (a: OutputAttributes): { inferenceAttribute?: string; probabilityAttribute?: string } => ({
  ...(a.inferenceAttribute !== undefined ? { inferenceAttribute: a.inferenceAttribute } : {}),
  ...(a.probabilityAttribute !== undefined ? { probabilityAttribute: a.probabilityAttribute } : {}),
});
