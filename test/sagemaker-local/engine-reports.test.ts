// Reports computed by the built-in engine (`--reports engine`, the standalone default): a schedule
// made with plain @aws-sdk/client-sagemaker calls reads the captures in the server's S3 and writes
// SageMaker's files where SageMaker would, which the gateway's own report parsers accept.
import {
  CreateDataQualityJobDefinitionCommand, CreateModelBiasJobDefinitionCommand, CreateModelExplainabilityJobDefinitionCommand, CreateModelQualityJobDefinitionCommand, CreateMonitoringScheduleCommand,
  CreateProcessingJobCommand, DescribeProcessingJobCommand, ListMonitoringExecutionsCommand, SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startLocalSageMaker, type LocalSageMaker } from '@mmg/local-sagemaker';
import { parseAnalysis, parseConstraints, parseStatistics, parseViolations } from '../../src/sagemaker/reports.js';
import { spawnEntry, type Child } from '../support/processes.js';
import { haveSamples, readSample } from '../support/samples.js';
import { HOUR, MINUTE, ROLE } from './helpers.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const CAPTURE_ROOT = 's3://sagemaker-us-east-1-123456789012/model-monitor/data-capture';
const CLUSTER = { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge' as const, VolumeSizeInGB: 20 } };
const output = (S3Uri: string) => ({ MonitoringOutputs: [{ S3Output: { S3Uri, LocalPath: '/opt/ml/processing/output' } }] });

interface Clients { sm: SageMakerClient; s3: S3Client }
const clients = (endpoint: string, s3Endpoint: string): Clients => ({
  sm: new SageMakerClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 }),
  s3: new S3Client({ region: 'us-east-1', endpoint: s3Endpoint, credentials, forcePathStyle: true, maxAttempts: 1 }),
});

async function put(s3: S3Client, uri: string, body: string): Promise<void> {
  const [, Bucket, Key] = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri)!;
  await s3.send(new CreateBucketCommand({ Bucket })).catch(() => undefined);
  await s3.send(new PutObjectCommand({ Bucket, Key, Body: body }));
}
async function get(s3: S3Client, uri: string): Promise<string> {
  const [, Bucket, Key] = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri)!;
  return (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();
}

/** One data capture line, as an endpoint writes it. */
const capture = (i: number, at: string, input: string, output: string, outputType = 'CSV') => JSON.stringify({
  captureData: {
    endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: input, encoding: 'CSV' },
    endpointOutput: { observedContentType: outputType === 'JSON' ? 'application/json' : 'text/csv', mode: 'OUTPUT', data: output, encoding: outputType },
  },
  eventMetadata: { eventId: `event-${i}`, inferenceTime: at },
  eventVersion: '0',
});

const CITIES = ['paris', 'lyon', 'nice'];
const row = (i: number) => `${20 + (i % 50)},${(1000 + 37 * i) / 10},${CITIES[i % 3]}`;

/** The report folder of the schedule's only finished execution, from its processing job (as a SageMaker user finds it). */
async function reportOf(sm: SageMakerClient, schedule: string) {
  const { MonitoringExecutionSummaries: runs = [] } = await sm.send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: schedule }));
  const run = runs.find((r) => r.MonitoringExecutionStatus !== 'Pending' && r.MonitoringExecutionStatus !== 'InProgress')!;
  const job = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: run.ProcessingJobArn!.split('/').pop()! }));
  return { run, uri: job.ProcessingOutputConfig!.Outputs![0]!.S3Output!.S3Uri! };
}

