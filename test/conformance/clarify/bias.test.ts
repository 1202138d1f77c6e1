// Bias drift against real Clarify / SageMaker files: the engine's analysis.json and
// constraint_violations.json validate against schemas written from the samples, the
// drift rule is SageMaker's (worse = further from the ideal), descriptions use
// SageMaker's wording and number format, and real baselines work as the engine's.
import {
  BiasAccumulator,
  checkBiasDrift,
  FT_NO_FEATURES,
  parseBiasConstraints,
  parseJsonText,
  pythonFloat,
  seededRandom,
  stringifyJson,
  type BiasAnalysis,
  type BiasConfig,
} from '@mmg/engine';
import { unwrap } from '../../support/result.js';
import { describeSamples, readSample, sampleFiles } from '../../support/samples.js';
import { BIAS_DESCRIPTION, BiasAnalysisFile, BiasViolationsFile } from './schemas.js';

const DIR = 'bias-drift';
const cfg: BiasConfig = { facetName: 'Sex', facet: { values: ['0'] }, labelName: 'Target', label: { values: ['1'] } };

/**
 * The engine's analysis of n records; the model favours group a (Sex 1) with probability `skew`.
 * With `groupName` (Clarify's group_variable), record i is in group i mod 3.
 */
function analysis(seed: number, n: number, skew: number, preTraining = false, groupName?: string): BiasAnalysis {
  const r = seededRandom(seed);
  const acc = new BiasAccumulator({ ...cfg, ...(groupName !== undefined ? { groupName } : {}) });
  for (let i = 0; i < n; i++) {
    const sex = r() < 0.4 ? '0' : '1';
    const label = r() < 0.5 ? '1' : '0';
    const predicted = r() < 0.7 ? label : sex === '1' ? (r() < skew ? '1' : '0') : r() < 0.5 ? '1' : '0';
    acc.add({ facet: sex, label, predictedLabel: predicted, ...(groupName !== undefined ? { group: String(i % 3) } : {}) });
  }
  return unwrap(acc.result({ preTraining }));
}

/** A one-facet analysis with the given post-training values. */
const withValues = (values: Record<string, number>): BiasAnalysis => ({
  version: '1.0',
  post_training_bias_metrics: {
    label: 'Target', label_value_or_threshold: '1',
    facets: { Age: [{ value_or_threshold: '40', metrics: Object.entries(values).map(([name, value]) => ({ name, description: name, value })) }] },
  },
});

/** Written as the engine writes its files, and read back. */
const asFile = (doc: unknown): unknown => parseJsonText(stringifyJson(doc));

