// Model quality: the window's predictions against their ground truth → statistics.json (the problem
// type's metrics), compared with the baseline's thresholds (checkModelQuality).
import { ok, type Result } from '../errors.js';
import { joinKeyOf } from '../parse/capture.js';
import { ModelQualityAccumulator, predictionFromCapture } from '../model-quality/accumulator.js';
import { checkModelQuality, type ModelQualityConstraints, type ProblemType } from '../model-quality/report.js';
import { outputAttributes, type MonitorAnalyzer, type OutputAttributes } from './analyzer.js';

export interface ModelQualitySettings extends OutputAttributes {
  problemType: ProblemType;
  /** SageMaker's ProbabilityThresholdAttribute. */
  probabilityThreshold?: number | undefined;
  constraints: ModelQualityConstraints | null;
}

export function modelQualityAnalyzer(s: ModelQualitySettings): Result<MonitorAnalyzer> {
  const acc = new ModelQualityAccumulator(s.problemType, s.probabilityThreshold !== undefined ? { probabilityThreshold: s.probabilityThreshold } : {});
  const attrs = outputAttributes(s);
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
      const violations = s.constraints ? checkModelQuality(stats.value, s.constraints).violations : [];
      return ok({ file: 'statistics.json', document: stats.value, violations: { violations } });
    },
  });
}
