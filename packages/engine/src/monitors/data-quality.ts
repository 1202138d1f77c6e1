// Data quality: the window's captured inputs → statistics.json, compared with the baseline
// (checkDataQuality). The baseline's feature names name header-less CSV captures and fix their column count.
import { ok, type Result } from '../errors.js';
import { DataQualityAccumulator, decodeCaptureInput } from '../data-quality/accumulator.js';
import { csvRecordText, payloadToRows } from '../parse/capture.js';
import type { ConstraintsJson } from '../data-quality/constraints.js';
import type { StatisticsJson } from '../data-quality/statistics.js';
import { checkDataQuality } from '../data-quality/violations.js';
import { AnalysisState } from '../state/partial.js';
import { spawnOf, type MonitorAnalyzer } from './analyzer.js';

export interface DataQualitySettings {
  /** SageMaker's FeaturesAttribute of the monitored input. */
  featuresAttribute?: string | undefined;
  statistics: StatisticsJson | null;
  constraints: ConstraintsJson | null;
}

/** Spark's names of unnamed columns: they name nothing. */
const positional = (names: readonly string[]): boolean => names.every((n, i) => n === `_c${i}`);

/** Statistics to compare with when only constraints are given: no feature to measure drift against. */
const NO_STATISTICS: StatisticsJson = { dataset: { item_count: 0 }, features: [] };

export function dataQualityAnalyzer(s: DataQualitySettings): Result<MonitorAnalyzer> {
  const names = (s.statistics ?? s.constraints)?.features.map((f) => f.name) ?? [];
  const rowOptions = {
    ...(s.featuresAttribute !== undefined ? { featuresAttribute: s.featuresAttribute } : {}),
    ...(names.length > 0 && !positional(names) ? { names } : {}),
    ...(names.length > 0 ? { expectedColumns: names.length } : {}),
  };
  const payloadOptions = {
    ...(s.featuresAttribute !== undefined ? { attribute: s.featuresAttribute } : {}),
    ...(rowOptions.names ? { names: rowOptions.names } : {}),
  };
  const state = new AnalysisState('DATA_QUALITY', DataQualityAccumulator, new DataQualityAccumulator());
  return ok({
    needsGroundTruth: false,
    add(capture, _label, line) {
      // The usual capture, one CSV record, goes in as its text (no array, no string per cell);
      // any other, or one of the wrong width (added nothing, so the state is not used yet), takes the
      // general path and its wording.
      const text = capture.input ? csvRecordText(capture.input) : undefined;
      if (text !== undefined && state.current.addCsvText(text, rowOptions.names, rowOptions.expectedColumns)) {
        state.use();
        return;
      }
      const d = decodeCaptureInput(capture, { line, ...rowOptions });
      if (!d.ok) return d.error;
      const acc = state.use();
      // CSV records go in as fields (no row object per record), as captureToRows would name them.
      if (d.value.format === 'CSV') for (const fields of d.value.records) acc.addFields(fields, rowOptions.names);
      else for (const row of payloadToRows(d.value, payloadOptions)) acc.add(row);
    },
    exportState: () => state.export(),
    spec: { type: 'DATA_QUALITY', settings: s },
    spawn: spawnOf(() => dataQualityAnalyzer(s)),
    mergeState: (st) => state.merge(st),
    finish() {
      const live = state.current.result();
      if (!live.ok) return live;
      const violations = s.constraints ? checkDataQuality(live.value, s.statistics ?? NO_STATISTICS, s.constraints).violations : [];
      return ok({ file: 'statistics.json', document: live.value.statistics, violations: { violations } });
    },
  });
}