describeSamples('bias drift: the files', () => {
  test.each(sampleFiles(DIR, /analysis\.json$|clarify_bias\.json$/))('the schema is the real file\'s: %s', (file) => {
    expect(BiasAnalysisFile.safeParse(parseJsonText(readSample(DIR, file))).error).toBeUndefined();
  });
  test.each(sampleFiles(DIR, /constraint_violations\.json$/))('the violations schema is the real file\'s: %s', (file) => {
    expect(BiasViolationsFile.safeParse(parseJsonText(readSample(DIR, file))).error).toBeUndefined();
  });

  test('the engine\'s baseline and run analysis.json validate; metrics as Clarify lists them', () => {
    const baseline = asFile(analysis(1, 2000, 0.5, true)) as BiasAnalysis;
    expect(BiasAnalysisFile.safeParse(baseline).error).toBeUndefined();
    expect(BiasAnalysisFile.safeParse(asFile(analysis(2, 500, 0.9))).error).toBeUndefined();
    const real = parseJsonText(readSample(DIR, 'examples-bias-monitor-bt-json.baseline.analysis.json')) as BiasAnalysis;
    const names = (a: BiasAnalysis, s: 'post_training_bias_metrics' | 'pre_training_bias_metrics') => a[s]!.facets['Sex']![0]!.metrics.map((m) => [m.name, m.description]);
    expect(names(baseline, 'post_training_bias_metrics')).toEqual(names(real, 'post_training_bias_metrics'));
    expect(names(baseline, 'pre_training_bias_metrics')).toEqual(names(real, 'pre_training_bias_metrics'));
    expect(BiasAnalysisFile.safeParse({ ...baseline, lower_bound: 1 }).success).toBe(false);
  });

  test('a metric the engine cannot compute is written as Clarify writes one that errored', () => {
    const baseline = analysis(1, 300, 0.5, true);
    const post = baseline.post_training_bias_metrics!.facets['Sex']![0]!.metrics;
    // Without a group variable, CDDL and CDDPL are Clarify's error.
    expect(post.find((m) => m.name === 'CDDPL')).toEqual({ name: 'CDDPL', description: 'Conditional Demographic Disparity in Predicted Labels (CDDPL)', value: null, error: 'Group variable is empty or not provided' });
    expect(baseline.pre_training_bias_metrics!.facets['Sex']![0]!.metrics.find((m) => m.name === 'CDDL')).toEqual({ name: 'CDDL', description: 'Conditional Demographic Disparity in Labels (CDDL)', value: null, error: 'Group variable is empty or not provided' });
    // These records carry no feature rows, so FT cannot be computed either.
    expect(post.find((m) => m.name === 'FT')).toEqual({ name: 'FT', description: 'Flip Test (FT)', value: null, error: FT_NO_FEATURES });
  });

  test('with a group variable, CDDL and CDDPL are values; the file still validates and the other metrics are unchanged', () => {
    const grouped = asFile(analysis(1, 2000, 0.5, true, 'Age Group')) as BiasAnalysis;
    expect(BiasAnalysisFile.safeParse(grouped).error).toBeUndefined();
    const metric = (a: BiasAnalysis, s: 'post_training_bias_metrics' | 'pre_training_bias_metrics', name: string) => a[s]!.facets['Sex']![0]!.metrics.find((m) => m.name === name)!;
    for (const [s, name] of [['pre_training_bias_metrics', 'CDDL'], ['post_training_bias_metrics', 'CDDPL']] as const) {
      const m = metric(grouped, s, name);
      expect(m).toEqual({ name, description: expect.any(String), value: expect.any(Number) });
      expect(Math.abs(m.value!)).toBeLessThanOrEqual(1);
    }
    const plain = asFile(analysis(1, 2000, 0.5, true)) as BiasAnalysis;
    const others = (a: BiasAnalysis) => [a.pre_training_bias_metrics!, a.post_training_bias_metrics!].flatMap((s) => s.facets['Sex']![0]!.metrics.filter((m) => !m.name.startsWith('CDD')));
    expect(others(grouped)).toEqual(others(plain));
  });

  test('GE is the generalized entropy (alpha 2) of the benefits ŷ − y + 1', () => {
    // a: TP 3, FP 1, FN 2, TN 4; d: TP 1, FP 2, FN 1, TN 1 → benefits: 4×1(TP) + 3×2(FP) + 3×0(FN) + 5×1(TN), N = 15
    const acc = new BiasAccumulator(cfg);
    const add = (sex: string, label: string, predictedLabel: string, n: number) => { for (let i = 0; i < n; i++) acc.add({ facet: sex, label, predictedLabel }); };
    add('1', '1', '1', 3); add('1', '0', '1', 1); add('1', '1', '0', 2); add('1', '0', '0', 4);
    add('0', '1', '1', 1); add('0', '0', '1', 2); add('0', '1', '0', 1); add('0', '0', '0', 1);
    const b = [...Array(4).fill(1), ...Array(3).fill(2), ...Array(3).fill(0), ...Array(5).fill(1)] as number[];
    const mean = b.reduce((s, x) => s + x, 0) / b.length;
    const ge = b.reduce((s, x) => s + (x / mean) ** 2 - 1, 0) / (b.length * 2 * 1);
    expect(unwrap(acc.result()).post_training_bias_metrics!.facets['Sex']![0]!.metrics.find((m) => m.name === 'GE')!.value).toBeCloseTo(ge, 12);
  });

  test('x/0 is Infinity, written as Clarify writes it', () => {
    const acc = new BiasAccumulator(cfg);
    acc.add({ facet: '0', label: '1', predictedLabel: '0' }); // FN_d = 1, FP_d = 0 → τ_d = ∞
    acc.add({ facet: '1', label: '1', predictedLabel: '1' });
    const text = stringifyJson(unwrap(acc.result()));
    expect(text).toContain('{"name":"TE","description":"Treatment Equality (TE)","value":Infinity}');
    expect(text).not.toContain('1e10');
    expect(text).not.toContain('9999999');
  });
});

