// Reports computed by the built-in engine (`--reports engine`, the standalone default): schedules made
// with plain @aws-sdk/client-sagemaker calls read the captures in the server's S3 and get SageMaker's
// files where SageMaker writes them, which the gateway's own report parsers accept.
import {
  CreateDataQualityJobDefinitionCommand, CreateModelQualityJobDefinitionCommand, CreateMonitoringScheduleCommand,
  CreateProcessingJobCommand, DescribeProcessingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { parseConstraints, parseStatistics, parseViolations } from '../../src/backends/reports.js';
import { killSpawned, spawnEntry, type Child } from '../support/processes.js';
import { ANALYZER_IMAGE, capture, clients, CLUSTER, engineServer, get, groundTruth, inFirstHour, output, put, reportOf, row, type Clients } from './engine-support.js';
import { HOUR, MINUTE, ROLE } from './helpers.js';

const CAPTURE_ROOT = 's3://sagemaker-us-east-1-123456789012/model-monitor/data-capture';

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
    await killSpawned();
  });
  const advance = (ms: number) => fetch(`${endpoint}/_local/advance`, { method: 'POST', body: JSON.stringify({ ms }) });

  it('baselines a dataset with suggest_baseline\'s job, then reports the data type violation of the captured window', async () => {
    await put(c.s3, 's3://data/train.csv', ['age,income,city', ...Array.from({ length: 300 }, (_, i) => row(i))].join('\n'));
    await c.sm.send(new CreateProcessingJobCommand({
      ProcessingJobName: 'dq-baseline',
      AppSpecification: { ImageUri: ANALYZER_IMAGE },
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
      DataQualityAppSpecification: { ImageUri: ANALYZER_IMAGE },
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
    const lines = Array.from({ length: 60 }, (_, i) => capture(i, inFirstHour(10 + (i % 40)), i % 3 === 0 ? row(5 * i).replace(/^\d+/, 'unknown') : row(5 * i), '0.5'));
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
  const env = engineServer();

  it('model quality: a suggest_baseline job of a labelled dataset, then metrics of captures joined with ground truth', async () => {
    const { server, c } = env;
    const dataset = ['label,prediction,probability', ...Array.from({ length: 50 }, (_, i) => `${i % 2},${i % 2},${i % 2 ? 0.8 : 0.2}`)];
    await put(c.s3, 's3://data/mq/train.csv', dataset.join('\n'));
    await c.sm.send(new CreateProcessingJobCommand({
      ProcessingJobName: 'mq-baseline',
      AppSpecification: { ImageUri: ANALYZER_IMAGE },
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
      ModelQualityAppSpecification: { ImageUri: ANALYZER_IMAGE, ProblemType: 'BinaryClassification' },
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
    await put(c.s3, `${server.captureRoot}/mq-ep/AllTraffic/2024/01/01/00/c.jsonl`, Array.from({ length: 40 }, (_, i) => capture(i, inFirstHour(10 + i), '1,2', i % 2 ? '1,0.9' : '0,0.1')).join('\n'));
    await put(c.s3, 's3://gt/mq/2024/01/01/00/gt.jsonl', Array.from({ length: 40 }, (_, i) => groundTruth(i, String(Math.floor(i / 2) % 2))).join('\n'));
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

  it('model quality: a suggest_baseline job fails as the gateway\'s engine does when its dataset has no ground truth column', async () => {
    const { server, c } = env;
    await put(c.s3, 's3://data/mq-nolabel/train.csv', ['truth,prediction,probability', '1,1,0.9', '0,0,0.1'].join('\n'));
    await c.sm.send(new CreateProcessingJobCommand({
      ProcessingJobName: 'mq-nolabel',
      AppSpecification: { ImageUri: ANALYZER_IMAGE },
      Environment: { dataset_format: '{"csv": {"header": true}}', analysis_type: 'MODEL_QUALITY', problem_type: 'BinaryClassification' },
      ProcessingInputs: [{ InputName: 'baseline_dataset_input', S3Input: { S3Uri: 's3://data/mq-nolabel/train.csv', LocalPath: '/opt/ml/processing/input/baseline_dataset_input', S3DataType: 'S3Prefix', S3InputMode: 'File' } }],
      ProcessingOutputConfig: { Outputs: [{ OutputName: 'monitoring_output', S3Output: { S3Uri: 's3://data/mq-nolabel/baseline/', LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } }] },
      ProcessingResources: CLUSTER,
      RoleArn: ROLE,
    }));
    await server.advance(HOUR);
    expect(await c.sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'mq-nolabel' }))).toMatchObject({
      ProcessingJobStatus: 'Failed',
      FailureReason: "ClientError: baseline dataset has no column for the ground truth (groundTruthAttribute) 'label'; its columns are truth, prediction, probability",
    });
  });


  it('a one-time (NOW) schedule analyses its DataAnalysis window; without a baseline, statistics and no violations', async () => {
    const { server, c } = env;
    await c.sm.send(new CreateDataQualityJobDefinitionCommand({
      JobDefinitionName: 'once-jd',
      DataQualityAppSpecification: { ImageUri: ANALYZER_IMAGE },
      DataQualityJobInput: { EndpointInput: { EndpointName: 'once-ep', LocalPath: '/opt/ml/processing/input/endpoint' } },
      DataQualityJobOutputConfig: output('s3://reports/once'),
      JobResources: CLUSTER,
      RoleArn: ROLE,
    }));
    await c.sm.send(new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: 'once',
      MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT2H', DataAnalysisEndTime: '-PT1H' }, MonitoringJobDefinitionName: 'once-jd', MonitoringType: 'DataQuality' },
    }));
    // The run starts at 00:00:01: its window is 22:00:01–23:00:01 the day before.
    const lines = [capture(1, '2023-12-31T22:00:00Z', row(1), '0'), ...Array.from({ length: 5 }, (_, i) => capture(i + 2, `2023-12-31T22:${10 + i}:00Z`, row(i), '0'))];
    await put(c.s3, `${server.captureRoot}/once-ep/AllTraffic/2023/12/31/22/c.jsonl`, lines.join('\n'));
    await server.advance(15 * MINUTE);

    const { run, uri } = await reportOf(c.sm, 'once');
    expect(run).toMatchObject({ MonitoringExecutionStatus: 'Completed' });
    expect(parseStatistics(await get(c.s3, `${uri}/statistics.json`), 'statistics.json')['dataset']).toEqual({ item_count: 5 });
    expect(parseViolations(await get(c.s3, `${uri}/constraint_violations.json`), 'constraint_violations.json')).toEqual([]);
  });
});
