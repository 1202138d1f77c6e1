import { MONITOR_TYPES } from '../../src/kernel/monitor-config.js';
import { AppError } from '../../src/shared/errors.js';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import type { SageMakerBackend } from '../../src/sagemaker/backend.js';
import { teamTag } from '../../src/sagemaker/naming.js';
import { localSageMaker, monitorOf, ownerTags, received, ROLE, scheduleOf } from './support.js';

let server: LocalSageMaker;
let backend: SageMakerBackend;
beforeEach(async () => {
  ({ server, backend } = await localSageMaker());
});
afterEach(() => server.close());

const HOUR = 3_600_000;

describe('requests for each monitor type', () => {
  it('DATA_QUALITY: the exact job definition and schedule requests', async () => {
    const m = monitorOf('DATA_QUALITY', { environment: { LOG: 'x' }, recordPreprocessorSourceUri: 's3://reports/code/pre.py' });
    const { backendRef } = await backend.createSchedule(m, scheduleOf('dq-hourly'));
    expect(received(server, 'CreateDataQualityJobDefinition')).toEqual([
      {
        JobDefinitionName: backendRef,
        DataQualityAppSpecification: {
          ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer',
          RecordPreprocessorSourceUri: 's3://reports/code/pre.py',
          Environment: { publish_cloudwatch_metrics: 'Enabled', LOG: 'x' },
        },
        DataQualityJobInput: { EndpointInput: { EndpointName: 'churn-ep', LocalPath: '/opt/ml/processing/input/endpoint' } },
        DataQualityJobOutputConfig: { MonitoringOutputs: [{ S3Output: { S3Uri: 's3://reports/churn', LocalPath: '/opt/ml/processing/output', S3UploadMode: 'Continuous' } }] },
        JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } },
        RoleArn: ROLE,
        StoppingCondition: { MaxRuntimeInSeconds: 1800 },
        Tags: ownerTags('team-1', m.id),
      },
    ]);
    expect(backendRef).toMatch(/^dq-hourly-[0-9a-f]{8}$/);
    expect(received(server, 'CreateMonitoringSchedule')).toEqual([
      {
        MonitoringScheduleName: 'dq-hourly',
        MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringJobDefinitionName: backendRef, MonitoringType: 'DataQuality' },
        Tags: ownerTags('team-1', m.id),
      },
    ]);
  });

  it('MODEL_BIAS: Clarify image, analysis configuration written to S3 and referenced, ground truth', async () => {
    const m = monitorOf('MODEL_BIAS');
    const { backendRef } = await backend.createSchedule(m, scheduleOf('bias-daily', { expression: 'cron(0 4 ? * * *)' }));
    const [jd] = received(server, 'CreateModelBiasJobDefinition') as Array<Record<string, any>>;
    const configUri = `s3://reports/churn/gateway/${teamTag('team-1')}/m-model-bias/${backendRef}/analysis_config.json`;
    expect(jd!['ModelBiasAppSpecification']).toEqual({ ImageUri: '205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0', ConfigUri: configUri, Environment: { publish_cloudwatch_metrics: 'Enabled' } });
    expect(jd!['ModelBiasJobInput']).toEqual({ EndpointInput: { EndpointName: 'churn-ep', LocalPath: '/opt/ml/processing/input/endpoint' }, GroundTruthS3Input: { S3Uri: 's3://gt/churn' } });
    expect(JSON.parse(server.s3.getText(configUri)!)).toEqual({
      dataset_type: 'text/csv',
      label_values_or_threshold: [1],
      facet: [{ name_or_index: 'age', value_or_threshold: [40] }],
      predictor: { endpoint_name: 'churn-ep' },
      methods: { post_training_bias: { methods: 'all' } },
    });
  });

  it('MODEL_QUALITY: problem type, offsets and ground truth', async () => {
    await backend.createSchedule(monitorOf('MODEL_QUALITY'), scheduleOf('mq-hourly'));
    const [jd] = received(server, 'CreateModelQualityJobDefinition') as Array<Record<string, any>>;
    expect(jd!['ModelQualityAppSpecification']).toEqual({ ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer', ProblemType: 'BinaryClassification', Environment: { publish_cloudwatch_metrics: 'Enabled' } });
    expect(jd!['ModelQualityJobInput']).toEqual({
      EndpointInput: { EndpointName: 'churn-ep', LocalPath: '/opt/ml/processing/input/endpoint', InferenceAttribute: '0', StartTimeOffset: '-P1D', EndTimeOffset: '-PT1H' },
      GroundTruthS3Input: { S3Uri: 's3://gt/churn' },
    });
  });

  it('batch transform input variant', async () => {
    const m = monitorOf('MODEL_EXPLAINABILITY', { endpointInput: undefined, batchTransformInput: { dataCapturedDestinationS3Uri: 's3://capture/batch', datasetFormat: { json: { line: true } }, startTimeOffset: '-PT6H', endTimeOffset: '-PT0H' } });
    await backend.createSchedule(m, scheduleOf('shap-batch'));
    const [jd] = received(server, 'CreateModelExplainabilityJobDefinition') as Array<Record<string, any>>;
    expect(jd!['ModelExplainabilityJobInput']).toEqual({
      BatchTransformInput: { DataCapturedDestinationS3Uri: 's3://capture/batch', DatasetFormat: { Json: { Line: true } }, LocalPath: '/opt/ml/processing/input/batch', StartTimeOffset: '-PT6H', EndTimeOffset: '-PT0H' },
    });
  });

  it.each(MONITOR_TYPES)('%s: a one-time schedule delivers DataAnalysisStartTime/EndTime to the server (seed 000)', async (type) => {
    await backend.createSchedule(monitorOf(type), scheduleOf('once', { expression: 'NOW', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }));
    const [req] = received(server, 'CreateMonitoringSchedule') as Array<Record<string, any>>;
    expect(req!['MonitoringScheduleConfig']['ScheduleConfig']).toEqual({ ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT2H', DataAnalysisEndTime: '-PT1H' });
    expect(server.state.schedules()[0]?.config['ScheduleConfig']).toMatchObject({ DataAnalysisStartTime: '-PT2H', DataAnalysisEndTime: '-PT1H' });
  });
});

describe('life cycle', () => {
  it('cron change updates the schedule; a definition change makes a new job definition and deletes the old one', async () => {
    const m = monitorOf('DATA_QUALITY');
    const { backendRef } = await backend.createSchedule(m, scheduleOf('dq'));
    await backend.updateSchedule(m, scheduleOf('dq', { expression: 'cron(0 6 ? * * *)' }, backendRef));
    expect(received(server, 'UpdateMonitoringSchedule')).toEqual([
      { MonitoringScheduleName: 'dq', MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 6 ? * * *)' }, MonitoringJobDefinitionName: backendRef, MonitoringType: 'DataQuality' } },
    ]);
    const changed = monitorOf('DATA_QUALITY', { maxRuntimeInSeconds: 900 });
    const next = await backend.updateDefinition(changed, scheduleOf('dq', { expression: 'cron(0 6 ? * * *)' }, backendRef));
    expect(next.backendRef).not.toBe(backendRef);
    expect(server.state.jobDefinitions().map((d) => d.name)).toEqual([next.backendRef]);
    expect(server.state.schedules()[0]?.jobDefinitionName).toBe(next.backendRef);
  });

  it('stop, start, and delete with job definition cleanup; deleting twice is fine', async () => {
    const m = monitorOf('MODEL_QUALITY');
    const { backendRef } = await backend.createSchedule(m, scheduleOf('mq'));
    const s = scheduleOf('mq', {}, backendRef);
    await backend.stopSchedule(m, s);
    expect(server.state.schedules()[0]?.status).toBe('Stopped');
    await backend.startSchedule(m, s);
    expect(server.state.schedules()[0]?.status).not.toBe('Stopped');
    await backend.deleteSchedule(m, s);
    await backend.deleteSchedule(m, s);
    expect(server.state.schedules()).toEqual([]);
    expect(server.state.jobDefinitions()).toEqual([]);
  });

  it('a failed schedule creation leaves no job definition behind', async () => {
    server.faults.failNext('CreateMonitoringSchedule', 'ResourceLimitExceeded', 1);
    const error = await backend.createSchedule(monitorOf('DATA_QUALITY'), scheduleOf('dq')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'RESOURCE_LIMIT_EXCEEDED' });
    expect(server.state.jobDefinitions()).toEqual([]);
  });

  it('maps AWS errors to gateway codes with the AWS message', async () => {
    const m = monitorOf('DATA_QUALITY');
    await backend.createSchedule(m, scheduleOf('dq'));
    const dup = (await backend.createSchedule(monitorOf('DATA_QUALITY', { maxRuntimeInSeconds: 60 }), scheduleOf('dq')).catch((e: AppError) => e)) as AppError;
    expect(dup).toMatchObject({ code: 'CONFLICT' });
    expect(dup.message).toMatch(/SageMaker CreateMonitoringSchedule failed: ResourceInUse/);
    const missing = await backend.stopSchedule(m, scheduleOf('nope')).catch((e: AppError) => e);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', extensions: { awsError: 'ResourceNotFound', awsOperation: 'StopMonitoringSchedule' } });
    const invalid = await backend.createSchedule(monitorOf('DATA_QUALITY', { maxRuntimeInSeconds: 3700 }), scheduleOf('dq2')).catch((e: AppError) => e);
    expect(invalid).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { awsError: 'ValidationException' } });
  });
});

