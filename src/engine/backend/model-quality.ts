// MODEL_QUALITY: metrics of predictions against ground truth; thresholds from the baseline.
// The baseline's columns: the request's groundTruthAttribute, and its inference and probability
// attributes, else the monitored input's.
import { err, modelQualityAnalyzer, modelQualityBaseline, ok, parseModelQualityConstraints, type ProblemType, type Result } from '@mmg/engine';
import type { BackendMonitor } from '../../backends/types.js';
import { docText, noBaseline, type MonitorKind } from './kind.js';

/** The problem type and the monitored input's ProbabilityThresholdAttribute. */
function settingsOf(monitor: BackendMonitor): Result<{ problemType: ProblemType; probabilityThreshold?: number | undefined }> {
  const problemType = monitor.config.problemType;
  if (!problemType) return err({ kind: 'INVALID_CONFIG', message: 'a MODEL_QUALITY monitor needs a problem type' });
  return ok({ problemType, probabilityThreshold: (monitor.config.endpointInput ?? monitor.config.batchTransformInput)?.probabilityThresholdAttribute });
}

export const modelQuality: MonitorKind = {
  baseline(monitor, request) {
    const s = settingsOf(monitor);
    if (!s.ok) return s;
    const input = monitor.config.endpointInput ?? monitor.config.batchTransformInput;
    return ok(modelQualityBaseline({
      ...s.value, groundTruthAttribute: request.groundTruthAttribute,
      inferenceAttribute: request.inferenceAttribute ?? input?.inferenceAttribute, probabilityAttribute: request.probabilityAttribute ?? input?.probabilityAttribute,
    }));
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
