import {
  BiasAccumulator,
  FT_MAX_RECORDS,
  FT_NO_FEATURES,
  FT_TOO_MANY,
  checkBiasDrift,
  parseBiasConstraints,
  postTrainingBiasMetrics,
  NO_GROUP_VARIABLE,
  validateBiasConfig,
  type BiasConfig,
  type BiasObservation,
} from '../src/index.js';
import { rng, unwrap } from './helpers.js';

const cfg: BiasConfig = { facetName: 'sex', facet: { values: ['F'] }, labelName: 'approved', label: { values: [1] } };

/** Builds records with a given confusion table for one group. */
function group(facet: string, c: { tp: number; fp: number; fn: number; tn: number }): BiasObservation[] {
  const rows: BiasObservation[] = [];
  const push = (n: number, label: number, pred: number) => {
    for (let i = 0; i < n; i++) rows.push({ facet, label, predictedLabel: pred });
  };
  push(c.tp, 1, 1);
  push(c.fp, 0, 1);
  push(c.fn, 1, 0);
  push(c.tn, 0, 0);
  return rows;
}

describe('post-training bias metrics (Clarify definitions), hand-checked', () => {
  // a (M): TP=4 FP=1 FN=1 TN=4 (n=10); d (F): TP=2 FP=1 FN=2 TN=5 (n=10)
  const acc = new BiasAccumulator(cfg);
  [...group('M', { tp: 4, fp: 1, fn: 1, tn: 4 }), ...group('F', { tp: 2, fp: 1, fn: 2, tn: 5 })].forEach((o) => acc.add(o));
  const analysis = unwrap(acc.result());
  const metrics = Object.fromEntries(analysis.post_training_bias_metrics!.facets.sex![0]!.metrics.map((m) => [m.name, m.value]));

  test('values', () => {
    expect(metrics.DPPL).toBeCloseTo(0.5 - 0.3, 12); // q̂a = 5/10, q̂d = 3/10
    expect(metrics.DI).toBeCloseTo(0.3 / 0.5, 12);
    expect(metrics.DCA).toBeCloseTo(5 / 5 - 4 / 3, 12); // n_a(1)/n̂_a(1) − n_d(1)/n̂_d(1)
    expect(metrics.DCR).toBeCloseTo(6 / 7 - 5 / 5, 12); // n_d(0)/n̂_d(0) − n_a(0)/n̂_a(0)
    expect(metrics.RD).toBeCloseTo(4 / 5 - 2 / 4, 12);
    expect(metrics.SD).toBeCloseTo(5 / 6 - 4 / 5, 12);
    expect(metrics.DAR).toBeCloseTo(4 / 5 - 2 / 3, 12);
    expect(metrics.DRR).toBeCloseTo(5 / 7 - 4 / 5, 12);
    expect(metrics.AD).toBeCloseTo(0.8 - 0.7, 12);
    expect(metrics.TE).toBeCloseTo(2 / 1 - 1 / 1, 12); // FN_d/FP_d − FN_a/FP_a
  });

  test('analysis.json shape', () => {
    expect(analysis.version).toBe('1.0');
    expect(analysis.post_training_bias_metrics!.label).toBe('approved');
    expect(analysis.post_training_bias_metrics!.label_value_or_threshold).toBe('1');
    expect(analysis.post_training_bias_metrics!.facets.sex![0]!.value_or_threshold).toBe('F');
    expect(analysis.post_training_bias_metrics!.facets.sex![0]!.metrics.find((m) => m.name === 'AD')).toEqual({ name: 'AD', description: 'Accuracy Difference (AD)', value: expect.any(Number) });
  });

  test('smclarify division rules: 0/0 = 0, x/0 = INFINITY (float("inf")), both-infinite differences = 0', () => {
    // no false positives anywhere → TE terms FN/0; both groups have FN>0 → both INFINITY → TE = 0
    const m = unwrap(postTrainingBiasMetrics({ tp: 1, fp: 0, fn: 1, tn: 1 }, { tp: 1, fp: 0, fn: 2, tn: 1 }, 0, { error: NO_GROUP_VARIABLE }));
    expect(m.TE).toBe(0);
    const m2 = unwrap(postTrainingBiasMetrics({ tp: 1, fp: 1, fn: 1, tn: 1 }, { tp: 1, fp: 0, fn: 2, tn: 1 }, 0, { error: NO_GROUP_VARIABLE }));
    expect(m2.TE).toBe(Infinity);
  });
});

