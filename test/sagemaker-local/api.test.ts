import {
  CreateMonitoringScheduleCommand, CreateProcessingJobCommand, DeleteMonitoringScheduleCommand, DescribeMonitoringScheduleCommand,
  DescribeProcessingJobCommand, ListDataQualityJobDefinitionsCommand, ListMonitoringSchedulesCommand, ResourceInUse,
  ResourceLimitExceeded, ResourceNotFound, SageMakerServiceException, StartMonitoringScheduleCommand, StopMonitoringScheduleCommand,
  UpdateMonitoringScheduleCommand, type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { startLocalSageMaker, type LocalSageMaker } from '@mmg/local-sagemaker';
import {
  createJobDefinition, createSchedule, deleteJobDefinition, describeJobDefinition, failure, jobDefinitionInput, MINUTE, ROLE,
  s3Client, sageMaker, setUpMonitor, TYPES,
} from './helpers.js';

let server: LocalSageMaker;
let sm: SageMakerClient;

beforeEach(async () => {
  server = await startLocalSageMaker({ maxSchedules: 20 });
  sm = sageMaker(server);
});
afterEach(async () => {
  sm.destroy();
  await server.close();
});

const NAME_PATTERN = '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$';

describe.each(TYPES)('%s', (type) => {
  test('job definition: describe returns what was sent; the request body is recorded', async () => {
    const input = jobDefinitionInput(type, `${type.toLowerCase()}-jd`);
    const created = await createJobDefinition(sm, type, input);
    expect(created.JobDefinitionArn).toMatch(/^arn:aws:sagemaker:us-east-1:123456789012:[a-z-]+-job-definition\/[a-z-]+-jd$/);
    expect(server.requests.at(-1)).toEqual({ operation: `Create${type}JobDefinition`, input, accessKeyId: 'test' });

    const described = await describeJobDefinition(sm, type, `${type.toLowerCase()}-jd`);
    const { $metadata, JobDefinitionArn, JobDefinitionName, CreationTime, ...rest } = described;
    const { JobDefinitionName: _n, Tags: _t, ...sent } = input;
    expect(rest).toEqual(sent);
    expect(JobDefinitionArn).toBe(created.JobDefinitionArn);
    expect(JobDefinitionName).toBe(`${type.toLowerCase()}-jd`);
    expect(CreationTime).toEqual(new Date('2024-01-01T00:00:00Z'));
    expect($metadata).toBeDefined();
  });

  test('cron schedule: Pending, then Scheduled; describe returns the config', async () => {
    await setUpMonitor(sm, type, 'hourly', 'cron(0 * ? * * *)');
    let d = await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'hourly' }));
    expect(d.MonitoringScheduleStatus).toBe('Pending');
    expect(d.MonitoringType).toBe(type);
    expect(d.EndpointName).toBe('my-endpoint');
    expect(d.MonitoringScheduleConfig).toEqual({
      ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringJobDefinitionName: 'hourly-jd', MonitoringType: type,
    });
    await server.advance(MINUTE);
    d = await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'hourly' }));
    expect(d.MonitoringScheduleStatus).toBe('Scheduled');
  });

  test('one-time NOW schedule with DataAnalysisStartTime/EndTime is accepted and stored', async () => {
    await setUpMonitor(sm, type, 'once', 'NOW');
    const d = await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'once' }));
    expect(d.MonitoringScheduleConfig?.ScheduleConfig).toEqual({
      ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT2H', DataAnalysisEndTime: '-PT1H',
    });
    expect(server.requests.filter((r) => r.operation === 'CreateMonitoringSchedule').at(-1)?.input).toEqual({
      MonitoringScheduleName: 'once',
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT2H', DataAnalysisEndTime: '-PT1H' },
        MonitoringJobDefinitionName: 'once-jd',
        MonitoringType: type,
      },
    });
  });

  test('NOW without the analysis window is a ValidationException', async () => {
    await createJobDefinition(sm, type, jobDefinitionInput(type, 'jd'));
    for (const config of [{ ScheduleExpression: 'NOW' }, { ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT2H' }]) {
      const err = await failure(() => createSchedule(sm, 'once', type, 'jd', config));
      expect(err).toBeInstanceOf(SageMakerServiceException);
      expect(err.name).toBe('ValidationException');
      expect(err.$fault).toBe('client');
      expect(err.message).toMatch(/^Both DataAnalysisStartTime and DataAnalysisEndTime are required for one time monitoring schedule/);
    }
  });

  test('both inputs are rejected', async () => {
    const err = await failure(() => createJobDefinition(sm, type, jobDefinitionInput(type, 'jd', { bothInputs: true })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toContain('Exactly one of EndpointInput or BatchTransformInput');
  });
});

describe('validation', () => {
  test('bad schedule name gets the AWS constraint message', async () => {
    await createJobDefinition(sm, 'DataQuality', jobDefinitionInput('DataQuality', 'jd'));
    const err = await failure(() => createSchedule(sm, 'x y', 'DataQuality', 'jd', { ScheduleExpression: 'cron(0 * ? * * *)' }));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe(
      `1 validation error detected: Value 'x y' at 'monitoringScheduleName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN}`,
    );
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });

  test('several constraint violations are reported together', async () => {
    const input = jobDefinitionInput('DataQuality', 'a'.repeat(64), { maxRuntime: 86401, roleArn: 'not-a-role' });
    const err = await failure(() => createJobDefinition(sm, 'DataQuality', input));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toMatch(/^5 validation errors detected: /);
    expect(err.message).toContain(`at 'jobDefinitionName' failed to satisfy constraint: Member must have length less than or equal to 63`);
    expect(err.message).toContain(`Value '86401' at 'stoppingCondition.maxRuntimeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 86400`);
    expect(err.message).toContain(`Value 'not-a-role' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`);
    expect(err.message).toContain(`Value 'not-a-role' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern`);
  });

  test.each([
    ['MaxRuntimeInSeconds 0', (i: Record<string, unknown>) => { i['StoppingCondition'] = { MaxRuntimeInSeconds: 0 }; }, "Value '0' at 'stoppingCondition.maxRuntimeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1"],
    ['bad RoleArn', (i: Record<string, unknown>) => { i['RoleArn'] = 'arn:aws:iam::123:role/too-short-account'; }, "at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$"],
    ['InstanceCount 101', (i: Record<string, unknown>) => { i['JobResources'] = { ClusterConfig: { InstanceCount: 101, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } }; }, "Value '101' at 'jobResources.clusterConfig.instanceCount' failed to satisfy constraint: Member must have value less than or equal to 100"],
    ['VolumeSizeInGB 16385', (i: Record<string, unknown>) => { i['JobResources'] = { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 16385 } }; }, "at 'jobResources.clusterConfig.volumeSizeInGB' failed to satisfy constraint: Member must have value less than or equal to 16384"],
    ['InstanceType not ml.*', (i: Record<string, unknown>) => { i['JobResources'] = { ClusterConfig: { InstanceCount: 1, InstanceType: 'm5.xlarge', VolumeSizeInGB: 20 } }; }, "Value 'm5.xlarge' at 'jobResources.clusterConfig.instanceType'"],
    ['S3InputMode enum', (i: Record<string, unknown>) => { (i['DataQualityJobInput'] as { EndpointInput: Record<string, unknown> }).EndpointInput['S3InputMode'] = 'Stream'; }, "Value 'Stream' at 'dataQualityJobInput.endpointInput.s3InputMode' failed to satisfy constraint: Member must satisfy enum value set: [Pipe, File]"],
    ['S3 URI too long', (i: Record<string, unknown>) => { i['DataQualityJobOutputConfig'] = { MonitoringOutputs: [{ S3Output: { S3Uri: `s3://b/${'k'.repeat(510)}`, LocalPath: '/out' } }] }; }, "at 'dataQualityJobOutputConfig.monitoringOutputs.1.member.s3Output.s3Uri' failed to satisfy constraint: Member must have length less than or equal to 512"],
    ['missing RoleArn', (i: Record<string, unknown>) => { delete i['RoleArn']; }, "Value null at 'roleArn' failed to satisfy constraint: Member must not be null"],
    ['no input', (i: Record<string, unknown>) => { i['DataQualityJobInput'] = {}; }, 'Exactly one of EndpointInput or BatchTransformInput must be provided'],
    ['offsets reversed', (i: Record<string, unknown>) => { Object.assign((i['DataQualityJobInput'] as { EndpointInput: object }).EndpointInput, { StartTimeOffset: '-PT1H', EndTimeOffset: '-PT2H' }); }, "StartTimeOffset '-PT1H' must be earlier than EndTimeOffset '-PT2H'"],
  ])('%s', async (_label, mutate, expected) => {
    const input = jobDefinitionInput('DataQuality', 'jd');
    mutate(input);
    const err = await failure(() => createJobDefinition(sm, 'DataQuality', input));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toContain(expected);
  });

  test('ProblemType enum for model quality', async () => {
    const input = jobDefinitionInput('ModelQuality', 'jd');
    (input['ModelQualityAppSpecification'] as Record<string, unknown>)['ProblemType'] = 'Ranking';
    const err = await failure(() => createJobDefinition(sm, 'ModelQuality', input));
    expect(err.message).toContain("Value 'Ranking' at 'modelQualityAppSpecification.problemType' failed to satisfy constraint: Member must satisfy enum value set: [BinaryClassification, MulticlassClassification, Regression]");
  });

  test.each([
    [{ ScheduleExpression: 'cron(0 12 * * ? *)' }, "Invalid ScheduleExpression 'cron(0 12 * * ? *)'"],
    [{ ScheduleExpression: 'rate(1 hour)' }, 'Invalid ScheduleExpression'],
    [{ ScheduleExpression: 'cron(0 24 ? * * *)' }, 'Invalid ScheduleExpression'],
    [{ ScheduleExpression: 'cron(0 0/25 ? * * *)' }, 'Invalid ScheduleExpression'],
    [{ ScheduleExpression: '' }, "Value '' at 'monitoringScheduleConfig.scheduleConfig.scheduleExpression' failed to satisfy constraint: Member must have length greater than or equal to 1"],
    [{ ScheduleExpression: `cron(${'0'.repeat(260)})` }, 'Member must have length less than or equal to 256'],
    [{ ScheduleExpression: 'cron(0 * ? * * *)', DataAnalysisStartTime: '-PT2H', DataAnalysisEndTime: '-PT1H' }, 'only supported for one time monitoring schedules'],
    [{ ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT1H', DataAnalysisEndTime: '-PT2H' }, 'must be earlier than DataAnalysisEndTime'],
    [{ ScheduleExpression: 'NOW', DataAnalysisStartTime: 'PT2H', DataAnalysisEndTime: '-PT1H' }, 'must be negative ISO 8601 durations'],
    [{ ScheduleExpression: 'NOW', DataAnalysisStartTime: '-P2D', DataAnalysisEndTime: '-PT1H' }, 'must not exceed 24 hours'],
  ])('schedule config %j', async (config, expected) => {
    await createJobDefinition(sm, 'DataQuality', jobDefinitionInput('DataQuality', 'jd'));
    const err = await failure(() => createSchedule(sm, 'sched', 'DataQuality', 'jd', config));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toContain(expected);
  });

  test('accepted cron forms', async () => {
    await createJobDefinition(sm, 'DataQuality', jobDefinitionInput('DataQuality', 'jd', { maxRuntime: 3600 }));
    const forms = ['cron(0 * ? * * *)', 'cron(0 0 ? * * *)', 'cron(0 23 ? * * *)', 'cron(0 1/6 ? * * *)', 'cron(0 */12 ? * * *)'];
    for (const [i, expr] of forms.entries()) await createSchedule(sm, `s${i}`, 'DataQuality', 'jd', { ScheduleExpression: expr });
    expect(server.state.schedules().map((s) => s.cadence.kind)).toEqual(['hourly', 'daily', 'daily', 'interval', 'interval']);
  });

  test('MaxRuntimeInSeconds must fit the schedule frequency (1800 for hourly model quality/bias)', async () => {
    await createJobDefinition(sm, 'ModelQuality', jobDefinitionInput('ModelQuality', 'mq', { maxRuntime: 3600 }));
    const err = await failure(() => createSchedule(sm, 'mq-hourly', 'ModelQuality', 'mq', { ScheduleExpression: 'cron(0 * ? * * *)' }));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toContain('exceeds the limit of 1800 seconds');
    await createSchedule(sm, 'mq-daily', 'ModelQuality', 'mq', { ScheduleExpression: 'cron(0 3 ? * * *)' });
    await createJobDefinition(sm, 'DataQuality', jobDefinitionInput('DataQuality', 'dq', { maxRuntime: 7200 }));
    await expect(createSchedule(sm, 'dq-hourly', 'DataQuality', 'dq', { ScheduleExpression: 'cron(0 * ? * * *)' })).rejects.toThrow('exceeds the limit of 3600 seconds');
    await createSchedule(sm, 'dq-every2', 'DataQuality', 'dq', { ScheduleExpression: 'cron(0 0/2 ? * * *)' });
  });

  test('MonitoringType must match the job definition', async () => {
    await createJobDefinition(sm, 'DataQuality', jobDefinitionInput('DataQuality', 'jd'));
    const err = await failure(() => createSchedule(sm, 's', 'ModelBias', 'jd', { ScheduleExpression: 'cron(0 * ? * * *)' }));
    expect(err.name).toBe('ValidationException');
  });
});

describe('resource errors', () => {
  test('ResourceInUse for duplicate names and for deleting a referenced job definition', async () => {
    await setUpMonitor(sm, 'ModelBias', 'bias', 'cron(0 0 ? * * *)');
    const dupJd = await failure(() => createJobDefinition(sm, 'ModelBias', jobDefinitionInput('ModelBias', 'bias-jd')));
    expect(dupJd).toBeInstanceOf(ResourceInUse);
    const dupSchedule = await failure(() => createSchedule(sm, 'bias', 'ModelBias', 'bias-jd', { ScheduleExpression: 'cron(0 0 ? * * *)' }));
    expect(dupSchedule).toBeInstanceOf(ResourceInUse);
    expect(dupSchedule.name).toBe('ResourceInUse');
    const del = await failure(() => deleteJobDefinition(sm, 'ModelBias', 'bias-jd'));
    expect(del).toBeInstanceOf(ResourceInUse);
    expect(del.message).toContain('bias');

    await sm.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: 'bias' }));
    await deleteJobDefinition(sm, 'ModelBias', 'bias-jd');
    expect(server.state.jobDefinitions()).toHaveLength(0);
  });

  test('ResourceNotFound for unknown names', async () => {
    const describe = await failure(() => sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'nope' })));
    expect(describe).toBeInstanceOf(ResourceNotFound);
    expect(describe.message).toBe("Monitoring Schedule 'arn:aws:sagemaker:us-east-1:123456789012:monitoring-schedule/nope' does not exist.");
    for (const fn of [
      () => describeJobDefinition(sm, 'ModelExplainability', 'nope'),
      () => deleteJobDefinition(sm, 'DataQuality', 'nope'),
      () => createSchedule(sm, 's', 'DataQuality', 'nope', { ScheduleExpression: 'cron(0 * ? * * *)' }),
      () => sm.send(new StopMonitoringScheduleCommand({ MonitoringScheduleName: 'nope' })),
      () => sm.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: 'nope' })),
      () => sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'nope' })),
    ]) {
      expect(await failure(fn)).toBeInstanceOf(ResourceNotFound);
    }
    // A job definition of another type is not found either.
    await createJobDefinition(sm, 'DataQuality', jobDefinitionInput('DataQuality', 'dq'));
    expect(await failure(() => describeJobDefinition(sm, 'ModelQuality', 'dq'))).toBeInstanceOf(ResourceNotFound);
  });

  test('ResourceLimitExceeded beyond the configured number of schedules', async () => {
    await createJobDefinition(sm, 'DataQuality', jobDefinitionInput('DataQuality', 'jd'));
    for (let i = 0; i < 20; i++) await createSchedule(sm, `s${i}`, 'DataQuality', 'jd', { ScheduleExpression: 'cron(0 0 ? * * *)' });
    const err = await failure(() => createSchedule(sm, 's20', 'DataQuality', 'jd', { ScheduleExpression: 'cron(0 0 ? * * *)' }));
    expect(err).toBeInstanceOf(ResourceLimitExceeded);
    expect(err.message).toContain("'Number of monitoring schedules' is 20");
  });
});

