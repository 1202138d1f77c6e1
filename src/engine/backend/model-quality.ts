// MODEL_QUALITY: metrics of predictions against ground truth; thresholds from the baseline.
import {
  err,
  ModelQualityAccumulator,
  modelQualityAnalyzer,
  ok,
  parseModelQualityConstraints,
  suggestModelQualityConstraints,
  type ProblemType,
  type Result,
} from '@mmg/engine';
import type { BackendMonitor } from '../../backends/types.js';
import { docText, noBaseline, numberOf, type MonitorKind } from './kind.js';
import { baselineColumns } from './model-quality-columns.js';

/** The problem type and the monitored input's ProbabilityThresholdAttribute. */
function settingsOf(monitor: BackendMonitor): Result<{ problemType: ProblemType; probabilityThreshold?: number | undefined }> {
  const problemType = monitor.config.problemType;
  if (!problemType) return err({ kind: 'INVALID_CONFIG', message: 'a MODEL_QUALITY monitor needs a problem type' });
  return ok({ problemType, probabilityThreshold: (monitor.config.endpointInput ?? monitor.config.batchTransformInput)?.probabilityThresholdAttribute });
}

function accumulator(monitor: BackendMonitor): Result<ModelQualityAccumulator> {
  const s = settingsOf(monitor);
  if (!s.ok) return s;
  const threshold = s.value.probabilityThreshold;
  return ok(new ModelQualityAccumulator(s.value.problemType, threshold !== undefined ? { probabilityThreshold: threshold } : {}));
}

export const modelQuality: MonitorKind = {
  baseline(monitor, request) {
    const acc = accumulator(monitor);
    if (!acc.ok) return acc;
    const columns = baselineColumns(monitor, request);
    return ok({
      add(row) {
        const c = columns.of(row);
        const probability = c.probability !== undefined ? numberOf(row[c.probability]) : undefined;
        acc.value.add({
          label: row[c.groundTruth] ?? null,
          prediction: c.inference !== undefined ? (row[c.inference] ?? null) : null,
          ...(probability !== undefined ? { probability } : {}),
        });
      },
      finish(names) {
        const missing = columns.missing(names);
        if (missing) return err({ kind: 'INVALID_CONFIG', message: missing });
        const stats = acc.value.result();
        if (!stats.ok) return stats;
        return ok({ statistics: stats.value, constraints: suggestModelQualityConstraints(stats.value) });
      },
    });
  },

  execution(monitor) {
    const text = docText(monitor.baseline?.constraints);
    if (text === null) return noBaseline(monitor);
    const constraints = parseModelQualityConstraints(text);
    if (!constraints.ok) return err({ ...constraints.error, kind: 'INVALID_CONFIG', message: `baseline ${constraints.error.message}` });
    const s = settingsOf(monitor);
    if (!s.ok) return s;
    const input = monitor.config.endpointInput ?? monitor.config.batchTransformInput;
    return modelQualityAnalyzer({ ...s.value, constraints: constraints.value, inferenceAttribute: input?.inferenceAttribute, probabilityAttribute: input?.probabilityAttribute });
  },
};