describe('a standalone server (npm start: reports from the engine)', () => {
  let child: Child;
  let c: Clients;
  let endpoint: string;
  beforeAll(async () => {
    child = spawnEntry('packages/local-sagemaker/src/main.ts', {}, ['--port', '0', '--s3-port', '0']);
    const [, sm] = await child.waitFor(/SageMaker endpoint: (\S+)/);
    const [, s3] = await child.waitFor(/S3 endpoint: +(\S+)/);
    endpoint = sm!;
    c = clients(sm!, s3!);
  });
  afterAll(async () => {
    c?.sm.destroy();
    c?.s3.destroy();
    await child?.stop();
  });
  const advance = (ms: number) => fetch(`${endpoint}/_local/advance`, { method: 'POST', body: JSON.stringify({ ms }) });

  it('baselines a dataset with suggest_baseline\'s job, then reports the data type violation of the captured window', async () => {
    await put(c.s3, 's3://data/train.csv', ['age,income,city', ...Array.from({ length: 300 }, (_, i) => row(i))].join('\n'));
    await c.sm.send(new CreateProcessingJobCommand({
      ProcessingJobName: 'dq-baseline',
      AppSpecification: { ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer' },
      Environment: { dataset_format: '{"csv": {"header": true, "output_columns_position": "START"}}', dataset_source: '/opt/ml/processing/input/baseline_dataset_input', output_path: '/opt/ml/processing/output', publish_cloudwatch_metrics: 'Disabled' },
      ProcessingInputs: [{ InputName: 'baseline_dataset_input', S3Input: { S3Uri: 's3://data/train.csv', LocalPath: '/opt/ml/processing/input/baseline_dataset_input', S3DataType: 'S3Prefix', S3InputMode: 'File' } }],
      ProcessingOutputConfig: { Outputs: [{ OutputName: 'monitoring_output', S3Output: { S3Uri: 's3://data/baseline', LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } }] },
      ProcessingResources: CLUSTER,
      RoleArn: ROLE,
    }));
    await advance(6 * MINUTE);
    expect(await c.sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'dq-baseline' }))).toMatchObject({ ProcessingJobStatus: 'Completed' });
    const constraints = parseConstraints(await get(c.s3, 's3://data/baseline/constraints.json'), 'constraints.json');
    expect(constraints['features']).toEqual([
      expect.objectContaining({ name: 'age', inferred_type: 'Integral' }),
      expect.objectContaining({ name: 'income', inferred_type: 'Fractional' }),
      expect.objectContaining({ name: 'city', inferred_type: 'String' }),
    ]);
    expect(parseStatistics(await get(c.s3, 's3://data/baseline/statistics.json'), 'statistics.json')['dataset']).toEqual({ item_count: 300 });

    await c.sm.send(new CreateDataQualityJobDefinitionCommand({
      JobDefinitionName: 'dq-jd',
      DataQualityBaselineConfig: { ConstraintsResource: { S3Uri: 's3://data/baseline/constraints.json' }, StatisticsResource: { S3Uri: 's3://data/baseline/statistics.json' } },
      DataQualityAppSpecification: { ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer' },
      DataQualityJobInput: { EndpointInput: { EndpointName: 'churn-ep', LocalPath: '/opt/ml/processing/input/endpoint' } },
      DataQualityJobOutputConfig: output('s3://reports/dq'),
      JobResources: CLUSTER,
      RoleArn: ROLE,
    }));
    await c.sm.send(new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: 'dq',
      MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringJobDefinitionName: 'dq-jd', MonitoringType: 'DataQuality' },
    }));
    // The run at 01:00 analyses 00:00–01:00: a third of its ages are "unknown", and one record falls outside it.
    const lines = Array.from({ length: 60 }, (_, i) => capture(i, `2024-01-01T00:${String(10 + (i % 40)).padStart(2, '0')}:00Z`, i % 3 === 0 ? row(5 * i).replace(/^\d+/, 'unknown') : row(5 * i), '0.5'));
    lines.push(capture(99, '2024-01-01T01:10:00Z', 'x,y,z', '0.5'));
    await put(c.s3, `${CAPTURE_ROOT}/churn-ep/AllTraffic/2024/01/01/00/capture-1.jsonl`, lines.join('\n'));
    await advance(HOUR + 15 * MINUTE);

    const { run, uri } = await reportOf(c.sm, 'dq');
    expect(run).toMatchObject({ MonitoringExecutionStatus: 'CompletedWithViolations' });
    expect(uri).toBe('s3://reports/dq/churn-ep/dq/2024/01/01/01');
    const statistics = parseStatistics(await get(c.s3, `${uri}/statistics.json`), 'statistics.json');
    expect(statistics['dataset']).toEqual({ item_count: 60 });
    const violations = parseViolations(await get(c.s3, `${uri}/constraint_violations.json`), 'constraint_violations.json');
    expect(violations).toEqual([expect.objectContaining({ featureName: 'age', checkType: 'data_type_check', description: expect.stringContaining('Expected data type: Integral') })]);
  });
});

