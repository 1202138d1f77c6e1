import {
  DEFAULT_MONITORING_CONFIG,
  DataQualityAccumulator,
  DatasetReader,
  checkDataQuality,
  chiSquaredTest,
  classifyValue,
  inferType,
  parseConstraintsJson,
  parseStatisticsJson,
  regularizedGammaP,
  suggestConstraints,
  type ConstraintsJson,
  type DataQualityResult,
  type Row,
} from '../src/index.js';
import { normal, rng, unwrap } from './helpers.js';

const GOLDEN_CSV = ['age,income,city,flag', '25,50000.5,Paris,1', '30,60000,London,0', '35,,Paris,1', '40,80000.25,Tokyo,0'];

function profile(lines: string[], header = true): DataQualityResult {
  const reader = new DatasetReader({ format: 'csv', header });
  const acc = new DataQualityAccumulator();
  lines.forEach((l, i) => {
    const row = unwrap(reader.read(l, i + 1));
    if (row) acc.add(row);
  });
  return unwrap(acc.result());
}

describe('type inference (Deequ precedence rule)', () => {
  test('value classes', () => {
    expect(['12', '-3', '+4', ' 7 '].map(classifyValue)).toEqual(['Integral', 'Integral', 'Integral', 'Integral']);
    expect(['1.5', '.5', '2.', '1e-3', 2.5].map(classifyValue)).toEqual(Array(5).fill('Fractional'));
    expect(['abc', 'NaN', 'true', true, '1,5'].map(classifyValue)).toEqual(Array(5).fill('String'));
    expect([null, '', '  ', undefined].map(classifyValue)).toEqual(Array(4).fill('Null'));
  });
  test('feature type: any String → String; else any Fractional → Fractional; all null → Unknown', () => {
    expect(inferType({ Null: 0, Integral: 99, Fractional: 0, String: 1 })).toBe('String');
    expect(inferType({ Null: 5, Integral: 99, Fractional: 1, String: 0 })).toBe('Fractional');
    expect(inferType({ Null: 5, Integral: 3, Fractional: 0, String: 0 })).toBe('Integral');
    expect(inferType({ Null: 5, Integral: 0, Fractional: 0, String: 0 })).toBe('Unknown');
  });
});

