/**
 * What an engine-backed execution computes for each monitoring type, behind one shape: captures
 * (joined with their ground truth for model quality and bias) go in, the report document and
 * constraint_violations.json come out. Data and model quality here;
 * Clarify's types in engine-clarify.ts.
 */
import {
  captureToRows,
  checkDataQuality,
  checkModelQuality,
  DataQualityAccumulator,
  err,
  joinKeyOf,
  ModelQualityAccumulator,
  ok,
  parseConstraintsJson,
  parseModelQualityConstraints,
  parseStatisticsJson,
  predictionFromCapture,
  type CaptureRecord,
  type EngineError,
  type ProblemType,
  type Result,
  type StatisticsJson,
  type Value,
} from '@mmg/engine';
import type { EngineJob } from './engine-job.js';

export interface Report {
  /** statistics.json (data and model quality) or analysis.json (Clarify). */
  file: 'statistics.json' | 'analysis.json';
  document: unknown;
  violations: { violations: unknown[] };
}

export interface Analyzer {
  readonly needsGroundTruth: boolean;
  /** `label`: the capture's joined ground truth (only for types that need it). */
  add(capture: CaptureRecord, label: Value | undefined, line: number): EngineError | void;
  finish(): Result<Report>;
}

/** The baseline and configuration documents a job definition names, as read from S3 (null: not named). */
export interface JobDocuments {
  constraints: string | null;
  statistics: string | null;
  analysisConfig: string | null;
}

/** A baseline document the engine cannot read: the job's configuration is at fault. */
export const badDocument = (what: string, e: EngineError): Result<never> => err({ kind: 'INVALID_CONFIG', message: `${what}: ${e.message}` });

const positional = (names: readonly string[]): boolean => names.every((n, i) => n === `_c${i}`);

/** Statistics to compare with when only constraints are given: no feature to measure drift against. */
const NO_STATISTICS: StatisticsJson = { dataset: { item_count: 0 }, features: [] };

export function dataQualityAnalyzer(job: EngineJob, docs: JobDocuments): Result<Analyzer> {
  const stats = docs.statistics === null ? null : parseStatisticsJson(docs.statistics);
  if (stats && !stats.ok) return badDocument('baseline statistics', stats.error);
  const cons = docs.constraints === null ? null : parseConstraintsJson(docs.constraints);
  if (cons && !cons.ok) return badDocument('baseline constraints', cons.error);
  const names = stats?.value.features.map((f) => f.name) ?? cons?.value.features.map((f) => f.name);
  const rowOptions = {
    featuresAttribute: job.featuresAttribute,
    ...(names && names.length > 0 && !positional(names) ? { names } : {}),
    ...(names && names.length > 0 ? { expectedColumns: names.length } : {}),
  };
  const acc = new DataQualityAccumulator();
  return ok({
    needsGroundTruth: false,
    add(capture, _label, line) {
      const rows = captureToRows(capture, { line, ...rowOptions });
      if (!rows.ok) return rows.error;
      for (const row of rows.value) acc.add(row);
    },
    finish() {
      const live = acc.result();
      if (!live.ok) return live;
      const violations = cons ? checkDataQuality(live.value, stats?.value ?? NO_STATISTICS, cons.value) : { violations: [] };
      return ok({ file: 'statistics.json', document: live.value.statistics, violations });
    },
  });
}

const PROBLEM_TYPES: readonly string[] = ['BinaryClassification', 'MulticlassClassification', 'Regression'] satisfies ProblemType[];

export function modelQualityAnalyzer(job: EngineJob, docs: JobDocuments): Result<Analyzer> {
  if (!job.problemType || !PROBLEM_TYPES.includes(job.problemType)) {
    return err({ kind: 'INVALID_CONFIG', message: `ModelQualityAppSpecification.ProblemType must be one of ${PROBLEM_TYPES.join(', ')}` });
  }
  const cons = docs.constraints === null ? null : parseModelQualityConstraints(docs.constraints);
  if (cons && !cons.ok) return badDocument('baseline constraints', cons.error);
  const threshold = job.probabilityThreshold;
  const acc = new ModelQualityAccumulator(job.problemType as ProblemType, threshold !== undefined ? { probabilityThreshold: threshold } : {});
  const attrs = { inferenceAttribute: job.inferenceAttribute, probabilityAttribute: job.probabilityAttribute };
  return ok({
    needsGroundTruth: true,
    add(capture, label, line) {
      const p = predictionFromCapture(capture, attrs);
      if (!p.ok) return { ...p.error, line };
      acc.add({ label: label ?? null, ...p.value }, joinKeyOf(capture));
    },
    finish() {
      const stats = acc.result();
      if (!stats.ok) return stats;
      const violations = cons ? checkModelQuality(stats.value, cons.value) : { violations: [] };
      return ok({ file: 'statistics.json', document: stats.value, violations });
    },
  });
}
