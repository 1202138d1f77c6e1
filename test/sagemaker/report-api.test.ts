// Execution.report on the SageMaker backend: the gateway's SageMakerBackend against the local
// SageMaker server, the runs' report files (real SageMaker and Clarify files) in its S3, read
// through the API and compared with the S3 objects as the AWS SDK reads them.
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { teamScopedName } from '../../src/sagemaker/naming.js';
import type { TeamFixture } from '../support/seed.js';
import { describeSamples, readSample } from '../support/samples.js';
import { credentials, startSageMakerSetup, type SageMakerSetup } from './support.js';

const HOUR = 3_600_000;
let setup: SageMakerSetup;
let s3: S3Client;
beforeAll(async () => {
  setup = await startSageMakerSetup();
  s3 = new S3Client({ region: 'us-east-1', endpoint: setup.server.s3Endpoint, credentials, forcePathStyle: true, maxAttempts: 1 });
});
afterAll(async () => {
  s3?.destroy();
  await setup?.stop();
});

/** An S3 object parsed, as the SDK reads it; null when there is no such object. */
async function s3Json(uri: string): Promise<unknown> {
  const [, Bucket, Key] = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri)!;
  try {
    return JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString());
  } catch (err) {
    if (err instanceof NoSuchKey) return null;
    throw err;
  }
}

/** Completes the monitor's baseline job with `outputs`, then runs its hourly schedule writing `files`; the finished execution. */
async function finishedRun(team: TeamFixture, monitorId: string, name: string, outputs: Record<string, unknown>, files: Record<string, string>) {
  const { env, server } = setup;
  const b = (await team.call('mutation($i: RequestBaselineInput!) { requestBaseline(input: $i) { id } }', {
    i: { monitorId, datasetUri: 's3://train/churn.csv', datasetFormat: { csvHeader: true } },
  }))['requestBaseline'];
  server.fixtures.setProcessingJobOutcome(server.state.processingJobs().at(-1)!.name, { status: 'Completed', outputs });
  await server.advance(HOUR);
  expect(await env.gateway.services.baselines.sync(team.id, b.id)).toMatchObject({ status: 'COMPLETED' });
  const s = await team.createSchedule(monitorId, { kind: 'HOURLY' }, `${name}-hourly`);
  server.fixtures.setDefaultOutcome(teamScopedName(team.id, s.name), { status: 'CompletedWithViolations', files });
  await server.advance(2 * HOUR);
  await env.gateway.services.executions.syncSchedule(team.id, s.id);
  const row = await setup.db.execution.findFirstOrThrow({ where: { scheduleId: s.id, status: 'COMPLETED_WITH_VIOLATIONS' }, orderBy: { scheduledTime: 'asc' } });
  expect(row.reportUri).toMatch(/^s3:\/\/reports\//);
  return { id: row.id, dir: row.reportUri!.replace(/\/+$/, '') };
}

const REPORT = `query($id: ID!) { execution(id: $id) {
  violations { featureName metricName checkType }
  report { uri statistics constraints violations analysis } } }`;

describeSamples('Execution.report on SAGEMAKER (local SageMaker server, real report files)', () => {
  it('DATA_QUALITY: statistics.json and constraint_violations.json from S3, as the objects are; no constraints or analysis', async () => {
    const team = await setup.team();
    const m = await team.createMonitor('DATA_QUALITY', { name: 'dq-report' });
    const statistics = readSample('data-quality', 'sdk-monitor.statistics.json');
    const violations = readSample('data-quality', 'sdk-monitor.constraint_violations.json');
    const run = await finishedRun(team, m.id, m.name, {
      'statistics.json': JSON.parse(readSample('data-quality', 'sdk-pipeline.statistics.json')), 'constraints.json': JSON.parse(readSample('data-quality', 'sdk-monitor.constraints.json')),
    }, { 'statistics.json': statistics, 'constraint_violations.json': violations });

    const d = (await team.call(REPORT, { id: run.id }))['execution'];
    const onS3 = { statistics: await s3Json(`${run.dir}/statistics.json`), violations: await s3Json(`${run.dir}/constraint_violations.json`) };
    expect(onS3).toEqual({ statistics: JSON.parse(statistics), violations: JSON.parse(violations) }); // the run wrote the real files
    expect(await s3Json(`${run.dir}/constraints.json`)).toBeNull();
    expect(d.report).toEqual({ uri: expect.stringMatching(new RegExp(`^${run.dir}/?$`)), ...onS3, constraints: null, analysis: null });
    const fileViolations = (onS3.violations as { violations: Array<{ feature_name: string; constraint_check_type: string }> }).violations;
    expect(d.violations.map((v: { featureName: string; checkType: string }) => `${v.featureName}:${v.checkType}`).sort())
      .toEqual(fileViolations.map((v) => `${v.feature_name}:${v.constraint_check_type}`).sort());
  });

  it('MODEL_BIAS: Clarify\'s analysis.json and constraint_violations.json from S3, as the objects are; violations named "<facet>/<value>"', async () => {
    const team = await setup.team();
    const m = await team.createMonitor('MODEL_BIAS', { name: 'bias-report', bias: { facetName: 'Sex', facetValuesOrThreshold: ['0'], labelValuesOrThreshold: ['1'] } });
    const analysis = readSample('bias-drift', 'examples-fraud-detection.bias_1.analysis.json');
    const violations = readSample('bias-drift', 'examples-bias-monitor-endpoint-json.constraint_violations.json');
    const run = await finishedRun(team, m.id, m.name, { 'analysis.json': JSON.parse(readSample('bias-drift', 'examples-bias-monitor-endpoint-json.baseline.analysis.json')) },
      { 'analysis.json': analysis, 'constraint_violations.json': violations });

    const d = (await team.call(REPORT, { id: run.id }))['execution'];
    const onS3 = { analysis: await s3Json(`${run.dir}/analysis.json`), violations: await s3Json(`${run.dir}/constraint_violations.json`) };
    expect(onS3).toEqual({ analysis: JSON.parse(analysis), violations: JSON.parse(violations) });
    expect(d.report).toEqual({ uri: expect.stringMatching(new RegExp(`^${run.dir}/?$`)), ...onS3, statistics: null, constraints: null });
    const fileViolations = (onS3.violations as { violations: Array<{ facet: string; facet_value: string; metric_name: string }> }).violations;
    expect(d.violations.map((v: { featureName: string; metricName: string }) => `${v.featureName}:${v.metricName}`).sort())
      .toEqual(fileViolations.map((v) => `${v.facet}/${v.facet_value}:${v.metric_name}`).sort());
  });
});
