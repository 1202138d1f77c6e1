import {
  BinaryAccumulator,
  GroundTruthIndex,
  ModelQualityAccumulator,
  MulticlassAccumulator,
  RegressionAccumulator,
  checkModelQuality,
  parseCaptureLine,
  parseGroundTruthLine,
  parseModelQualityConstraints,
  partitionOf,
  predictionFromCapture,
  suggestModelQualityConstraints,
  type ModelQualityStatistics,
} from '../src/index.js';
import { rng, unwrap } from './helpers.js';

describe('binary classification', () => {
  test('sklearn: roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8]) == 0.75', () => {
    const acc = new BinaryAccumulator();
    [[0, 0.1], [0, 0.4], [1, 0.35], [1, 0.8]].forEach(([y, p]) => acc.add({ label: y!, probability: p! }));
    expect(acc.auc()!.value).toBe(0.75);
  });

  test('ties count one half (Mann–Whitney), like sklearn', () => {
    // sklearn: roc_auc_score([0,1,0,1],[0.5,0.5,0.2,0.9]) = 0.875 — pairs (p,n): (.5,.5)=½,(.5,.2)=1,(.9,.5)=1,(.9,.2)=1 → 3.5/4
    const acc = new BinaryAccumulator();
    [[0, 0.5], [1, 0.5], [0, 0.2], [1, 0.9]].forEach(([y, p]) => acc.add({ label: y!, probability: p! }));
    expect(acc.auc()!.value).toBe(0.875);
  });

  test('confusion-matrix metrics, hand-checked', () => {
    // y_true=[0,1,1,0,1,1], y_pred=[0,1,0,0,1,1] → TP=3, FN=1, FP=0, TN=2
    // precision 3/3=1, recall 3/4=.75, f1 = 2·1·.75/1.75 = 0.857142857, accuracy 5/6
    // f2 = 5·TP/(5·TP+4·FN+FP) = 15/19, f0.5 = 1.25·3/(1.25·3+.25·1+0) = 3.75/4 = .9375
    const acc = new BinaryAccumulator();
    const yt = [0, 1, 1, 0, 1, 1];
    const yp = [0, 1, 0, 0, 1, 1];
    yt.forEach((y, i) => acc.add({ label: String(y), prediction: yp[i]! }));
    const m = acc.result();
    expect(m.confusion_matrix).toEqual({ '1': { '1': 3, '0': 1 }, '0': { '1': 0, '0': 2 } });
    expect(m.accuracy.value).toBeCloseTo(5 / 6, 12);
    expect(m.accuracy.standard_deviation).toBeCloseTo(Math.sqrt((5 / 6) * (1 / 6) / 6), 12);
    expect(m.precision.value).toBe(1);
    expect(m.recall.value).toBe(0.75);
    expect(m.f1.value).toBeCloseTo(0.8571428571428571, 12);
    expect(m.f2.value).toBeCloseTo(15 / 19, 12);
    expect(m.f0_5.value).toBeCloseTo(0.9375, 12);
    expect(m.true_negative_rate.value).toBe(1);
    expect(m.false_positive_rate.value).toBe(0);
    expect(m.false_negative_rate.value).toBe(0.25);
    expect(m.auc).toBeUndefined();
  });

  test('predicted label from probability threshold; positive label text/number equivalence', () => {
    const acc = new BinaryAccumulator({ probabilityThreshold: 0.7 });
    acc.add({ label: '1.0', probability: 0.71 }); // TP
    acc.add({ label: 1, probability: 0.69 }); // FN
    acc.add({ label: '0', probability: 0.9 }); // FP
    expect([acc.tp, acc.fn, acc.fp, acc.tn]).toEqual([1, 1, 1, 0]);
    acc.add({ label: true, prediction: 'TRUE' }); // booleans: TP
    acc.add({ label: false, prediction: false }); // TN
    expect([acc.tp, acc.tn]).toEqual([2, 1]);
  });

  test('histogram AUC beyond the exact cap agrees with brute force; merge keeps it', () => {
    const r = rng(11);
    const obs = Array.from({ length: 3000 }, () => {
      const y = r() < 0.4 ? 1 : 0;
      return { label: y, probability: Math.min(1, Math.max(0, 0.35 + 0.3 * y + (r() - 0.5) * 0.6)) };
    });
    let wins = 0;
    let pairs = 0;
    for (const a of obs) if (a.label === 1) for (const b of obs) if (b.label === 0) {
      pairs++;
      wins += a.probability > b.probability ? 1 : a.probability === b.probability ? 0.5 : 0;
    }
    const exact = wins / pairs;
    const a = new BinaryAccumulator({ exactAucCap: 100 });
    const b = new BinaryAccumulator({ exactAucCap: 100 });
    obs.forEach((o, i) => (i % 2 ? a : b).add(o));
    expect(a.merge(b).auc()!.value).toBeCloseTo(exact, 3);
    const e = new BinaryAccumulator();
    obs.forEach((o) => e.add(o));
    expect(e.auc()!.value).toBeCloseTo(exact, 12);
    // Hanley–McNeil SE is small but positive for 3000 records
    expect(e.auc()!.standard_deviation).toBeGreaterThan(0.001);
    expect(e.auc()!.standard_deviation).toBeLessThan(0.02);
  });
});

