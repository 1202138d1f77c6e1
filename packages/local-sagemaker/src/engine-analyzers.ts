/**
 * What an engine-backed execution computes for each monitoring type: the settings and baseline
 * documents its job definition names, read and checked here (errors worded for the job definition),
 * go to `@mmg/engine`'s analysis of the type, the same the gateway's built-in engine runs. Data and
 * model quality here; Clarify's types in engine-clarify.ts.
 */
import {
  dataQualityAnalyzer,
  err,
  modelQualityAnalyzer,
  ok,
  parseConstraintsJson,
  parseModelQualityConstraints,
  parseStatisticsJson,
  type EngineError,
  type MonitorAnalyzer,
  type ProblemType,
  type Result,
} from '@mmg/engine';
import type { EngineJob } from './engine-job.js';

/** The baseline and configuration documents a job definition names, as read from S3 (null: not named). */
export interface JobDocuments {
  constraints: string | null;
  statistics: string | null;
  analysisConfig: string | null;
}

/** A baseline document the engine cannot read: the job's configuration is at fault. */
export const badDocument = (what: string, e: EngineError): Result<never> => err({ kind: 'INVALID_CONFIG', message: `${what}: ${e.message}` });

/** A named document read by `parse`; null when the job definition names none. */
export function readDocument<T>(text: string | null, parse: (text: string) => Result<T>, what: string): Result<T | null> {
  if (text === null) return ok(null);
  const r = parse(text);
  return r.ok ? r : badDocument(what, r.error);
}

export function dataQualityFor(job: EngineJob, docs: JobDocuments): Result<MonitorAnalyzer> {
  const statistics = readDocument(docs.statistics, parseStatisticsJson, 'baseline statistics');
  if (!statistics.ok) return statistics;
  const constraints = readDocument(docs.constraints, parseConstraintsJson, 'baseline constraints');
  if (!constraints.ok) return constraints;
  return dataQualityAnalyzer({ featuresAttribute: job.featuresAttribute, statistics: statistics.value, constraints: constraints.value });
}

const PROBLEM_TYPES: readonly string[] = ['BinaryClassification', 'MulticlassClassification', 'Regression'] satisfies ProblemType[];

export function modelQualityFor(job: EngineJob, docs: JobDocuments): Result<MonitorAnalyzer> {
  if (!job.problemType || !PROBLEM_TYPES.includes(job.problemType)) {
    return err({ kind: 'INVALID_CONFIG', message: `ModelQualityAppSpecification.ProblemType must be one of ${PROBLEM_TYPES.join(', ')}` });
  }
  const constraints = readDocument(docs.constraints, parseModelQualityConstraints, 'baseline constraints');
  if (!constraints.ok) return constraints;
  return modelQualityAnalyzer({
    problemType: job.problemType as ProblemType, probabilityThreshold: job.probabilityThreshold, constraints: constraints.value,
    inferenceAttribute: job.inferenceAttribute, probabilityAttribute: job.probabilityAttribute,
  });
}
