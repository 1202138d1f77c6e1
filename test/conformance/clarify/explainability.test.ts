// Feature attribution drift against real Clarify / SageMaker files: analysis.json and
// constraint_violations.json validate against schemas written from the samples, nDCG
// is sklearn's over all features, and real baselines work as the engine's.
import {
  AttributionAccumulator,
  checkAttributionDrift,
  ndcg,
  parseExplainabilityAnalysis,
  parseJsonText,
  pythonFloat,
  stringifyJson,
  type ExplainabilityAnalysis,
} from '@mmg/engine';
import { unwrap } from '../../support/result.js';
import { describeSamples, readSample, sampleFiles } from '../../support/samples.js';
import { ATTRIBUTION_DESCRIPTION, AttributionViolationsFile, ExplainabilityAnalysisFile } from './schemas.js';

const DIR = 'feature-attribution-drift';
const asFile = (doc: unknown): unknown => parseJsonText(stringifyJson(doc));

function analysis(order: string[]): ExplainabilityAnalysis {
  const acc = new AttributionAccumulator();
  for (let i = 0; i < 20; i++) acc.add({ attributions: Object.fromEntries(order.map((f, k) => [f, (order.length - k) * (i % 2 ? 1 : -1)])), expectedValue: 0.25 });
  return unwrap(acc.result());
}

// sklearn.metrics.ndcg_score(y_true=[baseline], y_score=[live]) (ignore_ties=False):
// DCG = Σ_i y_true[rank i by y_score] / log2(i + 1) over ALL features, tied scores
// sharing the mean of their gains; nDCG = DCG / DCG of y_true ranked by itself.
describe('nDCG as sklearn\'s ndcg_score', () => {
  const d = (i: number) => 1 / Math.log2(i + 1);

  test('over all features: a swap below the top 10 counts', () => {
    const names = Array.from({ length: 12 }, (_, i) => `f${i + 1}`);
    const base = Object.fromEntries(names.map((f, i) => [f, 12 - i]));
    const live = { ...base, f11: 1, f12: 2 }; // f12 now ranks 11th, f11 12th
    const idcg = names.reduce((s, _f, i) => s + (12 - i) * d(i + 1), 0);
    const dcg = idcg - 2 * d(11) - 1 * d(12) + 1 * d(11) + 2 * d(12);
    expect(ndcg(base, live)).toBeCloseTo(dcg / idcg, 12);
    expect(ndcg(base, live)).toBeLessThan(1);
  });

  test('tied live scores share the mean of their gains', () => {
    // y_true = [3, 2, 1], y_score = [1, 1, 0]: a and b tie at ranks 1-2
    const dcg = ((3 + 2) / 2) * (d(1) + d(2)) + 1 * d(3);
    const idcg = 3 * d(1) + 2 * d(2) + 1 * d(3);
    expect(ndcg({ a: 3, b: 2, c: 1 }, { a: 1, b: 1, c: 0 })).toBeCloseTo(dcg / idcg, 12); // 0.961253…
  });
});

describeSamples('feature attribution drift: the files', () => {
  test.each(sampleFiles(DIR, /analysis\.json$|clarify_explanability\.json$/))('the schema is the real file\'s: %s', (file) => {
    expect(ExplainabilityAnalysisFile.safeParse(parseJsonText(readSample(DIR, file))).error).toBeUndefined();
  });
  test('the violations schema is the real file\'s (docs)', () => {
    expect(AttributionViolationsFile.safeParse(parseJsonText(readSample(DIR, 'docs.constraint_violations.json'))).error).toBeUndefined();
  });

  test('the engine\'s analysis.json and violations validate; descriptions in SageMaker\'s wording and number format', () => {
    const baseline = analysis(['age', 'tenure', 'plan', 'region']);
    const live = analysis(['region', 'plan', 'tenure', 'age']);
    expect(ExplainabilityAnalysisFile.safeParse(asFile(live)).error).toBeUndefined();
    const { ndcg: scores, ...file } = checkAttributionDrift(live, baseline);
    expect(AttributionViolationsFile.safeParse(asFile(file)).error).toBeUndefined();
    expect(file.violations).toEqual([{ label: 'label0', metric_name: 'shap', constraint_check_type: 'feature_attribution_drift_check', description: `Feature attribution drift ${scores['label0']} exceeds threshold 0.9` }]);
    for (const v of AttributionViolationsFile.parse(parseJsonText(readSample(DIR, 'docs.constraint_violations.json'))).violations) {
      // The docs' scores have 17 digits (0.7323763972092327 is not the shortest text of its double):
      // hand-written, so only the wording and the threshold's text are compared.
      const [, score, threshold] = ATTRIBUTION_DESCRIPTION.exec(v.description)!;
      expect(Number.isFinite(Number(score))).toBe(true);
      expect(pythonFloat(Number(threshold))).toBe(threshold);
    }
  });
});

describeSamples('feature attribution drift: real Clarify baselines on the engine', () => {
  test.each(sampleFiles(DIR, /analysis\.json$|clarify_explanability\.json$/))('%s', (file) => {
    const baseline = unwrap(parseExplainabilityAnalysis(readSample(DIR, file)));
    const labels = Object.keys(baseline.explanations.kernel_shap);
    const same = checkAttributionDrift(baseline, baseline);
    expect(same.violations).toEqual([]);
    // The live ranking reversed: every label drifts.
    const reversed: ExplainabilityAnalysis = structuredClone(baseline);
    for (const l of Object.values(reversed.explanations.kernel_shap)) {
      const ranked = Object.entries(l.global_shap_values).sort((a, b) => b[1] - a[1]);
      l.global_shap_values = Object.fromEntries(ranked.map(([f], i) => [f, ranked[ranked.length - 1 - i]![1]]));
    }
    expect(checkAttributionDrift(reversed, baseline).violations.map((v) => v.label)).toEqual(labels);
  });
});
