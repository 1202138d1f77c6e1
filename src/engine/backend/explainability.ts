// MODEL_EXPLAINABILITY: global attributions (mean |φ|) of attributions the endpoint
// returned (no model is run), written as Clarify's analysis.json; drift is the nDCG of
// the live ranking (its score per label is in the violation's description).
// Monitor environment: ATTRIBUTIONS_ATTRIBUTE (JSON path in the captured output,
// default "explanations"), NDCG_THRESHOLD (default 0.9).
import { AttributionAccumulator, err, explainabilityAnalyzer, numberOf, ok, parseExplainabilityAnalysis } from '@mmg/engine';
import { docText, noBaseline, type MonitorKind } from './kind.js';

export const modelExplainability: MonitorKind = {
  baseline() {
    const acc = new AttributionAccumulator();
    return ok({
      add(row) {
        const attributions: Record<string, number> = {};
        for (const [k, v] of Object.entries(row)) {
          const n = numberOf(v);
          if (n !== undefined) attributions[k] = n;
        }
        acc.add({ attributions });
      },
      finish() {
        const analysis = acc.result();
        if (!analysis.ok) return analysis;
        // SageMaker uses the baseline analysis.json as the constraints of this monitor.
        return ok({ statistics: analysis.value, constraints: analysis.value });
      },
    });
  },

  execution(monitor) {
    const text = docText(monitor.baseline?.constraints);
    if (text === null) return noBaseline(monitor);
    const baseline = parseExplainabilityAnalysis(text);
    if (!baseline.ok) return err({ ...baseline.error, kind: 'INVALID_CONFIG', message: `baseline ${baseline.error.message}` });
    const env = monitor.config.environment ?? {};
    const attribute = env['ATTRIBUTIONS_ATTRIBUTE'] ?? 'explanations';
    const threshold = numberOf(env['NDCG_THRESHOLD']);
    const headers = monitor.config.explainability?.headers;
    return explainabilityAnalyzer({ attribute, headers, ndcgThreshold: threshold, baseline: baseline.value });
  },
};
