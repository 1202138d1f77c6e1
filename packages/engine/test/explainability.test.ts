import {
  ATTRIBUTIONS_SOURCE,
  AttributionAccumulator,
  attributionsFromCapture,
  checkAttributionDrift,
  ndcg,
  parseCaptureLine,
  parseExplainabilityAnalysis,
  type ExplainabilityAnalysis,
} from '../src/index.js';
import { rng, unwrap } from './helpers.js';

const capture = (output: unknown) =>
  unwrap(
    parseCaptureLine(
      JSON.stringify({
        captureData: { endpointInput: { data: '1,2,3', encoding: 'CSV' }, endpointOutput: { data: JSON.stringify(output), encoding: 'JSON' } },
        eventMetadata: { eventId: 'e' },
      }),
      1,
    ),
  );

describe('global attributions (mean |φ|) from captured attributions', () => {
  test('attributions come from the captured data, not from running a model', () => {
    expect(ATTRIBUTIONS_SOURCE).toBe('captured-output');
  });

  test('golden: mean absolute value per feature, expected value averaged', () => {
    const acc = new AttributionAccumulator();
    acc.add({ attributions: { a: 0.5, b: -0.2 }, expectedValue: 0.1 });
    acc.add({ attributions: { a: -0.3, b: 0.4 }, expectedValue: 0.3 });
    const b = new AttributionAccumulator();
    b.add({ attributions: { a: 0.1, c: -0.6 } });
    const out = unwrap(acc.merge(b).result());
    // a: (.5+.3+.1)/3 = .3 ; b: (.2+.4)/2 = .3 ; c: .6/1 ; expected (0.1+0.3)/2 = 0.2
    expect(out).toEqual({
      version: '1.0',
      explanations: { kernel_shap: { label0: { global_shap_values: { a: expect.closeTo(0.3, 12), b: expect.closeTo(0.3, 12), c: 0.6 }, expected_value: expect.closeTo(0.2, 12) } } },
    });
    expect(unwrap(parseExplainabilityAnalysis(JSON.stringify(out)))).toEqual(JSON.parse(JSON.stringify(out)));
  });

  test('reads the three supported output shapes', () => {
    expect(unwrap(attributionsFromCapture(capture({ shap: { x: 1, y: -2 }, base: 0.4 }), { attribute: 'shap', expectedValueAttribute: 'base' }))).toEqual({ attributions: { x: 1, y: -2 }, expectedValue: 0.4 });
    expect(unwrap(attributionsFromCapture(capture({ shap: [0.1, 0.2] }), { attribute: 'shap', featureNames: ['p', 'q'] }))).toEqual({ attributions: { p: 0.1, q: 0.2 } });
    const clarify = { explanations: { kernel_shap: [[{ feature_header: 'age', attributions: [{ attribution: [0.25] }] }, { feature_header: 'income', attributions: [{ attribution: [-0.5] }] }]] } };
    expect(unwrap(attributionsFromCapture(capture(clarify), { attribute: 'explanations.kernel_shap' }))).toEqual({ attributions: { age: 0.25, income: -0.5 } });
    expect(attributionsFromCapture(capture({ nothing: 1 }), { attribute: 'shap' })).toEqual({ ok: false, error: expect.objectContaining({ kind: 'INVALID_RECORD' }) });
  });

  test('empty window', () => {
    expect(new AttributionAccumulator().result()).toEqual({ ok: false, error: expect.objectContaining({ kind: 'EMPTY_WINDOW' }) });
  });
});

describe('NDCG attribution drift', () => {
  test('hand-checked NDCG', () => {
    // baseline a=.4, b=.3, c=.1; live order b, a, c
    // DCG = .3/log2(2) + .4/log2(3) + .1/log2(4) = .3 + .252372 + .05 = .602372
    // iDCG = .4 + .3/log2(3) + .05 = .4 + .189279 + .05 = .639279 → NDCG = .942267
    const base = { a: 0.4, b: 0.3, c: 0.1 };
    expect(ndcg(base, { a: 1, b: 2, c: 0.5 })).toBeCloseTo((0.3 + 0.4 / Math.log2(3) + 0.05) / (0.4 + 0.3 / Math.log2(3) + 0.05), 12);
    expect(ndcg(base, { a: 1, b: 2, c: 0.5 })).toBeCloseTo(0.942267, 5);
    expect(ndcg(base, { a: 9, b: 5, c: 1 })).toBe(1);
  });

  function analysis(seed: number, n: number, weights: number[]): ExplainabilityAnalysis {
    const r = rng(seed);
    const acc = new AttributionAccumulator();
    for (let i = 0; i < n; i++) {
      const attributions: Record<string, number> = {};
      weights.forEach((w, j) => (attributions[`f${j}`] = w * (r() * 2 - 1)));
      acc.add({ attributions, expectedValue: 0.5 });
    }
    return unwrap(acc.result());
  }

  const weights = [1.0, 0.8, 0.6, 0.45, 0.3, 0.2, 0.1, 0.05];
  const baseline = analysis(1, 2000, weights);

  test('same ranking: no violation', () => {
    const res = checkAttributionDrift(analysis(2, 2000, weights), baseline);
    expect(res.violations).toEqual([]);
    expect(res.ndcg.label0).toBeGreaterThan(0.99);
  });

  test('ranking changes: violation below 0.90', () => {
    const res = checkAttributionDrift(analysis(3, 2000, [...weights].reverse()), baseline);
    expect(res.ndcg.label0).toBeLessThan(0.9);
    expect(res.violations).toEqual([
      {
        label: 'label0',
        metric_name: 'shap',
        constraint_check_type: 'feature_attribution_drift_check',
        description: expect.stringMatching(/^Feature attribution drift 0\.\d+ exceeds threshold 0\.9$/),
      },
    ]);
  });

  test('a label missing from the live window is a violation', () => {
    const live: ExplainabilityAnalysis = { version: '1.0', explanations: { kernel_shap: { other: { global_shap_values: { f0: 1 }, expected_value: 0 } } } };
    expect(checkAttributionDrift(live, baseline).violations).toHaveLength(1);
  });
});
