// Model quality: the window's predictions against their ground truth → statistics.json (the problem
// type's metrics), compared with the baseline's thresholds (checkModelQuality).
import { ok, type Result } from '../errors.js';
import { joinKeyOf } from '../parse/capture.js';
import { ModelQualityAccumulator, predictionFromCapture } from '../model-quality/accumulator.js';
import { checkModelQuality, type ModelQualityConstraints, type ProblemType } from '../model-quality/report.js';
import { AnalysisState } from '../state/partial.js';
import { outputAttributes, spawnOf, type MonitorAnalyzer, type OutputAttributes } from './analyzer.js';

export interface ModelQualitySettings extends OutputAttributes {
  problemType: ProblemType;
  /** SageMaker's ProbabilityThresholdAttribute. */
  probabilityThreshold?: number | undefined;
  constraints: ModelQualityConstraints | null;
}

export function modelQualityAnalyzer(s: ModelQualitySettings): Result<MonitorAnalyzer> {
  const cfg = s.probabilityThreshold !== undefined ? { probabilityThreshold: s.probabilityThreshold } : {};
  const state = new AnalysisState('MODEL_QUALITY', ModelQualityAccumulator, new ModelQualityAccumulator(s.problemType, cfg));
  const attrs = outputAttributes(s);
  return ok({
    needsGroundTruth: true,
    add(capture, label, line) {
      const p = predictionFromCapture(capture, attrs);
      if (!p.ok) return { ...p.error, line };
      state.use().add({ label: label ?? null, ...p.value }, joinKeyOf(capture));
    },
    exportState: () => state.export(),
    spec: { type: 'MODEL_QUALITY', settings: s },
    spawn: spawnOf(() => modelQualityAnalyzer(s)),
    mergeState: (st) => state.merge(st),
    finish() {
      const stats = state.current.result();
      if (!stats.ok) return stats;
      const violations = s.constraints ? checkModelQuality(stats.value, s.constraints).violations : [];
      return ok({ file: 'statistics.json', document: stats.value, violations: { violations } });
    },
  });
}