describeSamples('bias drift: the rule and the descriptions', () => {
  test.each([
    ['DPPL', 0.2, 0.1, false], ['DPPL', 0.2, 0.0, false], ['DPPL', 0.2, -0.3, true], ['DPPL', 0.2, 0.25, true], ['DPPL', -0.2, 0.15, false],
    ['DI', 0.8, 1.1, false], ['DI', 0.8, 0.7, true], ['DI', 0.8, 1.3, true], ['TE', 2.5, Infinity, true], ['TE', Infinity, 3, false],
  ])('%s: baseline %p, live %p → violation %p', (name, base, live, violated) => {
    const v = checkBiasDrift(withValues({ [name]: live }), withValues({ [name]: base })).violations;
    expect(v.length).toBe(violated ? 1 : 0);
  });

  test.each(['examples-bias-monitor-bt-json', 'examples-bias-monitor-endpoint-json'])('%s: the live values of the run give SageMaker\'s violations file', (example) => {
    const baseline = unwrap(parseBiasConstraints(readSample(DIR, `${example}.baseline.analysis.json`)));
    const expected = BiasViolationsFile.parse(parseJsonText(readSample(DIR, `${example}.constraint_violations.json`)));
    // The run's live values are in its descriptions; the other metrics stayed at the baseline value.
    const liveValue = new Map<string, number>(expected.violations.map((v) => [v.metric_name, Number(BIAS_DESCRIPTION.exec(v.description)![1])]));
    const live = structuredClone(baseline);
    for (const m of live.post_training_bias_metrics!.facets['Sex']![0]!.metrics) if (liveValue.has(m.name)) Object.assign(m, { value: liveValue.get(m.name) });
    const got = asFile(checkBiasDrift(live, baseline));
    expect(BiasViolationsFile.safeParse(got).error).toBeUndefined();
    expect(got).toEqual(expected);
  });

  test('numbers in descriptions are written as SageMaker writes them', () => {
    const texts = sampleFiles(DIR, /^examples.*constraint_violations\.json$/).flatMap((f) => BiasViolationsFile.parse(parseJsonText(readSample(DIR, f))).violations.map((v) => v.description));
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) {
      const [, live, base] = BIAS_DESCRIPTION.exec(t)!;
      expect(pythonFloat(Number(live))).toBe(live);
      expect(pythonFloat(Number(base))).toBe(base);
    }
    expect([1, -72, 1e-5, 2.5e16].map(pythonFloat)).toEqual(['1.0', '-72.0', '1e-05', '2.5e+16']);
  });
});

describeSamples('bias drift: real Clarify baselines on the engine', () => {
  test.each(sampleFiles(DIR, /analysis\.json$|clarify_bias\.json$/))('%s', (file) => {
    const parsed = parseBiasConstraints(readSample(DIR, file));
    const real = parseJsonText(readSample(DIR, file)) as BiasAnalysis;
    if (!real.post_training_bias_metrics) {
      // A data-bias (pre-training only) analysis has nothing a model bias monitor checks.
      expect(parsed).toEqual({ ok: false, error: expect.objectContaining({ message: expect.stringContaining('post_training_bias_metrics') }) });
      return;
    }
    const baseline = unwrap(parsed);
    const [facet, groups] = Object.entries(baseline.post_training_bias_metrics!.facets)[0]!;
    const acc = new BiasAccumulator({ facetName: facet, facet: { values: [groups[0]!.value_or_threshold] }, labelName: 'y', label: { values: ['1'] } });
    const r = seededRandom(7);
    for (let i = 0; i < 400; i++) acc.add({ facet: r() < 0.4 ? groups[0]!.value_or_threshold : 'other', label: r() < 0.5 ? '1' : '0', predictedLabel: r() < 0.5 ? '1' : '0' });
    const live = unwrap(acc.result());
    const { violations } = checkBiasDrift(live, baseline);
    const values = (a: BiasAnalysis) => new Map(a.post_training_bias_metrics!.facets[facet]![0]!.metrics.map((m) => [m.name, m.value]));
    const [b, l] = [values(baseline), values(live)];
    const worse = [...b].filter(([n, v]) => v !== null && l.get(n) !== null && l.get(n) !== undefined && Math.abs(l.get(n)! - (n === 'DI' ? 1 : 0)) > Math.abs(v - (n === 'DI' ? 1 : 0)));
    expect(violations.map((v) => v.metric_name).sort()).toEqual(worse.map(([n]) => n).sort());
    expect(violations.every((v) => v.facet === facet && v.facet_value === groups[0]!.value_or_threshold)).toBe(true);
  });
});