describe('golden baseline: statistics.json and constraints.json', () => {
  const { statistics } = profile(GOLDEN_CSV);
  const f = (name: string) => statistics.features.find((x) => x.name === name)!;

  test('dataset and feature order', () => {
    expect(statistics.dataset.item_count).toBe(4);
    expect(statistics.features.map((x) => [x.name, x.inferred_type])).toEqual([
      ['age', 'Integral'],
      ['income', 'Fractional'],
      ['city', 'String'],
      ['flag', 'Integral'],
    ]);
  });

  test('numeric statistics (population std_dev), hand-checked', () => {
    const age = f('age').numerical_statistics!;
    // mean (25+30+35+40)/4 = 32.5; deviations ±7.5, ±2.5 → Σd² = 125; std = √(125/4) = 5.5901699...
    expect(age.common).toEqual({ num_present: 4, num_missing: 0 });
    expect(age.sum).toBe(130);
    expect(age.mean).toBe(32.5);
    expect(age.std_dev).toBeCloseTo(5.5901699437494745, 12);
    expect([age.min, age.max]).toEqual([25, 40]);
    expect(age.distribution!.kll.buckets.map((b) => b.count)).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
    expect(age.distribution!.kll.sketch!.parameters).toEqual({ c: 0.64, k: 2048 });
    expect(age.distribution!.kll.sketch!.data[0]!.slice().sort()).toEqual([25, 30, 35, 40]);

    const income = f('income').numerical_statistics!;
    // present: 50000.5, 60000, 80000.25 → sum 190000.75, mean 63333.583333...
    // deviations: -13333.083333, -3333.583333, 16666.666667 → d² = 177771111.17 + 11112777.84 + 277777777.78
    // Σd² = 11199880003/24 = 466661666.7916667 (exact, with fractions); std = √(Σd²/3) = 12472.124475...
    expect(income.common).toEqual({ num_present: 3, num_missing: 1 });
    expect(income.sum).toBeCloseTo(190000.75, 9);
    expect(income.mean).toBeCloseTo(63333.583333333, 6);
    expect(income.std_dev).toBeCloseTo(Math.sqrt(11199880003 / 24 / 3), 6);
    expect(income.std_dev).toBeCloseTo(12472.124475, 5);
  });

  test('string statistics', () => {
    const city = f('city').string_statistics!;
    expect(city.common).toEqual({ num_present: 4, num_missing: 0 });
    expect(city.distinct_count).toBe(3);
    expect(city.distribution!.categorical.buckets).toEqual([
      { value: 'Paris', count: 2 },
      { value: 'London', count: 1 },
      { value: 'Tokyo', count: 1 },
    ]);
  });

  test('suggested constraints with SageMaker defaults; round trip through zod', () => {
    const c = suggestConstraints(statistics);
    expect(c.features).toEqual([
      { name: 'age', inferred_type: 'Integral', completeness: 1, num_constraints: { is_non_negative: true } },
      { name: 'income', inferred_type: 'Fractional', completeness: 0.75, num_constraints: { is_non_negative: true } },
      { name: 'city', inferred_type: 'String', completeness: 1, string_constraints: { domains: ['London', 'Paris', 'Tokyo'] } },
      { name: 'flag', inferred_type: 'Integral', completeness: 1, num_constraints: { is_non_negative: true } },
    ]);
    expect(c.monitoring_config).toEqual({
      evaluate_constraints: 'Enabled',
      emit_metrics: 'Enabled',
      datatype_check_threshold: 1.0,
      domain_content_threshold: 1.0,
      distribution_constraints: { perform_comparison: 'Enabled', comparison_threshold: 0.1, comparison_method: 'Robust' },
    });
    expect(unwrap(parseConstraintsJson(JSON.stringify(c)))).toEqual(c);
    expect(unwrap(parseStatisticsJson(JSON.stringify(statistics)))).toEqual(statistics);
    // a user-trimmed file gets the defaults back
    expect(unwrap(parseConstraintsJson('{"features":[]}')).monitoring_config).toEqual(DEFAULT_MONITORING_CONFIG);
    expect(parseConstraintsJson('{"features":[{"name":"x"}]}')).toEqual({ ok: false, error: expect.objectContaining({ kind: 'INVALID_RECORD' }) });
  });

  test('merging two halves equals profiling the whole', () => {
    const a = new DataQualityAccumulator();
    const b = new DataQualityAccumulator();
    const reader = new DatasetReader({ format: 'csv', header: true });
    GOLDEN_CSV.forEach((l, i) => {
      const row = unwrap(reader.read(l, i + 1));
      if (row) (i <= 2 ? a : b).add(row);
    });
    const merged = unwrap(a.merge(b).result()).statistics;
    expect(merged.dataset).toEqual(statistics.dataset);
    const m = merged.features.find((x) => x.name === 'income')!.numerical_statistics!;
    expect(m.mean).toBeCloseTo(f('income').numerical_statistics!.mean, 9);
    expect(m.std_dev).toBeCloseTo(f('income').numerical_statistics!.std_dev, 6);
  });

  test('an empty window is an EMPTY_WINDOW error', () => {
    expect(new DataQualityAccumulator().result()).toEqual({ ok: false, error: expect.objectContaining({ kind: 'EMPTY_WINDOW' }) });
  });
});

describe('chi-squared helper', () => {
  test('incomplete gamma matches known χ² tail values', () => {
    // P(χ²₁ ≥ 3.841459) = 0.05 ; P(χ²₂ ≥ x) = e^(−x/2) exactly
    expect(1 - regularizedGammaP(0.5, 3.841459 / 2)).toBeCloseTo(0.05, 6);
    expect(1 - regularizedGammaP(1, 10 / 2)).toBeCloseTo(Math.exp(-5), 10);
    expect(1 - regularizedGammaP(5, 40 / 2)).toBeCloseTo(1.6944744e-5, 11); // scipy chi2.sf(40, 10)
  });
  test('2×2 table by hand', () => {
    // [[30,10],[20,20]]: totals 40/40, cols 50/30; expected 25,15,25,15
    // χ² = 25/25+25/15+25/25+25/15 = 5.3333; p = P(χ²₁ ≥ 5.3333) = 0.020921
    const t = chiSquaredTest(new Map([['x', 30], ['y', 10]]), new Map([['x', 20], ['y', 20]]));
    expect(t.statistic).toBeCloseTo(16 / 3, 10);
    expect(t.df).toBe(1);
    expect(t.pValue).toBeCloseTo(0.020921, 5);
  });
});