describe('facet threshold and configuration errors', () => {
  test('continuous facet: d = age > 40; written as "(40.0, max]"', () => {
    const acc = new BiasAccumulator({ facetName: 'age', facet: { threshold: 40 }, labelName: 'y', label: { threshold: 0.5 }, probabilityThreshold: 0.5 });
    acc.add({ facet: 30, label: 1, probability: 0.9 });
    acc.add({ facet: '55', label: 0, probability: 0.2 });
    acc.add({ facet: 61, label: 1, probability: 0.4 });
    const a = unwrap(acc.result());
    expect(a.post_training_bias_metrics!.facets.age![0]!.value_or_threshold).toBe('(40.0, 61.0]');
    expect(a.post_training_bias_metrics!.label_value_or_threshold).toBe('(0.5, 1.0]');
    expect(acc.a).toEqual({ tp: 1, fp: 0, fn: 0, tn: 0 });
    expect(acc.d).toEqual({ tp: 0, fp: 0, fn: 1, tn: 1 });
  });
  test('bad config and empty groups are typed errors', () => {
    expect(validateBiasConfig({ ...cfg, facet: {} })).toEqual({ ok: false, error: expect.objectContaining({ kind: 'INVALID_CONFIG' }) });
    expect(validateBiasConfig({ ...cfg, label: { values: [1], threshold: 2 } }).ok).toBe(false);
    const acc = new BiasAccumulator(cfg);
    acc.add({ facet: 'M', label: 1, predictedLabel: 1 });
    expect(acc.result()).toEqual({ ok: false, error: expect.objectContaining({ kind: 'EMPTY_WINDOW', message: expect.stringContaining('Facet set is empty') }) });
  });
});

