// The SageMaker backend's report document per monitor type, against the local
// SageMaker server: Clarify monitors (bias, explainability) write analysis.json,
// the others statistics.json; the metrics come from that document.
import { parseS3Uri, type LocalSageMaker } from '@mmg/local-sagemaker';
import type { SageMakerBackend } from '../../src/sagemaker/backend.js';
import type { MonitorType } from '../../src/kernel/monitor-config.js';
import { metricSamples } from '../../src/metric-series/extract.js';
import { localSageMaker, monitorOf, scheduleOf } from '../sagemaker/support.js';
import { BIAS_ANALYSIS, EXPLAINABILITY_ANALYSIS, MQ_STATISTICS } from './fixtures.js';

let server: LocalSageMaker;
let backend: SageMakerBackend;
beforeEach(async () => {
  ({ server, backend } = await localSageMaker());
});
afterEach(() => server.close());

/** Runs one execution of a new schedule and returns it with its report directory. */
async function oneExecution(type: MonitorType, name: string) {
  const m = monitorOf(type);
  const { backendRef } = await backend.createSchedule(m, scheduleOf(name));
  server.fixtures.setNextOutcome(name, { status: 'Completed', violations: [], statistics: MQ_STATISTICS });
  await server.advance(2 * 3_600_000);
  const [execution] = (await backend.listExecutions(m, scheduleOf(name, {}, backendRef), {})).executions;
  if (!execution) throw new Error('no execution');
  const first = await backend.readReport(m, execution);
  return { m, execution, dir: first.reportUri as string, first };
}

const put = (uri: string, doc: unknown) => {
  const { bucket, key } = parseS3Uri(uri);
  server.s3.put(bucket, key, JSON.stringify(doc), 'application/json');
};

it.each([
  ['MODEL_BIAS', BIAS_ANALYSIS, 'DPPL'],
  ['MODEL_EXPLAINABILITY', EXPLAINABILITY_ANALYSIS, 'global_shap'],
] as const)('%s: the report document is analysis.json (statistics.json is not read)', async (type, analysis, metric) => {
  const { m, execution, dir, first } = await oneExecution(type, type.toLowerCase().replace(/_/g, '-'));
  expect(first.statistics).toBeNull(); // only statistics.json was written so far
  put(`${dir}/analysis.json`, analysis);
  const report = await backend.readReport(m, execution);
  expect(report.statistics).toEqual(analysis);
  const samples = metricSamples(type, m, { document: report.statistics, violations: report.violations });
  expect(samples.some((s) => s.metric === metric)).toBe(true);
});

it('MODEL_QUALITY: the report document is statistics.json', async () => {
  const { m, first } = await oneExecution('MODEL_QUALITY', 'mq');
  expect(first.statistics).toEqual(MQ_STATISTICS);
  expect(metricSamples('MODEL_QUALITY', m, { document: first.statistics, violations: [] }).map((s) => s.metric)).toContain('accuracy');
});