describe('drift scenarios (constraint_violations.json)', () => {
  function synth(seed: number, n: number, opts: { shiftX?: number; dropZ?: boolean; newCategory?: boolean; extra?: boolean; stringsInCount?: boolean; missingY?: number } = {}): DataQualityResult {
    const r = rng(seed);
    const acc = new DataQualityAccumulator();
    for (let i = 0; i < n; i++) {
      const u = r();
      const row: Row = {
        x: normal(r, 50 + (opts.shiftX ?? 0), 10).toFixed(3),
        y: opts.missingY && r() < opts.missingY ? '' : (r() * 100).toFixed(2),
        count: opts.stringsInCount && i % 10 === 0 ? 'n/a' : String(Math.floor(r() * 20)),
        cat: opts.newCategory && u < 0.3 ? 'zeta' : u < 0.5 ? 'alpha' : u < 0.8 ? 'beta' : 'gamma',
      };
      if (!opts.dropZ) row.z = r() < 0.5 ? 'yes' : 'no';
      if (opts.extra) row.surprise = '1';
      acc.add(row);
    }
    return unwrap(acc.result());
  }

  const base = synth(1, 3000);
  const constraints = suggestConstraints(base.statistics);
  const check = (live: DataQualityResult, c: ConstraintsJson = constraints) => checkDataQuality(live, base.statistics, c).violations;

  test('data like the baseline: no violations', () => {
    expect(check(synth(2, 1000))).toEqual([]);
  });

  test('one numeric feature shifts: baseline_drift_check on that feature only', () => {
    const v = check(synth(3, 1000, { shiftX: 10 }));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ feature_name: 'x', constraint_check_type: 'baseline_drift_check' });
    // N(60,10) vs N(50,10): KS = 2Φ(0.5)−1 ≈ 0.383
    const d = Number(/distance: ([\d.]+)/.exec(v[0]!.description)![1]);
    expect(d).toBeGreaterThan(0.3);
    expect(d).toBeLessThan(0.46);
    expect(v[0]!.description).toMatch(/^Baseline drift distance: [\d.]+ exceeds threshold: 0\.1$/);
  });

  test('a column disappears: missing_column_check', () => {
    const v = check(synth(4, 500, { dropZ: true }));
    expect(v).toEqual([
      { feature_name: 'z', constraint_check_type: 'missing_column_check', description: 'There are missing columns in current dataset. Number of columns in current dataset: 4, Number of columns in baseline constraints: 5' },
    ]);
  });

  test('a column appears: extra_column_check', () => {
    const v = check(synth(5, 500, { extra: true }));
    expect(v).toEqual([expect.objectContaining({ feature_name: 'surprise', constraint_check_type: 'extra_column_check' })]);
  });

  test('a new category appears: categorical_values_check (and L∞ drift: alpha falls from .5 to .2, zeta is new at .3)', () => {
    const v = check(synth(6, 2000, { newCategory: true }));
    const types = v.map((x) => `${x.feature_name}:${x.constraint_check_type}`).sort();
    expect(types).toEqual(['cat:baseline_drift_check', 'cat:categorical_values_check']);
    const cv = v.find((x) => x.constraint_check_type === 'categorical_values_check')!;
    expect(cv.description).toMatch(/^Data domain content requirement is not met\. Expected: 100\.0% of values within the baseline domain\. Observed: Only [67]\d\.\d+% of values are within the domain/);
    expect(cv.description).toContain('"zeta"');
  });

  test('ChiSquared categorical drift method', () => {
    const chi: ConstraintsJson = { ...constraints, monitoring_config: { ...constraints.monitoring_config, distribution_constraints: { ...constraints.monitoring_config.distribution_constraints, categorical_drift_method: 'ChiSquared' } } };
    expect(check(synth(7, 1000), chi)).toEqual([]);
    const v = check(synth(8, 1000, { newCategory: true }), chi).filter((x) => x.constraint_check_type === 'baseline_drift_check');
    expect(v).toEqual([expect.objectContaining({ feature_name: 'cat' })]);
    expect(v[0]!.description).toMatch(/chi-squared test p-value: 0\.0 \(statistic \d+\.\d+, 3 degrees of freedom\) is below threshold: 0\.1/);
  });

  test('strings in an Integral column: data_type_check; missing values: completeness_check', () => {
    const v = check(synth(9, 1000, { stringsInCount: true, missingY: 0.2 }));
    const dt = v.find((x) => x.constraint_check_type === 'data_type_check')!;
    expect(dt.feature_name).toBe('count');
    expect(dt.description).toBe('Data type match requirement is not met. Expected data type: Integral, Expected match: 100.0%. Observed: Only 90.0% of data is Integral.');
    const cc = v.find((x) => x.constraint_check_type === 'completeness_check')!;
    expect(cc.feature_name).toBe('y');
    expect(cc.description).toMatch(/^Data completeness requirement is not met\. Expected completeness: 100\.0%\. Observed: Only [78]\d\.\d+% of data is complete\.$/);
  });

  test('numbers under a String constraint: data_type_check (numbers are not String); percentages unrounded', () => {
    const asString: ConstraintsJson = { ...constraints, features: constraints.features.map((c) => (c.name === 'count' ? { ...c, inferred_type: 'String' as const, num_constraints: undefined } : c)) };
    const v = check(synth(11, 1000), asString).filter((x) => x.constraint_check_type === 'data_type_check');
    expect(v).toEqual([{ feature_name: 'count', constraint_check_type: 'data_type_check', description: 'Data type match requirement is not met. Expected data type: String, Expected match: 100.0%. Observed: Only 0.0% of data is String.' }]);
    // 1970 of 1977 Integral, the ratio of SageMaker's intro notebook: printed in full, as the JVM prints it
    const rows = Array.from({ length: 1977 }, (_, i): Row => ({ count: i < 1970 ? '1' : 'x' }));
    const acc = new DataQualityAccumulator();
    rows.forEach((r) => acc.add(r));
    const one: ConstraintsJson = { ...constraints, features: [{ name: 'count', inferred_type: 'Integral' }] };
    expect(checkDataQuality(unwrap(acc.result()), base.statistics, one).violations.map((x) => x.description)).toContain(
      'Data type match requirement is not met. Expected data type: Integral, Expected match: 100.0%. Observed: Only 99.64592817400101% of data is Integral.',
    );
  });

  test('evaluate_constraints Disabled and perform_comparison Disabled are honoured', () => {
    const live = synth(3, 1000, { shiftX: 10 });
    const off = { ...constraints, monitoring_config: { ...constraints.monitoring_config, evaluate_constraints: 'Disabled' as const } };
    expect(check(live, off)).toEqual([]);
    const noCmp = { ...constraints, monitoring_config: { ...constraints.monitoring_config, distribution_constraints: { ...constraints.monitoring_config.distribution_constraints, perform_comparison: 'Disabled' as const } } };
    expect(check(live, noCmp)).toEqual([]);
  });

  test('Robust vs Simple on a tiny window: Robust needs the KS test to agree', () => {
    // 8 rows: an L∞ distance above 0.1 is expected by chance; KS critical ≈ 1.358·√(1/8+1/3000) ≈ 0.48
    const tiny = synth(10, 8);
    const robust = check(tiny).filter((x) => x.constraint_check_type === 'baseline_drift_check' && x.feature_name === 'x');
    expect(robust).toEqual([]);
    const simple = { ...constraints, monitoring_config: { ...constraints.monitoring_config, distribution_constraints: { ...constraints.monitoring_config.distribution_constraints, comparison_method: 'Simple' as const } } };
    expect(check(tiny, simple).some((x) => x.constraint_check_type === 'baseline_drift_check' && x.feature_name === 'x')).toBe(true);
  });
});
