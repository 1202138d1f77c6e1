// Model explainability: no model is run; the global attributions are the mean |φ| of the attributions
// the endpoint returned (at `attribute` in the captured output) → Clarify's analysis.json; drift is
// their nDCG against the baseline analysis.json (checkAttributionDrift).
import { ok, type Result } from '../errors.js';
import { AttributionAccumulator, attributionsFromCapture, type ExplainabilityAnalysis } from '../explainability/attribution.js';
import { checkAttributionDrift } from '../explainability/drift.js';
import { AnalysisState } from '../state/partial.js';
import { spawnOf, type MonitorAnalyzer } from './analyzer.js';

export interface ExplainabilitySettings {
  /** JSON path of the attributions in the captured output (ATTRIBUTIONS_ATTRIBUTE, default `explanations`). */
  attribute: string;
  /** Names of the features, in the order of positional attributions. */
  headers?: readonly string[] | undefined;
  /** NDCG_THRESHOLD (default 0.9). */
  ndcgThreshold?: number | undefined;
  baseline: ExplainabilityAnalysis | null;
}

export function explainabilityAnalyzer(s: ExplainabilitySettings): Result<MonitorAnalyzer> {
  const state = new AnalysisState('MODEL_EXPLAINABILITY', AttributionAccumulator, new AttributionAccumulator());
  const opts = { attribute: s.attribute, ...(s.headers ? { featureNames: s.headers } : {}) };
  return ok({
    needsGroundTruth: false,
    add(capture, _label, line) {
      const o = attributionsFromCapture(capture, opts);
      if (!o.ok) return { ...o.error, line };
      state.use().add(o.value);
    },
    exportState: () => state.export(),
    spec: { type: 'MODEL_EXPLAINABILITY', settings: s },
    spawn: spawnOf(() => explainabilityAnalyzer(s)),
    mergeState: (st) => state.merge(st),
    finish() {
      const live = state.current.result();
      if (!live.ok) return live;
      // constraint_violations.json as Clarify writes it: the nDCG scores are in each violation's description.
      const { version, violations } = s.baseline
        ? checkAttributionDrift(live.value, s.baseline, s.ndcgThreshold !== undefined ? { threshold: s.ndcgThreshold } : {})
        : { version: '1.0' as const, violations: [] };
      return ok({ file: 'analysis.json', document: live.value, violations: { version, violations } });
    },
  });
}
