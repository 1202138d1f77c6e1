// importSageMakerSchedules against the local SageMaker server over HTTP: schedules made by raw
// @aws-sdk/client-sagemaker calls, as an SDK script makes them, are adopted through the API,
// and the sync then stores their executions.
import { readFileSync } from 'node:fs';
import {
  CreateDataQualityJobDefinitionCommand, CreateModelBiasJobDefinitionCommand, CreateModelExplainabilityJobDefinitionCommand,
  CreateModelQualityJobDefinitionCommand, CreateMonitoringScheduleCommand, SageMakerClient, StopMonitoringScheduleCommand,
} from '@aws-sdk/client-sagemaker';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import type { Db } from '../../src/db/client.js';
import { clarifyImage, modelMonitorImage } from '../../src/sagemaker/images.js';
import { gql, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { teamRowCounts } from '../support/db.js';
import { TeamClients } from '../../src/sagemaker/clients.js';
import { SageMakerInventory } from '../../src/sagemaker/inventory.js';
import { credentials, ROLE, settingsFor, startSageMakerSetup, type SageMakerSetup } from './support.js';

const HOUR = 3_600_000;
let setup: SageMakerSetup;
let server: LocalSageMaker;
let db: Db;
let env: TestGateway;
let sm: SageMakerClient;
let s3: S3Client;

/** The README's example: the document, sent as it is written there, and the answer it shows. */
function readmeExample(): { document: string; answer: unknown } {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Importing schedules made outside the gateway'));
  const document = /```graphql\n([\s\S]*?)```/.exec(section)?.[1];
  const answer = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (!document || !answer) throw new Error('no GraphQL example and answer under "Importing schedules made outside the gateway" in README.md');
  return { document, answer: JSON.parse(answer) };
}
const README = readmeExample();
const IMPORT = README.document;

beforeAll(async () => {
  setup = await startSageMakerSetup({ buckets: ['reports', 'train', 'gt', 'capture'] });
  ({ server, db, env } = setup);
  sm = new SageMakerClient({ region: 'us-east-1', endpoint: server.endpoint, credentials });
  s3 = new S3Client({ region: 'us-east-1', endpoint: server.s3Endpoint, forcePathStyle: true, credentials });
});
afterAll(async () => {
  sm.destroy();
  s3.destroy();
  await setup.stop();
});

const put = (bucket: string, key: string, body: unknown) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(body) }));

const common = (prefix: string) => ({
  [`${prefix}JobOutputConfig`]: { MonitoringOutputs: [{ S3Output: { S3Uri: `s3://reports/${prefix.toLowerCase()}`, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'Continuous' } }] },
  JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } },
  RoleArn: ROLE,
  StoppingCondition: { MaxRuntimeInSeconds: 1800 },
});
const endpoint = (extra: Record<string, unknown> = {}) => ({ EndpointInput: { EndpointName: 'churn-ep', LocalPath: '/opt/ml/processing/input/endpoint', ...extra } });

