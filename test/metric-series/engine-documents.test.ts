// The built-in engine writes its own documents in SageMaker's formats: the
// extractors read them, and agree with the engine's own checks on thresholds.
import {
  AttributionAccumulator,
  BiasAccumulator,
  checkAttributionDrift,
  checkBiasDrift,
  checkModelQuality,
  ModelQualityAccumulator,
  suggestModelQualityConstraints,
} from '@mmg/engine';
import { metricSamples, metricThreshold } from '../../src/metric-series/extract.js';
import type { MetricSample } from '../../src/metric-series/model.js';
import { view } from './fixtures.js';

const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const find = (samples: MetricSample[], feature: string, metric: string) => samples.find((s) => s.feature === feature && s.metric === metric);

it('MODEL_QUALITY: a violated metric is on the wrong side of its stored threshold', () => {
  const mq = (correctEvery: number) => {
    const acc = new ModelQualityAccumulator('BinaryClassification');
    for (let i = 0; i < 400; i++) acc.add({ label: i % 2, prediction: i % correctEvery === 0 ? 1 - (i % 2) : i % 2, probability: (i % 2) * 0.8 + 0.1 });
    return value(acc.result());
  };
  const baseline = mq(20);
  const live = mq(3);
  const constraints = suggestModelQualityConstraints(baseline);
  const violated = checkModelQuality(live, constraints).violations.map((v) => v.metric_name);
  expect(violated).toContain('accuracy');
  const samples = metricSamples('MODEL_QUALITY', view({ constraints: json(constraints) }), { document: json(live), violations: [] });
  const accuracy = find(samples, '', 'accuracy');
  expect(accuracy?.threshold).toBeCloseTo(0.95, 10);
  expect(accuracy!.value).toBeLessThan(accuracy!.threshold!);
});

it('MODEL_BIAS: the engine\'s analysis, its baseline analysis as constraints; each violated metric is beyond its stored threshold', () => {
  const analysis = (favour: number) => {
    const acc = new BiasAccumulator({ facetName: 'age', facet: { threshold: 40 }, labelName: 'label', label: { values: [1] } });
    for (let i = 0; i < 600; i++) {
      const older = i % 2 === 0;
      acc.add({ facet: older ? 55 : 25, label: i % 3 === 0 ? 1 : 0, predictedLabel: older ? (i % favour === 0 ? 1 : 0) : (i % 3 === 0 ? 1 : 0) });
    }
    return value(acc.result());
  };
  const baseline = analysis(3);
  const live = analysis(2);
  const constraints = baseline;
  const violations = checkBiasDrift(live, constraints).violations;
  expect(violations.length).toBeGreaterThan(0);
  const monitor = view({ constraints: json(constraints) });
  const samples = metricSamples('MODEL_BIAS', monitor, { document: json(live), violations: [] });
  expect(samples.length).toBeGreaterThan(5);
  for (const v of violations) {
    const s = find(samples, `${v.facet}/${v.facet_value}`, v.metric_name);
    if (!s) {
      expect(v.description).toMatch(/^Metric value -?Infinity /); // not a number a series can hold
      continue;
    }
    const t = metricThreshold('MODEL_BIAS', monitor, `${v.facet}/${v.facet_value}`, v.metric_name, s?.value);
    expect(s?.threshold).toBe(t?.value);
    const breached = t?.breachedWhen === 'ABOVE' ? s.value > t.value : s.value < t!.value;
    expect({ metric: v.metric_name, breached }).toEqual({ metric: v.metric_name, breached: true });
  }
});

it('MODEL_EXPLAINABILITY: the engine\'s analysis; its NDCG against the baseline\'s ranking', () => {
  const attributions = (order: string[]) => {
    const acc = new AttributionAccumulator();
    for (let i = 0; i < 50; i++) acc.add({ attributions: Object.fromEntries(order.map((f, k) => [f, (order.length - k) * (i % 2 ? 1 : -1)])) });
    return value(acc.result());
  };
  const baseline = attributions(['age', 'tenure', 'plan', 'region']);
  const live = attributions(['region', 'plan', 'tenure', 'age']);
  const { ndcg } = checkAttributionDrift(live, baseline);
  const samples = metricSamples('MODEL_EXPLAINABILITY', view({ constraints: json(baseline) }), { document: json(live), violations: [] });
  expect(find(samples, 'region', 'global_shap')?.value).toBe(4);
  expect(find(samples, '', 'ndcg')).toEqual({ feature: '', metric: 'ndcg', value: ndcg['label0'], threshold: 0.9 });
  expect(metricSamples('MODEL_EXPLAINABILITY', view({ constraints: json(baseline) }), { document: json({ ...live, ndcg: { label0: 0.5 } }), violations: [] }).find((x) => x.metric === 'ndcg')?.value).toBe(0.5);
  expect(ndcg['label0']).toBeLessThan(0.9);
});
