// What each monitor type computes, behind one shape: a baseline analyzer fed
// dataset rows, and an execution analyzer fed the window's captures (joined with
// ground truth for MODEL_QUALITY and MODEL_BIAS): the core's analysis of the type, given
// the monitor's settings and baseline documents.
//
// Baseline dataset columns (header, or BaselineJobRequest.columnNames): the
// features, plus for MODEL_QUALITY / MODEL_BIAS `label` (the bias config's
// labelName when set), `prediction` and/or `probability`; for
// MODEL_EXPLAINABILITY one attribution per feature (the engine runs no model).
import type { BaselineDocuments, EngineError, MonitorAnalyzer, Result, Row } from '@mmg/engine';
import type { BackendMonitor, BaselineJobRequest } from '../../backends/types.js';

export interface BaselineDocs extends BaselineDocuments {
  /** More files written beside them, by name (bias: Clarify's analysis_config.json). */
  files?: Record<string, unknown>;
}

export interface BaselineAnalyzer {
  add(row: Row, line: number): EngineError | void;
  /** `columns`: the dataset's column names (header or columnNames), when known. */
  finish(columns: readonly string[] | undefined): Result<BaselineDocs>;
}

export interface MonitorKind {
  baseline(monitor: BackendMonitor, request: BaselineJobRequest): Result<BaselineAnalyzer>;
  /**
   * The analysis of a run (`@mmg/engine`'s, shared with the local SageMaker server), given the monitor's
   * settings and baseline. Checks the baseline documents first: a bad or missing baseline is an INVALID_CONFIG error.
   */
  execution(monitor: BackendMonitor): Result<MonitorAnalyzer>;
}

/** A monitor baseline document as text for the core's zod readers; null when absent. */
export const docText = (doc: unknown): string | null => (doc === null || doc === undefined ? null : typeof doc === 'string' ? doc : JSON.stringify(doc));

export function noBaseline(monitor: BackendMonitor): Result<never> {
  return {
    ok: false,
    error: { kind: 'INVALID_CONFIG', message: `monitor ${monitor.name} (${monitor.type}) has no baseline constraints: request a baseline and activate it before running executions` },
  };
}