describe('reports: engine, in process', () => {
  let server: LocalSageMaker;
  let c: Clients;
  beforeEach(async () => {
    server = await startLocalSageMaker({ reports: 'engine' });
    c = clients(server.endpoint, server.s3Endpoint);
  });
  afterEach(async () => {
    c.sm.destroy();
    c.s3.destroy();
    await server.close();
  });

  const explainability = async (name: string, baseline: Record<string, number>) => {
    await put(c.s3, `s3://configs/${name}/analysis_config.json`, JSON.stringify({ dataset_type: 'text/csv', headers: ['age', 'income', 'city'], methods: { shap: { num_samples: 100, agg_method: 'mean_abs' } } }));
    await put(c.s3, `s3://data/${name}/analysis.json`, JSON.stringify({ version: '1.0', explanations: { kernel_shap: { label0: { global_shap_values: baseline, expected_value: 0.2 } } } }));
    await c.sm.send(new CreateModelExplainabilityJobDefinitionCommand({
      JobDefinitionName: `${name}-jd`,
      ModelExplainabilityBaselineConfig: { ConstraintsResource: { S3Uri: `s3://data/${name}/analysis.json` } },
      ModelExplainabilityAppSpecification: { ImageUri: '205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0', ConfigUri: `s3://configs/${name}/analysis_config.json` },
      ModelExplainabilityJobInput: { EndpointInput: { EndpointName: `${name}-ep`, LocalPath: '/opt/ml/processing/input/endpoint' } },
      ModelExplainabilityJobOutputConfig: output(`s3://reports/${name}`),
      JobResources: CLUSTER,
      RoleArn: ROLE,
    }));
    await c.sm.send(new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: name,
      MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringJobDefinitionName: `${name}-jd`, MonitoringType: 'ModelExplainability' },
    }));
  };

  it('explainability: analysis.json of the captured attributions, and feature attribution drift against the baseline ranking', async () => {
    await explainability('shap', { age: 0.5, income: 0.3, city: 0.1 });
    // Live ranking reversed: city first, age last.
    const lines = Array.from({ length: 20 }, (_, i) => capture(i, `2024-01-01T00:${String(10 + i).padStart(2, '0')}:00Z`, row(i), JSON.stringify({ label: 1, explanations: { age: i % 2 ? 0.125 : -0.125, income: 0.25, city: -0.5 } }), 'JSON'));
    await put(c.s3, `${server.captureRoot}/shap-ep/AllTraffic/2024/01/01/00/c.jsonl`, lines.join('\n'));
    await server.advance(HOUR + 15 * MINUTE);

    const { run, uri } = await reportOf(c.sm, 'shap');
    expect(run).toMatchObject({ MonitoringExecutionStatus: 'CompletedWithViolations' });
    const analysis = parseAnalysis(await get(c.s3, `${uri}/analysis.json`), 'analysis.json');
    expect(analysis['explanations']).toEqual({ kernel_shap: { label0: { global_shap_values: { age: 0.125, income: 0.25, city: 0.5 }, expected_value: 0 } } });
    const violations = parseViolations(await get(c.s3, `${uri}/constraint_violations.json`), 'constraint_violations.json');
    expect(violations).toEqual([expect.objectContaining({ featureName: 'label0', label: 'label0', metricName: 'shap', checkType: 'feature_attribution_drift_check' })]);
  });

  it('fails as SageMaker does: no captures in the window, an unreadable baseline', async () => {
    await explainability('empty', { age: 0.5, income: 0.3, city: 0.1 });
    await server.advance(HOUR + 15 * MINUTE);
    const { run } = await reportOf(c.sm, 'empty');
    expect(run).toMatchObject({ MonitoringExecutionStatus: 'Failed', FailureReason: expect.stringMatching(/^Job inputs had no data: .*under s3:\/\/sagemaker-us-east-1-123456789012\/model-monitor\/data-capture\/empty-ep\/AllTraffic\/$/) });

    await explainability('nobase', { age: 0.5 });
    await c.s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'nobase/analysis.json', Body: '{"version": "1.0"}' }));
    await server.advance(HOUR);
    const failed = (await reportOf(c.sm, 'nobase')).run;
    expect(failed).toMatchObject({ MonitoringExecutionStatus: 'Failed', FailureReason: expect.stringMatching(/^ClientError: baseline constraints: /) });
  });

  // The baseline is a real Clarify analysis.json (facet Sex, value 0; post-training DPPL 0.22).
  (haveSamples ? it : it.skip)('bias: post-training metrics of captures joined with ground truth, and drift from a real Clarify baseline', async () => {
    await put(c.s3, 's3://data/bias/analysis.json', readSample('bias-drift', 'examples-bias-monitor-endpoint-json.baseline.analysis.json'));
    await put(c.s3, 's3://configs/bias/analysis_config.json', JSON.stringify({
      dataset_type: 'text/csv', headers: ['Target', 'Age', 'Sex'], label: 'Target', label_values_or_threshold: [1],
      facet: [{ name_or_index: 'Sex', value_or_threshold: ['0'] }], probability_threshold: 0.5, methods: { post_training_bias: { methods: 'all' } },
    }));
    await c.sm.send(new CreateModelBiasJobDefinitionCommand({
      JobDefinitionName: 'bias-jd',
      ModelBiasBaselineConfig: { ConstraintsResource: { S3Uri: 's3://data/bias/analysis.json' } },
      ModelBiasAppSpecification: { ImageUri: '205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0', ConfigUri: 's3://configs/bias/analysis_config.json' },
      ModelBiasJobInput: { EndpointInput: { EndpointName: 'bias-ep', LocalPath: '/opt/ml/processing/input/endpoint', ProbabilityAttribute: '0', ProbabilityThresholdAttribute: 0.5 }, GroundTruthS3Input: { S3Uri: 's3://gt/bias' } },
      ModelBiasJobOutputConfig: output('s3://reports/bias'),
      JobResources: CLUSTER,
      RoleArn: ROLE,
    }));
    await c.sm.send(new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: 'bias',
      MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringJobDefinitionName: 'bias-jd', MonitoringType: 'ModelBias' },
    }));
    // Every label is 1, but only Sex 1 is predicted positive: DPPL 1, worse than the baseline's 0.22.
    const at = (i: number) => `2024-01-01T00:${String(10 + i).padStart(2, '0')}:00Z`;
    await put(c.s3, `${server.captureRoot}/bias-ep/AllTraffic/2024/01/01/00/c.jsonl`, Array.from({ length: 40 }, (_, i) => capture(i, at(i % 40), `${30 + i},${i % 2}`, i % 2 ? '0.9' : '0.1')).join('\n'));
    await put(c.s3, 's3://gt/bias/2024/01/01/00/gt.jsonl', Array.from({ length: 40 }, (_, i) => JSON.stringify({ groundTruthData: { data: '1', encoding: 'CSV' }, eventMetadata: { eventId: `event-${i}` }, eventVersion: '0' })).join('\n'));
    await server.advance(HOUR + 15 * MINUTE);

    const { run, uri } = await reportOf(c.sm, 'bias');
    expect(run).toMatchObject({ MonitoringExecutionStatus: 'CompletedWithViolations' });
    const analysis = parseAnalysis(await get(c.s3, `${uri}/analysis.json`), 'analysis.json');
    expect(analysis['post_training_bias_metrics']).toMatchObject({ label: 'Target', facets: { Sex: [{ value_or_threshold: '0', metrics: expect.arrayContaining([{ name: 'DPPL', description: expect.any(String), value: 1 }]) }] } });
    const violations = parseViolations(await get(c.s3, `${uri}/constraint_violations.json`), 'constraint_violations.json');
    expect(violations).toContainEqual(expect.objectContaining({ featureName: 'Sex', facet: 'Sex', facetValue: '0', metricName: 'DPPL', checkType: 'bias_drift_check' }));
  });

  it('model quality: a suggest_baseline job of a labelled dataset, then metrics of captures joined with ground truth', async () => {
    const dataset = ['label,prediction,probability', ...Array.from({ length: 50 }, (_, i) => `${i % 2},${i % 2},${i % 2 ? 0.8 : 0.2}`)];
    await put(c.s3, 's3://data/mq/train.csv', dataset.join('\n'));
    await c.sm.send(new CreateProcessingJobCommand({
      ProcessingJobName: 'mq-baseline',
      AppSpecification: { ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer' },
      Environment: {
        dataset_format: '{"csv": {"header": true}}', analysis_type: 'MODEL_QUALITY', problem_type: 'BinaryClassification',
        ground_truth_attribute: 'label', inference_attribute: 'prediction', probability_attribute: 'probability', probability_threshold_attribute: '0.5',
      },
      ProcessingInputs: [{ InputName: 'baseline_dataset_input', S3Input: { S3Uri: 's3://data/mq/train.csv', LocalPath: '/opt/ml/processing/input/baseline_dataset_input', S3DataType: 'S3Prefix', S3InputMode: 'File' } }],
      ProcessingOutputConfig: { Outputs: [{ OutputName: 'monitoring_output', S3Output: { S3Uri: 's3://data/mq/baseline/', LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } }] },
      ProcessingResources: CLUSTER,
      RoleArn: ROLE,
    }));
    await c.sm.send(new CreateModelQualityJobDefinitionCommand({
      JobDefinitionName: 'mq-jd',
      ModelQualityBaselineConfig: { ConstraintsResource: { S3Uri: 's3://data/mq/baseline/constraints.json' } },
      ModelQualityAppSpecification: { ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer', ProblemType: 'BinaryClassification' },
      ModelQualityJobInput: { EndpointInput: { EndpointName: 'mq-ep', LocalPath: '/opt/ml/processing/input/endpoint', InferenceAttribute: '0', ProbabilityAttribute: '1', ProbabilityThresholdAttribute: 0.5 }, GroundTruthS3Input: { S3Uri: 's3://gt/mq' } },
      ModelQualityJobOutputConfig: output('s3://reports/mq'),
      JobResources: CLUSTER,
      RoleArn: ROLE,
      StoppingCondition: { MaxRuntimeInSeconds: 1800 },
    }));
    await c.sm.send(new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: 'mq',
      MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringJobDefinitionName: 'mq-jd', MonitoringType: 'ModelQuality' },
    }));
    // Every other live prediction is wrong: accuracy 0.5 against the baseline's 1.0.
    const at = (i: number) => `2024-01-01T00:${String(10 + i).padStart(2, '0')}:00Z`;
    await put(c.s3, `${server.captureRoot}/mq-ep/AllTraffic/2024/01/01/00/c.jsonl`, Array.from({ length: 40 }, (_, i) => capture(i, at(i), '1,2', i % 2 ? '1,0.9' : '0,0.1')).join('\n'));
    await put(c.s3, 's3://gt/mq/2024/01/01/00/gt.jsonl', Array.from({ length: 40 }, (_, i) => JSON.stringify({ groundTruthData: { data: String(Math.floor(i / 2) % 2), encoding: 'CSV' }, eventMetadata: { eventId: `event-${i}` }, eventVersion: '0' })).join('\n'));
    await server.advance(HOUR + 15 * MINUTE);

    expect(server.state.processingJobs()[0]).toMatchObject({ name: 'mq-baseline', status: 'Completed' });
    const baseline = parseConstraints(await get(c.s3, 's3://data/mq/baseline/constraints.json'), 'constraints.json');
    expect(baseline['binary_classification_constraints']).toMatchObject({ accuracy: { threshold: 1, comparison_operator: 'LessThanThreshold' } });
    const { run, uri } = await reportOf(c.sm, 'mq');
    expect(run).toMatchObject({ MonitoringExecutionStatus: 'CompletedWithViolations' });
    const statistics = parseStatistics(await get(c.s3, `${uri}/statistics.json`), 'statistics.json');
    expect(statistics['binary_classification_metrics']).toMatchObject({ accuracy: { value: 0.5, standard_deviation: 'NaN' } });
    const violations = parseViolations(await get(c.s3, `${uri}/constraint_violations.json`), 'constraint_violations.json');
    expect(violations).toContainEqual(expect.objectContaining({ featureName: 'accuracy', metricName: 'accuracy', checkType: 'LessThanThreshold' }));
  });
});