describe('golden statistics.json (binary, with probabilities)', () => {
  test('field by field, in SageMaker\'s key order; standard_deviation "NaN" below 200 records', () => {
    // label, probability (threshold .5 → prediction): (1,.9) TP, (1,.6) TP, (1,.3) FN, (0,.7) FP, (0,.2) TN, (0,.1) TN
    // TP=2 FN=1 FP=1 TN=2: accuracy 4/6, precision 2/3, recall 2/3, f1 2/3, tpr 2/3, tnr 2/3, fpr 1/3, fnr 1/3
    // AUC: positives .9,.6,.3 vs negatives .7,.2,.1 → wins 3+2+2 = 7 of 9 → 0.777...
    // Best constant classifier (always 1): recall 1, precision = accuracy = 3/6;
    // F_β = (1+β²)·3 / ((1+β²)·3 + 3): f0.5 = 3.75/6.75, f1 = 6/9, f2 = 15/18.
    // Curves, scores from the highest: .9 P, .7 N, .6 P, .3 P, .2 N, .1 N.
    const acc = new ModelQualityAccumulator('BinaryClassification');
    [[1, 0.9], [1, 0.6], [1, 0.3], [0, 0.7], [0, 0.2], [0, 0.1]].forEach(([y, p]) => acc.add({ label: String(y), probability: p! }));
    const s = unwrap(acc.result());
    const m = (value: number) => ({ value: expect.closeTo(value, 12), standard_deviation: 'NaN' });
    const close = (xs: number[]) => xs.map((x) => expect.closeTo(x, 12));
    const expected = {
      version: 0,
      dataset: { item_count: 6 },
      binary_classification_metrics: {
        confusion_matrix: { '1': { '1': 2, '0': 1 }, '0': { '1': 1, '0': 2 } },
        recall: m(2 / 3),
        precision: m(2 / 3),
        accuracy: m(2 / 3),
        recall_best_constant_classifier: m(1),
        precision_best_constant_classifier: m(0.5),
        accuracy_best_constant_classifier: m(0.5),
        true_positive_rate: m(2 / 3),
        true_negative_rate: m(2 / 3),
        false_positive_rate: m(1 / 3),
        false_negative_rate: m(1 / 3),
        receiver_operating_characteristic_curve: {
          false_positive_rates: close([0, 0, 1 / 3, 1 / 3, 1 / 3, 2 / 3, 1, 1]),
          true_positive_rates: close([0, 1 / 3, 1 / 3, 2 / 3, 1, 1, 1, 1]),
        },
        precision_recall_curve: { precisions: close([1, 1, 0.5, 2 / 3, 0.75, 0.6, 0.5]), recalls: close([0, 1 / 3, 1 / 3, 2 / 3, 1, 1, 1]) },
        auc: m(7 / 9),
        f0_5: m(2 / 3), // F_β with P = R: equals 2/3 for every β
        f1: m(2 / 3),
        f2: m(2 / 3),
        f0_5_best_constant_classifier: m(3.75 / 6.75),
        f1_best_constant_classifier: m(6 / 9),
        f2_best_constant_classifier: m(15 / 18),
      },
    };
    expect(s).toEqual(expected);
    expect(Object.keys((s as typeof expected).binary_classification_metrics)).toEqual(Object.keys(expected.binary_classification_metrics));
    const c = suggestModelQualityConstraints(s);
    expect(c).toMatchObject({ version: 0, binary_classification_constraints: { auc: { threshold: expect.closeTo(7 / 9, 12), comparison_operator: 'LessThanThreshold' }, false_negative_rate: { threshold: expect.closeTo(1 / 3, 12), comparison_operator: 'GreaterThanThreshold' } } });
  });
});

