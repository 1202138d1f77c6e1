// The numbers of SageMaker's CloudWatch feature_data_{feature} metric (Max, Min, Sum,
// SampleCount, Average) come from every real data-quality statistics.json: each numerical
// feature has its max, min, sum, mean and sample_count (num_present) points, and the
// Average is Sum / SampleCount, as CloudWatch computes it.
import { metricSamples } from '../../src/metric-series/extract.js';
import { describeSamples, orNone, readSampleJson, samples } from '../support/samples.js';
import { view } from './fixtures.js';

const STATISTICS = samples(/^data-quality\/.*statistics\.json$/);

interface Feature { name: string; numerical_statistics?: { common: { num_present: number }; mean: number; sum: number; min: number; max: number } }

describeSamples('CloudWatch feature_data numbers of real statistics.json', () => {
  it('finds the files', () => expect(STATISTICS.length).toBeGreaterThan(0));

  it.each(orNone(STATISTICS))('%s: every numerical feature has Max, Min, Sum, SampleCount and Average', (file) => {
    const doc = readSampleJson<{ features: Feature[] }>(file);
    const samplesOf = metricSamples('DATA_QUALITY', view(null), { document: doc, violations: [] });
    const value = (feature: string, metric: string) => samplesOf.find((s) => s.feature === feature && s.metric === metric)?.value;
    const numerical = doc.features.filter((f) => f.numerical_statistics);
    for (const f of numerical) {
      const n = f.numerical_statistics!;
      expect({ feature: f.name, max: value(f.name, 'max'), min: value(f.name, 'min'), sum: value(f.name, 'sum'), sample_count: value(f.name, 'sample_count') })
        .toEqual({ feature: f.name, max: n.max, min: n.min, sum: n.sum, sample_count: n.common.num_present });
      if (n.common.num_present > 0) expect(value(f.name, 'mean')).toBeCloseTo(n.sum / n.common.num_present, 6);
    }
    // String features have no feature_data metric.
    for (const f of doc.features.filter((x) => !x.numerical_statistics)) expect(value(f.name, 'sample_count')).toBeUndefined();
  });
});