/** What an SDK script does for each monitor type: job definitions, then schedules on them; `p` keeps suites' names apart. */
async function sdkScript(p: string): Promise<Record<string, string>> {
  const names = { dq: `${p}-churn-data`, mq: `${p}-churn-quality`, bias: `${p}-churn-bias`, expl: `${p}-churn-shap`, custom: `${p}-custom-image` };
  await put('train', `${p}/baseline/constraints.json`, { version: 0, features: [{ name: 'age', inferred_type: 'Integral', completeness: 1 }] });
  await put('train', `${p}/baseline/statistics.json`, { version: 0, dataset: { item_count: 100 }, features: [] });
  await sm.send(new CreateDataQualityJobDefinitionCommand({
    JobDefinitionName: `${names.dq}-jd`,
    DataQualityBaselineConfig: { ConstraintsResource: { S3Uri: `s3://train/${p}/baseline/constraints.json` }, StatisticsResource: { S3Uri: `s3://train/${p}/baseline/statistics.json` } },
    DataQualityAppSpecification: { ImageUri: modelMonitorImage('us-east-1') },
    DataQualityJobInput: endpoint(),
    ...common('DataQuality'),
  } as never));
  await sm.send(new CreateModelQualityJobDefinitionCommand({
    JobDefinitionName: `${names.mq}-jd`,
    ModelQualityAppSpecification: { ImageUri: modelMonitorImage('us-east-1'), ProblemType: 'BinaryClassification' },
    ModelQualityJobInput: { ...endpoint({ InferenceAttribute: '0', StartTimeOffset: '-P1D', EndTimeOffset: '-PT1H' }), GroundTruthS3Input: { S3Uri: 's3://gt/churn' } },
    ...common('ModelQuality'),
  } as never));
  await put('reports', `${p}/bias/analysis_config.json`, {
    dataset_type: 'text/csv', headers: ['churned', 'age', 'tenure'], label: 'churned', label_values_or_threshold: [1],
    facet: [{ name_or_index: 'age', value_or_threshold: [40] }], probability_threshold: 0.6, methods: { post_training_bias: { methods: 'all' } },
  });
  await sm.send(new CreateModelBiasJobDefinitionCommand({
    JobDefinitionName: `${names.bias}-jd`,
    ModelBiasAppSpecification: { ImageUri: clarifyImage('us-east-1'), ConfigUri: `s3://reports/${p}/bias/analysis_config.json` },
    ModelBiasJobInput: { ...endpoint({ ProbabilityThresholdAttribute: 0.6 }), GroundTruthS3Input: { S3Uri: 's3://gt/churn' } },
    ...common('ModelBias'),
  } as never));
  await put('reports', `${p}/shap/analysis_config.json`, {
    dataset_type: 'text/csv', headers: ['age', 'tenure'], methods: { shap: { baseline: 's3://train/shap-baseline.csv', num_samples: 50, agg_method: 'median', use_logit: false } },
    predictor: { model_name: 'churn-model', instance_type: 'ml.m5.large', initial_instance_count: 1, content_type: 'text/csv' },
  });
  await sm.send(new CreateModelExplainabilityJobDefinitionCommand({
    JobDefinitionName: `${names.expl}-jd`,
    ModelExplainabilityAppSpecification: { ImageUri: clarifyImage('us-east-1'), ConfigUri: `s3://reports/${p}/shap/analysis_config.json` },
    ModelExplainabilityJobInput: endpoint(),
    ...common('ModelExplainability'),
  } as never));
  // Cannot be represented: the gateway's monitors run the region's Model Monitor analyzer.
  await sm.send(new CreateDataQualityJobDefinitionCommand({
    JobDefinitionName: `${names.custom}-jd`,
    DataQualityAppSpecification: { ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-own-monitor:latest' },
    DataQualityJobInput: endpoint(),
    ...common('DataQuality'),
  } as never));
  const schedule = (name: string, type: string, ScheduleConfig: Record<string, string>) => sm.send(new CreateMonitoringScheduleCommand({
    MonitoringScheduleName: name,
    MonitoringScheduleConfig: { ScheduleConfig: ScheduleConfig as never, MonitoringJobDefinitionName: `${name}-jd`, MonitoringType: type as never },
  }));
  await schedule(names.dq, 'DataQuality', { ScheduleExpression: 'cron(0 * ? * * *)' });
  await schedule(names.mq, 'ModelQuality', { ScheduleExpression: 'cron(0 4 ? * * *)' });
  await schedule(names.bias, 'ModelBias', { ScheduleExpression: 'cron(0 0/6 ? * * *)' });
  await schedule(names.expl, 'ModelExplainability', { ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT3H', DataAnalysisEndTime: '-PT1H' });
  await schedule(names.custom, 'DataQuality', { ScheduleExpression: 'cron(0 * ? * * *)' });
  await server.advance(2_000); // activated: Scheduled
  await sm.send(new StopMonitoringScheduleCommand({ MonitoringScheduleName: names.mq }));
  return names;
}

const importFor = async (team: TeamFixture, dryRun: boolean, teamId = team.id) => gql(env.url, team.adminKey, IMPORT, { teamId, dryRun });

describe('importSageMakerSchedules (local server over HTTP)', () => {
  let team: TeamFixture;
  let names: Record<string, string>;
  beforeAll(async () => {
    team = await setup.team();
    names = await sdkScript('imp');
  });

  it('dry run: reports what it would adopt and skip, writes nothing', async () => {
    const before = await teamRowCounts(db, team.id);
    const r = await importFor(team, true);
    expect(r.errors).toBeUndefined();
    const report = r.data!['importSageMakerSchedules'];
    expect(report.dryRun).toBe(true);
    expect(report.adopted.map((a: any) => [a.name, a.type, a.status, a.monitor, a.schedule, a.baseline])).toEqual([
      [names['bias'], 'MODEL_BIAS', 'SCHEDULED', null, null, null],
      [names['dq'], 'DATA_QUALITY', 'SCHEDULED', null, null, null],
      [names['mq'], 'MODEL_QUALITY', 'STOPPED', null, null, null],
      [names['expl'], 'MODEL_EXPLAINABILITY', 'SCHEDULED', null, null, null],
    ]);
    expect(report.skipped.map((s: any) => [s.name, s.reason])).toEqual([[names['custom'], 'CUSTOM_IMAGE']]);
    expect(report).toEqual(README.answer);
    expect(await teamRowCounts(db, team.id)).toEqual(before);
  });

  it('adopts the four under their SageMaker names, skips the bad one, audits each row; a second run adopts nothing', async () => {
    const report = (await importFor(team, false)).data!['importSageMakerSchedules'];
    expect(report.dryRun).toBe(false);
    expect(report.skipped).toEqual([{ name: names['custom'], reason: 'CUSTOM_IMAGE', message: expect.stringContaining('my-own-monitor') }]);
    const byName = Object.fromEntries(report.adopted.map((a: any) => [a.name, a]));
    expect(Object.keys(byName).sort()).toEqual([names['dq'], names['mq'], names['bias'], names['expl']].sort());
    for (const a of report.adopted) {
      expect(a.monitor.name).toBe(a.name);
      expect(a.schedule.backendName).toBe(a.name);
      expect(a.jobDefinitionName).toBe(`${a.name}-jd`);
    }
    expect(byName[names['dq']!].baseline.status).toBe('COMPLETED');
    expect(byName[names['expl']!].expression).toBe('NOW');
    expect(byName[names['bias']!].expression).toBe('cron(0 0/6 ? * * *)');

    // Audited: a monitor and a schedule per adoption, and the one baseline.
    const events = await db.auditEvent.findMany({ where: { teamId: team.id, action: 'sagemaker.import' } });
    expect(events.map((e) => e.targetType).sort()).toEqual(['Baseline', ...Array(4).fill('Monitor'), ...Array(4).fill('Schedule')]);

    // Readable through the API with the original names and the job definition's settings.
    const dq = byName[names['dq']!];
    const read = (await gql(env.url, team.adminKey, `query($m: ID!, $s: ID!) {
      monitor(id: $m) { name type backend endpointInput { endpointName } outputS3Uri maxRuntimeInSeconds baselines { edges { node { version status constraints } } } }
      schedule(id: $s) { name expression status monitor { id } } }`, { m: dq.monitor.id, s: dq.schedule.id })).data!;
    expect(read['monitor']).toMatchObject({
      name: names['dq'], type: 'DATA_QUALITY', backend: 'SAGEMAKER', endpointInput: { endpointName: 'churn-ep' }, outputS3Uri: 's3://reports/dataquality', maxRuntimeInSeconds: 1800,
    });
    expect(read['monitor'].baselines.edges[0].node).toMatchObject({ version: 1, status: 'COMPLETED', constraints: { features: [{ name: 'age', inferred_type: 'Integral' }] } });
    expect(read['schedule']).toEqual({ name: names['dq'], expression: 'cron(0 * ? * * *)', status: 'SCHEDULED', monitor: { id: dq.monitor.id } });
    const bias = await db.monitor.findUniqueOrThrow({ where: { id: byName[names['bias']!].monitor.id } });
    expect(bias.config).toMatchObject({ groundTruthS3Uri: 's3://gt/churn', bias: { labelName: 'churned', facetName: 'age', facetValuesOrThreshold: ['40'], labelValuesOrThreshold: ['1'], probabilityThreshold: 0.6 } });
    const shap = await db.monitor.findUniqueOrThrow({ where: { id: byName[names['expl']!].monitor.id } });
    expect(shap.config).toMatchObject({ explainability: { headers: ['age', 'tenure'], numSamples: 50, aggMethod: 'median', shapBaselineUri: 's3://train/shap-baseline.csv' }, predictor: { modelName: 'churn-model' } });
    const mq = await db.schedule.findUniqueOrThrow({ where: { id: byName[names['mq']!].schedule.id } });
    expect(mq).toMatchObject({ status: 'STOPPED', backendName: names['mq'], backendRef: `${names['mq']}-jd` });

    const again = (await importFor(team, false)).data!['importSageMakerSchedules'];
    expect(again.adopted).toEqual([]);
    expect(again.skipped.map((s: any) => [s.name, s.reason]).sort()).toEqual([
      [names['bias'], 'ALREADY_ADOPTED'], [names['dq'], 'ALREADY_ADOPTED'], [names['expl'], 'ALREADY_ADOPTED'], [names['mq'], 'ALREADY_ADOPTED'], [names['custom'], 'CUSTOM_IMAGE'],
    ].sort());
    expect(await db.auditEvent.count({ where: { teamId: team.id, action: 'sagemaker.import' } })).toBe(9);

    // Reconcile finds the adopted schedules as they are in SageMaker.
    const drift = (await gql(env.url, team.adminKey, 'mutation { reconcileSchedules { checked drifts { kind schedule { name } } } }')).data!;
    expect(drift['reconcileSchedules']).toEqual({ checked: 4, drifts: [] });
  });

  it('lists every schedule across ListMonitoringSchedules pages', async () => {
    const inventory = new SageMakerInventory(new TeamClients({ credentials }).transport(settingsFor(server)), 'us-east-1', 2);
    const sent = server.requests.length;
    const listed = (await inventory.list()).map((f) => f.name);
    expect(listed).toEqual([...Object.values(names)].sort());
    const pages = server.requests.slice(sent).filter((r) => r.operation === 'ListMonitoringSchedules');
    expect(pages.map((r) => (r.input as { NextToken?: string }).NextToken !== undefined)).toEqual([false, true, true]);
  });

  it("the sync stores an adopted schedule's executions", async () => {
    const schedule = await db.schedule.findFirstOrThrow({ where: { teamId: team.id, backendName: names['dq'] } });
    server.fixtures.setDefaultOutcome(names['dq']!, { status: 'CompletedWithViolations', violations: [{ feature_name: 'age', constraint_check_type: 'baseline_drift_check', description: 'drifted' }] });
    await server.advance(2 * HOUR);
    // The dispatch cycle claims every running schedule; this is its poll of this one.
    const { written } = await env.gateway.services.executions.syncSchedule(team.id, schedule.id);
    expect(written.length).toBeGreaterThanOrEqual(1);
    const listed = (await gql(env.url, team.adminKey, 'query($s: ID) { executions(filter: { scheduleId: $s }) { edges { node { status violations { featureName } } } } }', { s: schedule.id })).data!;
    const done = listed['executions'].edges.map((e: any) => e.node).filter((n: any) => n.status === 'COMPLETED_WITH_VIOLATIONS');
    expect(done[0].violations).toEqual([{ featureName: 'age' }]);
  });

  it("another team's id and garbage are NOT_FOUND; a team without AWS settings is refused as any SageMaker call is", async () => {
    const other = await seed(env).createTeam({ defaultBackend: 'SAGEMAKER' });
    for (const id of [other.id, 'not-an-id']) {
      const r = await importFor(team, true, id);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'teamId' });
    }
    const before = await teamRowCounts(db, other.id);
    const r = await importFor(other, false);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'awsSettings.region' });
    expect(await teamRowCounts(db, other.id)).toEqual(before);
    const editor = await team.createKey('EDITOR');
    const refused = await gql(env.url, editor.secret, IMPORT, { teamId: team.id, dryRun: true });
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