describe('multiclass classification', () => {
  test("sklearn classification_report: y_true=[0,1,2,2,2], y_pred=[0,0,2,2,1]", () => {
    // per class P/R: 0: .5/1, 1: 0/0, 2: 1/.667; supports 1,1,3
    // weighted P = (.5+0+3)/5 = .7, R = (1+0+2)/5 = .6, F1 = (.6667+0+3·.8)/5 = .61333; accuracy .6
    const acc = new MulticlassAccumulator();
    const yt = [0, 1, 2, 2, 2];
    const yp = [0, 0, 2, 2, 1];
    yt.forEach((y, i) => acc.add({ label: y, prediction: yp[i]! }));
    const m = acc.result();
    expect(m.accuracy.value).toBeCloseTo(0.6, 12);
    expect(m.weighted_precision.value).toBeCloseTo(0.7, 12);
    expect(m.weighted_recall.value).toBeCloseTo(0.6, 12);
    expect(m.weighted_f1.value).toBeCloseTo((2 / 3 + 3 * 0.8) / 5, 12);
    expect(m.confusion_matrix).toEqual({ '0': { '0': 1, '1': 0, '2': 0 }, '1': { '0': 1, '1': 0, '2': 0 }, '2': { '0': 0, '1': 1, '2': 2 } });
  });

  test('"1", "1.0" and 1 are the same class', () => {
    const acc = new MulticlassAccumulator();
    acc.add({ label: '1', prediction: '1.0' });
    acc.add({ label: 2, prediction: ' 2 ' });
    expect(acc.result().accuracy.value).toBe(1);
  });

  test("sklearn f1_score docs: weighted f1 of [0,1,2,0,1,2] vs [0,2,1,0,0,1] = 0.2666...", () => {
    const acc = new MulticlassAccumulator();
    const yt = [0, 1, 2, 0, 1, 2];
    const yp = [0, 2, 1, 0, 0, 1];
    yt.forEach((y, i) => acc.add({ label: y, prediction: yp[i]! }));
    expect(acc.result().weighted_f1.value).toBeCloseTo(0.26666666666666666, 12);
  });
});

describe('regression', () => {
  test('sklearn docs: y_true=[3,-0.5,2,7], y_pred=[2.5,0.0,2,8]', () => {
    // errors .5,-.5,0,-1: MAE 2/4=.5, MSE 1.5/4=.375, RMSE √.375; ȳ=2.875, SST=29.1875, R² = 1−1.5/29.1875 = .948608...
    const a = new RegressionAccumulator();
    const b = new RegressionAccumulator();
    const yt = [3, -0.5, 2, 7];
    const yp = [2.5, 0.0, 2, 8];
    yt.forEach((y, i) => (i < 2 ? a : b).add({ label: y, prediction: yp[i]! }));
    const m = a.merge(b).result();
    expect(m.mae.value).toBeCloseTo(0.5, 12);
    expect(m.mse.value).toBeCloseTo(0.375, 12);
    expect(m.rmse.value).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(m.r2.value).toBeCloseTo(0.9486081370449679, 12);
    // SE(mae) = sd(|e|)/√n: |e| = .5,.5,0,1 → var = .375−.25 = .125 → √(.125/4)
    expect(m.mae.standard_deviation).toBeCloseTo(Math.sqrt(0.125 / 4), 12);
  });
});

describe('join with ground truth', () => {
  const capture = (eventId: string, inferenceId: string | undefined, out: string) =>
    unwrap(
      parseCaptureLine(
        JSON.stringify({
          captureData: { endpointInput: { data: '1,2', encoding: 'CSV' }, endpointOutput: { data: out, encoding: 'CSV' } },
          eventMetadata: { eventId, ...(inferenceId ? { inferenceId } : {}) },
        }),
        1,
      ),
    );
  const gt = (id: string, label: string) => unwrap(parseGroundTruthLine(JSON.stringify({ groundTruthData: { data: label, encoding: 'CSV' }, eventMetadata: { eventId: id } }), 1));

  test('joins on inferenceId else eventId; unmatched and duplicates are counted; full index refuses', () => {
    const idx = new GroundTruthIndex(3);
    expect(idx.add(gt('inf-1', '1'))).toBe(true);
    expect(idx.add(gt('ev-2', '0'))).toBe(true);
    expect(idx.add(gt('inf-1', '0'))).toBe(true); // duplicate: latest wins
    expect(idx.add(gt('x', '1'))).toBe(true);
    expect(idx.add(gt('y', '1'))).toBe(false); // full
    expect(idx.match(capture('ev-1', 'inf-1', '0.9'))).toBe('0');
    expect(idx.match(capture('ev-2', undefined, '0.2'))).toBe('0');
    expect(idx.match(capture('ev-3', 'nope', '0.2'))).toBeUndefined();
    expect(idx.stats).toEqual({ groundTruth: 3, duplicateGroundTruth: 1, matched: 2, unmatched: 1 });
  });

  test('partitioning is deterministic and spreads keys', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[partitionOf(`id-${i}`, 4)]!++;
    expect(partitionOf('abc', 8)).toBe(partitionOf('abc', 8));
    counts.forEach((c) => expect(c).toBeGreaterThan(800));
  });

  test('prediction and probability from the captured output', () => {
    expect(unwrap(predictionFromCapture(capture('e', undefined, '0.83'), { probabilityAttribute: '0' }))).toEqual({ probability: 0.83 });
    expect(unwrap(predictionFromCapture(capture('e', undefined, '1,0.83'), { inferenceAttribute: '0', probabilityAttribute: '1' }))).toEqual({ prediction: '1', probability: 0.83 });
  });
});