describe('bias drift', () => {
  /** Both groups have the same label rate; the model predicts positive for d with probability `dRate`. */
  function window(seed: number, n: number, dRate: number): BiasAccumulator {
    const r = rng(seed);
    const acc = new BiasAccumulator(cfg);
    for (let i = 0; i < n; i++) {
      const facet = r() < 0.4 ? 'F' : 'M';
      const label = r() < 0.5 ? 1 : 0;
      const rate = facet === 'F' ? dRate : 0.5;
      const pred = r() < 0.8 ? label : r() < rate ? 1 : 0; // 80% copies the label, else biased coin
      acc.add({ facet, label, predictedLabel: pred });
    }
    return acc;
  }

  const baseline = unwrap(window(1, 5000, 0.5).result({ preTraining: true }));

  test('the baseline analysis.json is its constraints and round-trips through zod', () => {
    expect(unwrap(parseBiasConstraints(JSON.stringify(baseline)))).toEqual(baseline);
    expect(parseBiasConstraints('{"post_training_bias_metrics":{}}').ok).toBe(false);
  });

  test("the facet's predicted positive rate diverges: DPPL/DI get worse than in the baseline", () => {
    // d now gets positives only when the label is positive (80%) or 20%·0.0 → q̂d ≈ .4 vs q̂a ≈ .5
    const live = unwrap(window(3, 5000, 0.0).result());
    const v = checkBiasDrift(live, baseline).violations;
    const names = v.map((x) => x.metric_name);
    expect(names).toEqual(expect.arrayContaining(['DI', 'DPPL']));
    expect(v.every((x) => x.facet === 'sex' && x.facet_value === 'F' && x.constraint_check_type === 'bias_drift_check')).toBe(true);
    expect(v.find((x) => x.metric_name === 'DI')!.description).toMatch(/^Metric value 0\.\d+ doesn't meet the baseline constraint requirement \d\.\d+$/);
  });
});

describe('Flip Test (FT), against smclarify\'s own test values (tests/unit/bias/metrics/test_metrics.py, test_FT)', () => {
  // Its datasets: 24 rows of 7 features, the first being the facet (which its test keeps among
  // the features), the others constant; k-NN on the advantaged rows' predicted labels.
  const ftOf = (facetColumn: number[], predicted: number[], labels: number[], value: number) => {
    const acc = new BiasAccumulator({ facetName: 'f', facet: { values: [value] }, labelName: 'y', label: { values: [1] } });
    facetColumn.forEach((c, i) => acc.add({ facet: c, label: labels[i]!, predictedLabel: predicted[i]!, features: [c, 0, 0, 0, 1, 1, 1] }));
    return unwrap(acc.result()).post_training_bias_metrics!.facets.f![0]!.metrics.find((m) => m.name === 'FT');
  };

  test('binary facet: FT = -0.5384615384615384 (every sensitive row\'s neighbours are equally distant: the earliest five vote)', () => {
    const facet = [0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0];
    const predicted = [1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0];
    const labels = [0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0];
    expect(ftOf(facet, predicted, labels, 1)).toEqual({ name: 'FT', description: 'Flip Test (FT)', value: -0.5384615384615384 });
  });

  test('multi-category facet, one value against the rest: 5/8, -3/5, 1/2', () => {
    const facet = [0, 1, 1, 0, 1, 2, 1, 1, 0, 2, 1, 1, 1, 0, 0, 2, 0, 1, 2, 1, 2, 0, 2, 0];
    const predicted = [1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1];
    const labels = [1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 0];
    expect([0, 1, 2].map((v) => ftOf(facet, predicted, labels, v)!.value)).toEqual([5 / 8, -3 / 5, 1 / 2]);
  });

  test('k = 1 up to 9 advantaged rows: each sensitive row takes its nearest neighbour\'s prediction', () => {
    const acc = new BiasAccumulator(cfg);
    // a: x=0 predicted 1, x=10 predicted 0. d: x=1 predicted 0 (k-NN 1: flips to positive), x=9 predicted 0 (no flip), x=2 predicted 1 (no flip).
    acc.add({ facet: 'M', label: 1, predictedLabel: 1, features: [0] });
    acc.add({ facet: 'M', label: 0, predictedLabel: 0, features: ['10'] });
    acc.add({ facet: 'F', label: 1, predictedLabel: 0, features: [1] });
    acc.add({ facet: 'F', label: 0, predictedLabel: 0, features: [9] });
    acc.add({ facet: 'F', label: 1, predictedLabel: 1, features: [2] });
    expect(unwrap(acc.result()).post_training_bias_metrics!.facets.sex![0]!.metrics.find((m) => m.name === 'FT')!.value).toBeCloseTo(-1 / 3, 15);
  });

  test('written as an error, with its reason, when it cannot be computed', () => {
    const ft = (add: (acc: BiasAccumulator) => void) => {
      const acc = new BiasAccumulator(cfg);
      add(acc);
      return unwrap(acc.result()).post_training_bias_metrics!.facets.sex![0]!.metrics.find((m) => m.name === 'FT');
    };
    expect(ft((acc) => group('M', { tp: 1, fp: 1, fn: 1, tn: 1 }).concat(group('F', { tp: 1, fp: 1, fn: 1, tn: 1 })).forEach((o) => acc.add(o))))
      .toEqual({ name: 'FT', description: 'Flip Test (FT)', value: null, error: FT_NO_FEATURES });
    expect(ft((acc) => ['M', 'F'].forEach((f) => acc.add({ facet: f, label: 1, predictedLabel: 1, features: [1, 'blue'] }))))
      .toMatchObject({ value: null, error: 'FlipTest does not support non-numeric columns' });
    const many = ft((acc) => {
      for (let i = 0; i <= FT_MAX_RECORDS; i++) acc.add({ facet: i % 2 ? 'F' : 'M', label: 1, predictedLabel: i % 3 ? 1 : 0, features: [i] });
      expect(acc.wantsFeatures).toBe(false);
    });
    expect(many).toMatchObject({ value: null, error: FT_TOO_MANY });
  });

  test('merging two parts gives the FT of the whole, and parts over the bound together are refused', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ facet: i % 3 ? 'M' : 'F', label: 1, predictedLabel: (i * 7) % 5 > 1 ? 1 : 0, features: [i % 11, (i * 3) % 7] }));
    const whole = new BiasAccumulator(cfg);
    rows.forEach((r) => whole.add(r));
    const [p1, p2] = [new BiasAccumulator(cfg), new BiasAccumulator(cfg)];
    rows.slice(0, 17).forEach((r) => p1.add(r));
    rows.slice(17).forEach((r) => p2.add(r));
    expect(unwrap(p1.merge(p2).result())).toEqual(unwrap(whole.result()));
  });
});
