// MODEL_QUALITY: metrics of predictions against ground truth; thresholds from the baseline.
import {
  checkModelQuality,
  err,
  joinKeyOf,
  ModelQualityAccumulator,
  ok,
  parseModelQualityConstraints,
  predictionFromCapture,
  suggestModelQualityConstraints,
} from '@mmg/engine';
import type { BackendMonitor } from '../../backends/types.js';
import { docText, noBaseline, numberOf, type MonitorKind } from './kind.js';
import { baselineColumns } from './model-quality-columns.js';
import { toReportViolation } from '../../backends/violations.js';

function accumulator(monitor: BackendMonitor) {
  const problemType = monitor.config.problemType;
  if (!problemType) return err({ kind: 'INVALID_CONFIG', message: 'a MODEL_QUALITY monitor needs a problem type' });
  const threshold = (monitor.config.endpointInput ?? monitor.config.batchTransformInput)?.probabilityThresholdAttribute;
  return ok(new ModelQualityAccumulator(problemType, threshold !== undefined ? { probabilityThreshold: threshold } : {}));
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
    const acc = accumulator(monitor);
    if (!acc.ok) return acc;
    const input = monitor.config.endpointInput ?? monitor.config.batchTransformInput;
    const attrs = {
      ...(input?.inferenceAttribute !== undefined ? { inferenceAttribute: input.inferenceAttribute } : {}),
      ...(input?.probabilityAttribute !== undefined ? { probabilityAttribute: input.probabilityAttribute } : {}),
    };
    return ok({
      needsGroundTruth: true,
      add(capture, label, line) {
        const p = predictionFromCapture(capture, attrs);
        if (!p.ok) return { ...p.error, line };
        acc.value.add({ label: label ?? null, ...p.value }, joinKeyOf(capture));
      },
      finish() {
        const stats = acc.value.result();
        if (!stats.ok) return stats;
        const { violations } = checkModelQuality(stats.value, constraints.value);
        return ok({
          statistics: stats.value,
          violationsJson: { violations },
          violations: violations.map(toReportViolation),
        });
      },
    });
  },
};
