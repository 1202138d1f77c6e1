// Report files read back (SageMaker's S3 output, and the built-in engine's, which writes the same
// files) are checked with zod (./report-files/schemas.ts): a malformed file is a ReportUnreadable
// naming the file and the problem, never a crash or a silently empty list.
import type { z } from 'zod';
import { ReportUnreadable } from './report-error.js';
import type { ReportViolation } from './types.js';
import { toReportViolation } from './violations.js';
import { parseReportJson } from './report-files/json.js';
import { AnalysisFile, ConstraintsFile, StatisticsFile, ViolationsFile } from './report-files/schemas.js';

function parseFile<S extends z.ZodType>(schema: S, kind: string, text: string, uri: string): z.infer<S> {
  const json = parseReportJson(text);
  if (json === null) throw new ReportUnreadable(uri, 'is not valid JSON');
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ReportUnreadable(uri, `is not a ${kind}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
}

/**
 * The violations of every monitor type, kept whole: featureName is the feature (data quality), the
 * label (feature attribution), the facet (bias) or else the metric (model quality); metricName,
 * facet, facetValue and label are given where the file names them.
 */
export function parseViolations(text: string, uri: string): ReportViolation[] {
  return parseFile(ViolationsFile, 'constraint_violations.json', text, uri).violations.map(toReportViolation);
}

export const parseStatistics = (text: string, uri: string): Record<string, unknown> => parseFile(StatisticsFile, 'statistics.json', text, uri);
export const parseConstraints = (text: string, uri: string): Record<string, unknown> => parseFile(ConstraintsFile, 'constraints.json', text, uri);
export const parseAnalysis = (text: string, uri: string): Record<string, unknown> => parseFile(AnalysisFile, 'Clarify analysis.json', text, uri);

/** The files of a run's report folder that the API serves. */
export const REPORT_FILES = {
  statistics: { file: 'statistics.json', schema: StatisticsFile },
  constraints: { file: 'constraints.json', schema: ConstraintsFile },
  violations: { file: 'constraint_violations.json', schema: ViolationsFile },
  analysis: { file: 'analysis.json', schema: AnalysisFile },
} as const;
export type ReportFile = keyof typeof REPORT_FILES;

/** A report file checked against its schema and returned whole, as written (NaN tokens as strings, see parseReportJson). */
export function parseReportFile(kind: ReportFile, text: string, uri: string): unknown {
  const { file, schema } = REPORT_FILES[kind];
  parseFile(schema, file, text, uri);
  return parseReportJson(text);
}