describe('schedule operations', () => {
  test('stop, start, update and list', async () => {
    await setUpMonitor(sm, 'DataQuality', 'dq', 'cron(0 * ? * * *)', { endpointName: 'ep-a' });
    await setUpMonitor(sm, 'ModelExplainability', 'ex', 'cron(0 6 ? * * *)', { endpointName: 'ep-b' });
    await server.advance(MINUTE);
    await sm.send(new StopMonitoringScheduleCommand({ MonitoringScheduleName: 'dq' }));
    expect((await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'dq' }))).MonitoringScheduleStatus).toBe('Stopped');
    await sm.send(new StartMonitoringScheduleCommand({ MonitoringScheduleName: 'dq' }));
    expect((await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'dq' }))).MonitoringScheduleStatus).toBe('Scheduled');

    await sm.send(new UpdateMonitoringScheduleCommand({
      MonitoringScheduleName: 'ex',
      MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 0/4 ? * * *)' }, MonitoringJobDefinitionName: 'ex-jd', MonitoringType: 'ModelExplainability' },
    }));
    const ex = await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'ex' }));
    expect(ex.MonitoringScheduleStatus).toBe('Pending');
    expect(ex.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression).toBe('cron(0 0/4 ? * * *)');
    expect(await failure(() => sm.send(new UpdateMonitoringScheduleCommand({
      MonitoringScheduleName: 'missing',
      MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringJobDefinitionName: 'ex-jd', MonitoringType: 'ModelExplainability' },
    })))).toBeInstanceOf(ResourceNotFound);

    const all = await sm.send(new ListMonitoringSchedulesCommand({ SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(all.MonitoringScheduleSummaries?.map((s) => [s.MonitoringScheduleName, s.MonitoringScheduleStatus, s.EndpointName, s.MonitoringType])).toEqual([
      ['dq', 'Scheduled', 'ep-a', 'DataQuality'],
      ['ex', 'Pending', 'ep-b', 'ModelExplainability'],
    ]);
    const byEndpoint = await sm.send(new ListMonitoringSchedulesCommand({ EndpointName: 'ep-b' }));
    expect(byEndpoint.MonitoringScheduleSummaries?.map((s) => s.MonitoringScheduleName)).toEqual(['ex']);
    const jds = await sm.send(new ListDataQualityJobDefinitionsCommand({}));
    expect(jds.JobDefinitionSummaries?.map((j) => [j.MonitoringJobDefinitionName, j.EndpointName])).toEqual([['dq-jd', 'ep-a']]);
  });

  test('legacy inline MonitoringJobDefinition (data quality)', async () => {
    await sm.send(new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: 'inline',
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
        MonitoringJobDefinition: {
          MonitoringInputs: [{ EndpointInput: { EndpointName: 'ep', LocalPath: '/opt/ml/processing/input' } }],
          MonitoringOutputConfig: { MonitoringOutputs: [{ S3Output: { S3Uri: 's3://reports/inline', LocalPath: '/opt/ml/processing/output' } }] },
          MonitoringResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 10 } },
          MonitoringAppSpecification: { ImageUri: 'img' },
          RoleArn: ROLE,
        },
      },
    }));
    await server.advance(60 * MINUTE + 10 * MINUTE);
    const [execution] = server.state.executions('inline');
    expect(execution?.status).toBe('Completed');
    expect(execution?.reportUri).toBe('s3://reports/inline/ep/inline/2024/01/01/01');
  });

  test('CreateProcessingJob (baselining) runs and writes fixture outputs', async () => {
    server.fixtures.setProcessingJobOutcome('baseline-1', { outputs: { 'constraints.json': { version: 0.0, features: [] }, 'statistics.json': { dataset: { item_count: 10 } } } });
    const created = await sm.send(new CreateProcessingJobCommand({
      ProcessingJobName: 'baseline-1',
      ProcessingInputs: [{ InputName: 'baseline_dataset_input', S3Input: { S3Uri: 's3://data/train.csv', LocalPath: '/opt/ml/processing/input', S3DataType: 'S3Prefix', S3InputMode: 'File' } }],
      ProcessingOutputConfig: { Outputs: [{ OutputName: 'monitoring_output', S3Output: { S3Uri: 's3://baselines/b1', LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } }] },
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } },
      AppSpecification: { ImageUri: 'analyzer' },
      Environment: { dataset_format: '{"csv": {"header": true}}' },
      RoleArn: ROLE,
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    }));
    expect(created.ProcessingJobArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:processing-job/baseline-1');
    let d = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'baseline-1' }));
    expect(d.ProcessingJobStatus).toBe('InProgress');
    expect(d.Environment).toEqual({ dataset_format: '{"csv": {"header": true}}' });
    await server.advance(5 * MINUTE);
    d = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'baseline-1' }));
    expect(d.ProcessingJobStatus).toBe('Completed');
    expect(d.ProcessingEndTime).toEqual(new Date('2024-01-01T00:05:00Z'));
    const s3 = s3Client(server);
    const obj = await s3.send(new GetObjectCommand({ Bucket: 'baselines', Key: 'b1/statistics.json' }));
    expect(JSON.parse(await obj.Body!.transformToString())).toEqual({ dataset: { item_count: 10 } });
    s3.destroy();
    expect(await failure(() => sm.send(new CreateProcessingJobCommand({
      ProcessingJobName: 'baseline-1', ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } },
      AppSpecification: { ImageUri: 'analyzer' }, RoleArn: ROLE,
    })))).toBeInstanceOf(ResourceInUse);
  });
});
