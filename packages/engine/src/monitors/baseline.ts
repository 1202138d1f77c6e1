// Baselines of data and model quality from a dataset's rows: statistics.json and the suggested
// constraints.json, as SageMaker's analyzer writes them for its baselining jobs.
import { err, ok, type EngineError, type Result } from '../errors.js';
import { DataQualityAccumulator } from '../data-quality/accumulator.js';
import { suggestConstraints } from '../data-quality/constraints.js';
import { ModelQualityAccumulator } from '../model-quality/accumulator.js';
import { suggestModelQualityConstraints, type ProblemType } from '../model-quality/report.js';
import { numberOf, type Row } from '../parse/values.js';
import { AnalysisState, type PartialState } from '../state/partial.js';
import { baselineColumns, type BaselineAttributes } from './baseline-columns.js';

export interface BaselineDocuments {
  statistics: unknown;
  constraints: unknown;
}

export interface BaselineAnalysis {
  add(row: Row, line: number): EngineError | void;
  /** When given, CSV rows come here as their fields and column names instead of through `add` (no row object per line). */
  addFields?(values: readonly string[], names: readonly string[], line: number): EngineError | void;
  /**
   * When given, a CSV line without quotes comes here as its text (plainCsvLine): added when it has
   * exactly `names.length` fields (true), else left unadded, the analysis untouched (false).
   */
  addCsvText?(text: string, names: readonly string[]): boolean;
  /** `columns`: the dataset's column names (its header, or the names it was given), when known. */
  finish(columns: readonly string[] | undefined): Result<BaselineDocuments>;
  /** With these, the dataset is read in blocks (readDataset), each into its own spawn, the states merged in block order. */
  spawn?(): BaselineAnalysis;
  exportState?(): PartialState;
  mergeState?(state: PartialState): Result<void>;
}

export function dataQualityBaseline(): BaselineAnalysis {
  const state = new AnalysisState('DATA_QUALITY', DataQualityAccumulator, new DataQualityAccumulator());
  return {
    add: (row) => state.use().add(row),
    addFields: (values, names) => state.use().addFields(values, names),
    // Only a line that was added makes the analysis used (AnalysisState: a used one merges, a fresh one adopts).
    addCsvText: (text, names) => state.current.addCsvText(text, names, names.length) && (state.use(), true),
    spawn: dataQualityBaseline,
    exportState: () => state.export(),
    mergeState: (s) => state.merge(s),
    finish() {
      const r = state.current.result();
      return r.ok ? ok({ statistics: r.value.statistics, constraints: suggestConstraints(r.value.statistics) }) : r;
    },
  };
}

export interface ModelQualityBaselineSettings extends BaselineAttributes {
  problemType: ProblemType;
  probabilityThreshold?: number | undefined;
}

/** A named column the dataset lacks is an INVALID_CONFIG error, naming the dataset's columns. */
export function modelQualityBaseline(s: ModelQualityBaselineSettings): BaselineAnalysis {
  const acc = new ModelQualityAccumulator(s.problemType, s.probabilityThreshold !== undefined ? { probabilityThreshold: s.probabilityThreshold } : {});
  const columns = baselineColumns(s);
  return {
    add(row) {
      const c = columns.of(row);
      const probability = c.probability !== undefined ? numberOf(row[c.probability]) : undefined;
      acc.add({
        label: row[c.groundTruth] ?? null,
        prediction: c.inference !== undefined ? (row[c.inference] ?? null) : null,
        ...(probability !== undefined ? { probability } : {}),
      });
    },
    finish(names) {
      const missing = columns.missing(names);
      if (missing) return err({ kind: 'INVALID_CONFIG', message: missing });
      const stats = acc.result();
      if (!stats.ok) return stats;
      return ok({ statistics: stats.value, constraints: suggestModelQualityConstraints(stats.value) });
    },
  };
}
