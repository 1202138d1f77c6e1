// A monitor's files in S3 (baselines, Clarify's analysis configurations) are scoped by team:
// two teams sharing an output prefix and a monitor name do not overwrite each other's files.
// A monitor whose job definition names files at the older, unscoped place keeps working.
import {
  CreateDataQualityJobDefinitionCommand, CreateMonitoringScheduleCommand, DescribeDataQualityJobDefinitionCommand,
  DescribeMonitoringScheduleCommand, SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import type { BackendMonitor } from '../../src/backends/types.js';
import type { SageMakerBackend } from '../../src/sagemaker/backend.js';
import { teamScopedName } from '../../src/sagemaker/naming.js';
import { credentials, localSageMaker, monitorOf, received, ROLE, scheduleOf } from './support.js';

let server: LocalSageMaker;
let backend: SageMakerBackend;
beforeEach(async () => {
  ({ server, backend } = await localSageMaker());
});
afterEach(() => server.close());

type Obj = Record<string, any>;
const withBaseline = (m: BackendMonitor, teamId: string, constraints: unknown): BackendMonitor =>
  ({ ...m, teamId, baseline: { id: `b-${teamId}`, version: 1, statistics: { dataset: { item_count: 1 } }, constraints } });
const json = (uri: string) => JSON.parse(server.s3.getText(uri)!) as unknown;

it('two teams, one output prefix, one monitor name: each job definition names its own team\'s baseline and analysis configuration', async () => {
  const a = withBaseline(monitorOf('MODEL_BIAS', {}, 'churn'), 'team-a', { owner: 'a' });
  const b = withBaseline(monitorOf('MODEL_BIAS', { bias: { facetName: 'tenure', facetValuesOrThreshold: ['5'], labelValuesOrThreshold: ['1'] } }, 'churn'), 'team-b', { owner: 'b' });
  await backend.createSchedule(a, scheduleOf(teamScopedName('team-a', 'nightly')));
  await backend.createSchedule(b, scheduleOf(teamScopedName('team-b', 'nightly')));
  const [jdA, jdB] = received(server, 'CreateModelBiasJobDefinition') as Obj[];
  const constraintsA = jdA!['ModelBiasBaselineConfig']['ConstraintsResource']['S3Uri'];
  const constraintsB = jdB!['ModelBiasBaselineConfig']['ConstraintsResource']['S3Uri'];
  expect(constraintsA).not.toBe(constraintsB);
  expect([json(constraintsA), json(constraintsB)]).toEqual([{ owner: 'a' }, { owner: 'b' }]);
  const facet = (jd: Obj) => (json(jd['ModelBiasAppSpecification']['ConfigUri']) as Obj)['facet'][0]['name_or_index'];
  expect([facet(jdA!), facet(jdB!)]).toEqual(['age', 'tenure']);
});

it('two teams\' baselining jobs of the same monitor name and version write to different folders', async () => {
  const request = { baselineId: '6f1c2a9e-0000-4000-8000-000000000001', version: 1, datasetUri: 's3://train/data.csv', datasetFormat: { csvHeader: true }, columnNames: null };
  await backend.suggestBaseline({ ...monitorOf('MODEL_EXPLAINABILITY', {}, 'churn'), teamId: 'team-a' }, request);
  await backend.suggestBaseline({ ...monitorOf('MODEL_EXPLAINABILITY', {}, 'churn'), teamId: 'team-b' }, { ...request, baselineId: '0b7d4e21-0000-4000-8000-000000000002' });
  const outputs = (received(server, 'CreateProcessingJob') as Obj[]).map((j) => j['ProcessingOutputConfig']['Outputs'][0]['S3Output']['S3Uri'] as string);
  expect(new Set(outputs).size).toBe(2);
  for (const out of outputs) expect(server.s3.getText(`${out}/analysis_config.json`)).toBeDefined();
});

it('a monitor whose job definition names baseline files at the unscoped place: its next definition writes and names a consistent baseline, the old files untouched', async () => {
  // What the gateway made before the files were scoped by team: <output>/gateway/<monitor name>/baselines/v1.
  const oldDir = 's3://reports/churn/gateway/legacy/baselines/v1';
  server.s3.put('reports', 'churn/gateway/legacy/baselines/v1/constraints.json', JSON.stringify({ version: 'old' }));
  server.s3.put('reports', 'churn/gateway/legacy/baselines/v1/statistics.json', JSON.stringify({ dataset: { item_count: 1 } }));
  const sm = new SageMakerClient({ region: 'us-east-1', endpoint: server.endpoint, credentials });
  await sm.send(new CreateDataQualityJobDefinitionCommand({
    JobDefinitionName: 'legacy-0a1b2c3d',
    DataQualityBaselineConfig: { ConstraintsResource: { S3Uri: `${oldDir}/constraints.json` }, StatisticsResource: { S3Uri: `${oldDir}/statistics.json` } },
    DataQualityAppSpecification: { ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer' },
    DataQualityJobInput: { EndpointInput: { EndpointName: 'churn-ep', LocalPath: '/opt/ml/processing/input/endpoint' } },
    DataQualityJobOutputConfig: { MonitoringOutputs: [{ S3Output: { S3Uri: 's3://reports/churn', LocalPath: '/opt/ml/processing/output' } }] },
    JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } },
    RoleArn: ROLE,
  }));
  await sm.send(new CreateMonitoringScheduleCommand({
    MonitoringScheduleName: 'legacy',
    MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringJobDefinitionName: 'legacy-0a1b2c3d', MonitoringType: 'DataQuality' },
  }));
  const schedule = scheduleOf('legacy', {}, 'legacy-0a1b2c3d');
  const m = withBaseline(monitorOf('DATA_QUALITY', { maxRuntimeInSeconds: 1200 }, 'legacy'), 'team-a', { version: 'stored' });

  const { backendRef } = await backend.updateDefinition(m, schedule);
  const described = await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'legacy' }));
  expect(described.MonitoringScheduleConfig?.MonitoringJobDefinitionName).toBe(backendRef);
  const jd = await sm.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: backendRef }));
  const baseline = jd.DataQualityBaselineConfig!;
  expect(json(baseline.ConstraintsResource!.S3Uri!)).toEqual({ version: 'stored' });
  expect(json(baseline.StatisticsResource!.S3Uri!)).toEqual({ dataset: { item_count: 1 } });
  expect(json(`${oldDir}/constraints.json`)).toEqual({ version: 'old' });
});