describe('executions and reports', () => {
  it('lists executions with violations and parses constraint_violations.json', async () => {
    const m = monitorOf('DATA_QUALITY');
    const { backendRef } = await backend.createSchedule(m, scheduleOf('dq'));
    const violations = [{ feature_name: 'age', constraint_check_type: 'baseline_drift_check', description: 'distance 0.4 > 0.1' }];
    server.fixtures.setNextOutcome('dq', { status: 'CompletedWithViolations', violations, statistics: { dataset: { item_count: 10 } } });
    await server.advance(3 * HOUR);
    const s = scheduleOf('dq', {}, backendRef);
    const { executions } = await backend.listExecutions(m, s, {});
    expect(executions.length).toBeGreaterThanOrEqual(2);
    const first = executions[0]!;
    expect(first.status).toBe('COMPLETED_WITH_VIOLATIONS');
    const report = await backend.readReport(m, first);
    expect(report.violations).toEqual([{ featureName: 'age', checkType: 'baseline_drift_check', description: 'distance 0.4 > 0.1' }]);
    expect(report.statistics).toEqual({ dataset: { item_count: 10 } });
    expect(report.reportUri).toMatch(/^s3:\/\/reports\/churn\/churn-ep\/dq\//);
    expect(executions[1]!.status).toBe('COMPLETED');
    expect((await backend.readReport(m, executions[1]!)).violations).toEqual([]);
  });

  it('pages through more than 100 executions', async () => {
    const m = monitorOf('DATA_QUALITY');
    const { backendRef } = await backend.createSchedule(m, scheduleOf('dq'));
    await server.advance(130 * HOUR);
    const s = scheduleOf('dq', {}, backendRef);
    const ids: string[] = [];
    let nextToken: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof backend.listExecutions>> = await backend.listExecutions(m, s, nextToken ? { nextToken } : {});
      ids.push(...page.executions.map((e) => e.executionId));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(ids.length).toBeGreaterThan(100);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('baselines: the processing job request, and its results read from S3', async () => {
    const m = monitorOf('DATA_QUALITY');
    const request = { baselineId: '0b1e2f3a-0000-4000-8000-000000000001', version: 1, datasetUri: 's3://train/churn.csv', datasetFormat: { csvHeader: true }, columnNames: null };
    const { jobRef } = await backend.suggestBaseline(m, request);
    const [job] = received(server, 'CreateProcessingJob') as Array<Record<string, any>>;
    expect(job).toMatchObject({
      ProcessingJobName: jobRef,
      AppSpecification: { ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer' },
      Environment: { dataset_format: '{"csv":{"header":true}}', dataset_source: '/opt/ml/processing/input/baseline_dataset_input', output_path: '/opt/ml/processing/output', publish_cloudwatch_metrics: 'Disabled' },
      ProcessingInputs: [{ InputName: 'baseline_dataset_input', S3Input: { S3Uri: 's3://train/churn.csv' } }],
      RoleArn: ROLE,
      Tags: ownerTags('team-1', m.id),
    });
    expect(await backend.describeBaseline(m, jobRef)).toEqual({ status: 'IN_PROGRESS' });
    server.fixtures.setProcessingJobOutcome(jobRef, { status: 'Completed', outputs: { 'statistics.json': { dataset: { item_count: 3 } }, 'constraints.json': { features: [] } } });
    await server.advance(HOUR);
    expect(await backend.describeBaseline(m, jobRef)).toEqual({ status: 'COMPLETED', statistics: { dataset: { item_count: 3 } }, constraints: { features: [] } });
  });
});

describe('under throttling and server errors', () => {
  it('every operation still succeeds with 30% throttling and 5% 5xx', async () => {
    server.faults.set({ throttleRate: 0.3, serverErrorRate: 0.05, seed: 42 });
    for (const type of MONITOR_TYPES) {
      const m = monitorOf(type);
      const name = `sched-${type.toLowerCase().replace(/_/g, '-')}`;
      const { backendRef } = await backend.createSchedule(m, scheduleOf(name));
      const s = scheduleOf(name, {}, backendRef);
      await backend.stopSchedule(m, s);
      await backend.startSchedule(m, s);
      await backend.listExecutions(m, s, {});
      await backend.deleteSchedule(m, s);
    }
    expect(server.faults.stats.throttled).toBeGreaterThan(0);
    expect(server.faults.stats.serverErrors).toBeGreaterThan(0);
    expect(server.state.schedules()).toEqual([]);
    expect(server.state.jobDefinitions()).toEqual([]);
  });
});
