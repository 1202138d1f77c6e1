// CDDL and CDDPL (smclarify's common.CDD) over the configured group variable, against
// smclarify's own test values, and as Clarify writes them without a group variable.
import { BiasAccumulator, NO_GROUP_VARIABLE, type BiasAnalysis, type BiasObservation } from '../src/index.js';
import { unwrap } from './helpers.js';

describe('Conditional Demographic Disparity (CDDL, CDDPL) over the group variable', () => {
  const metricOf = (a: BiasAnalysis, section: 'pre_training_bias_metrics' | 'post_training_bias_metrics', name: string, facet = 'x') =>
    a[section]!.facets[facet]![0]!.metrics.find((m) => m.name === name);

  // smclarify's own test values: tests/unit/bias/metrics/test_metrics.py, test_CDD (24 rows, facet F/M,
  // its positive_label_index and group_variable; one facet value against the rest: F 0.3982142857, M −0.3982142857).
  const x = 'M M M F F F F M M M M F M M F M F F M M F M M F'.split(' ');
  const positive = [0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0];
  const groupVariable = [1, 0, 2, 2, 1, 1, 2, 1, 1, 2, 0, 1, 2, 0, 1, 1, 1, 2, 0, 1, 0, 0, 1, 1];
  /** The rows with `positive` as the observed label, and as the predicted one when `asPredicted` (else all predicted 1). */
  const smclarify = (facetValue: string, asPredicted: boolean, withGroup = true) => {
    const acc = new BiasAccumulator({ facetName: 'x', facet: { values: [facetValue] }, labelName: 'y', label: { values: [1] }, ...(withGroup ? { groupName: 'g' } : {}) });
    x.forEach((f, i) => acc.add({ facet: f, label: positive[i]!, predictedLabel: asPredicted ? positive[i]! : 1, group: groupVariable[i]! }));
    return unwrap(acc.result({ preTraining: true }));
  };

  test('CDDL: smclarify\'s test_CDD values, F 0.3982142857 and M −0.3982142857', () => {
    expect(metricOf(smclarify('F', false), 'pre_training_bias_metrics', 'CDDL')!.value).toBeCloseTo(0.3982142857, 10);
    expect(metricOf(smclarify('M', false), 'pre_training_bias_metrics', 'CDDL')!.value).toBeCloseTo(-0.3982142857, 10);
    expect(metricOf(smclarify('F', false), 'pre_training_bias_metrics', 'CDDL')).toEqual({ name: 'CDDL', description: 'Conditional Demographic Disparity in Labels (CDDL)', value: expect.any(Number) });
  });

  test('CDDPL is the same disparity over the predicted labels (smclarify passes them to the same CDD)', () => {
    expect(metricOf(smclarify('F', true), 'post_training_bias_metrics', 'CDDPL')!.value).toBeCloseTo(0.3982142857, 10);
    expect(metricOf(smclarify('M', true), 'post_training_bias_metrics', 'CDDPL')!.value).toBeCloseTo(-0.3982142857, 10);
  });

  test('every prediction positive: CDDPL is Clarify\'s "No negative labels in set"; all labels negative: CDDL "No positive labels in set"', () => {
    expect(metricOf(smclarify('F', false), 'post_training_bias_metrics', 'CDDPL')).toEqual({
      name: 'CDDPL', description: 'Conditional Demographic Disparity in Predicted Labels (CDDPL)', value: null, error: 'No negative labels in set',
    });
    const acc = new BiasAccumulator({ facetName: 'x', facet: { values: ['F'] }, labelName: 'y', label: { values: [1] }, groupName: 'g' });
    ['F', 'M'].forEach((f) => acc.add({ facet: f, label: 0, predictedLabel: 0, group: 'a' }));
    expect(metricOf(unwrap(acc.result({ preTraining: true })), 'pre_training_bias_metrics', 'CDDL')).toMatchObject({ value: null, error: 'No positive labels in set' });
  });

  test('without a group variable both are Clarify\'s error, as before', () => {
    const a = smclarify('F', true, false);
    expect(metricOf(a, 'pre_training_bias_metrics', 'CDDL')).toEqual({ name: 'CDDL', description: 'Conditional Demographic Disparity in Labels (CDDL)', value: null, error: NO_GROUP_VARIABLE });
    expect(metricOf(a, 'post_training_bias_metrics', 'CDDPL')).toEqual({ name: 'CDDPL', description: 'Conditional Demographic Disparity in Predicted Labels (CDDPL)', value: null, error: NO_GROUP_VARIABLE });
  });

  test('numeric group values are one group however written; a missing group value is in no group', () => {
    const acc = new BiasAccumulator({ facetName: 'x', facet: { values: ['F'] }, labelName: 'y', label: { values: [1] }, groupName: 'g' });
    // group u: F+, M+, F− → A = 1/2, D = 1/1, DD = 0.5 (n 3); group 1: M+, F− → A = 0, D = 1, DD = 1 (n 2);
    // F+ without a group counts in no group: CDDL = (3·0.5 + 2·1) / 5 = 0.7
    // (0.5 if "1.0" were a group of its own, 5/12 if the missing value were one).
    const rows: Array<[string, number, BiasObservation['group']]> = [['F', 1, 'u'], ['M', 1, 'u'], ['F', 0, 'u'], ['M', 1, 1], ['F', 0, ' 1.0 '], ['F', 1, null]];
    rows.forEach(([facet, label, group]) => acc.add({ facet, label, predictedLabel: label, group }));
    const a = unwrap(acc.result({ preTraining: true }));
    expect(metricOf(a, 'pre_training_bias_metrics', 'CDDL')!.value).toBeCloseTo(0.7, 12);
    expect(metricOf(a, 'post_training_bias_metrics', 'CDDPL')!.value).toBeCloseTo(0.7, 12);
  });

  test('merged parts, and records in another order, give exactly the whole\'s values', () => {
    const rows = x.map((f, i) => ({ facet: f, label: positive[i]!, predictedLabel: (i * 5) % 3 ? 1 : 0, group: groupVariable[i]! }));
    const make = () => new BiasAccumulator({ facetName: 'x', facet: { values: ['F'] }, labelName: 'y', label: { values: [1] }, groupName: 'g' });
    const whole = make();
    rows.forEach((r) => whole.add(r));
    const [p1, p2, reversed] = [make(), make(), make()];
    rows.slice(0, 9).forEach((r) => p1.add(r));
    rows.slice(9).forEach((r) => p2.add(r));
    [...rows].reverse().forEach((r) => reversed.add(r));
    const expected = unwrap(whole.result({ preTraining: true }));
    expect(unwrap(p1.merge(p2).result({ preTraining: true }))).toEqual(expected);
    expect(unwrap(reversed.result({ preTraining: true }))).toEqual(expected);
  });
});