describe('constraints and violations', () => {
  function run(seed: number, n: number, accuracy: number): ModelQualityStatistics {
    const r = rng(seed);
    const acc = new ModelQualityAccumulator('BinaryClassification');
    for (let i = 0; i < n; i++) {
      const y = r() < 0.5 ? 1 : 0;
      const right = r() < accuracy;
      const pred = right ? y : 1 - y;
      acc.add({ label: String(y), probability: pred === 1 ? 0.6 + 0.4 * r() : 0.4 * r() });
    }
    return unwrap(acc.result());
  }

  test('suggested constraints: LessThanThreshold for scores, GreaterThanThreshold for error rates', () => {
    const base = run(1, 2000, 0.9);
    const c = suggestModelQualityConstraints(base);
    const t = (c as { binary_classification_constraints: Record<string, { threshold: number; comparison_operator: string }> }).binary_classification_constraints;
    const m = (base as { binary_classification_metrics: { accuracy: { value: number } } }).binary_classification_metrics;
    expect(t.accuracy).toEqual({ threshold: m.accuracy.value, comparison_operator: 'LessThanThreshold' });
    expect(t.false_positive_rate!.comparison_operator).toBe('GreaterThanThreshold');
    expect(Object.keys(t).sort()).toEqual(['accuracy', 'auc', 'f0_5', 'f1', 'f2', 'false_negative_rate', 'false_positive_rate', 'precision', 'recall', 'true_negative_rate', 'true_positive_rate']);
    expect(unwrap(parseModelQualityConstraints(JSON.stringify(c)))).toEqual(c);
    expect(parseModelQualityConstraints('{"regression_constraints":{"mae":{"threshold":1,"comparison_operator":"Bigger"}}}').ok).toBe(false);
  });

  test('same quality: no violation; accuracy drops: violations in SageMaker wording', () => {
    const base = run(1, 2000, 0.9);
    const c = suggestModelQualityConstraints(base, 3);
    expect(checkModelQuality(run(2, 2000, 0.9), c).violations).toEqual([]);
    expect(checkModelQuality(base, suggestModelQualityConstraints(base)).violations).toEqual([]);
    const v = checkModelQuality(run(3, 2000, 0.6), c).violations;
    const acc = v.find((x) => x.metric_name === 'accuracy')!;
    expect(acc.constraint_check_type).toBe('LessThanThreshold');
    expect(acc.description).toMatch(/^Metric accuracy with 0\.\d+ \+\/- 0\.\d+ was LessThanThreshold '0\.8\d+'$/);
    expect(v.find((x) => x.metric_name === 'false_positive_rate')?.constraint_check_type).toBe('GreaterThanThreshold');
  });

  test('regression rmse above threshold (seed 004 style: rmse > 3.87145)', () => {
    const acc = new ModelQualityAccumulator('Regression');
    [[10, 2], [0, 5]].forEach(([y, p]) => acc.add({ label: y!, prediction: p! }));
    // errors 8, -5 → mse 44.5, rmse √44.5 = 6.670832; 2 records: standard_deviation "NaN"
    const live = unwrap(acc.result());
    const v = checkModelQuality(live, { version: 0, regression_constraints: { rmse: { threshold: 3.87145, comparison_operator: 'GreaterThanThreshold' } } }).violations;
    expect(v).toEqual([{ metric_name: 'rmse', constraint_check_type: 'GreaterThanThreshold', description: "Metric rmse with 6.670832 +/- NaN was GreaterThanThreshold '3.87145'" }]);
  });

  test('empty window and unusable records', () => {
    const acc = new ModelQualityAccumulator('MulticlassClassification');
    acc.add({ label: 'a' });
    expect(acc.skipped).toBe(1);
    const reg = new ModelQualityAccumulator('Regression');
    reg.add({ label: '', prediction: 1 }); // blank label is not 0
    reg.add({ label: 'abc', prediction: 1 });
    expect(reg.skipped).toBe(2);
    expect(reg.result().ok).toBe(false);
    expect(acc.result()).toEqual({ ok: false, error: expect.objectContaining({ kind: 'EMPTY_WINDOW' }) });
  });
});
