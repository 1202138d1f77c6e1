import {
  DeleteMonitoringScheduleCommand, DescribeMonitoringScheduleCommand, DescribeProcessingJobCommand, ListMonitoringExecutionsCommand, StartMonitoringScheduleCommand,
  StopMonitoringScheduleCommand, type MonitoringExecutionSummary, type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { startLocalSageMaker, type LocalSageMaker, type LocalSageMakerOptions } from '@mmg/local-sagemaker';
import { failure, HOUR, MINUTE, s3Client, sageMaker, setUpMonitor } from './helpers.js';

let server: LocalSageMaker;
let sm: SageMakerClient;
let s3: S3Client;

async function start(options: LocalSageMakerOptions = {}): Promise<void> {
  server = await startLocalSageMaker(options);
  sm = sageMaker(server);
  s3 = s3Client(server);
}
afterEach(async () => {
  sm.destroy();
  s3.destroy();
  await server.close();
});

const executions = async (name: string): Promise<MonitoringExecutionSummary[]> =>
  (await sm.send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: name, SortOrder: 'Ascending', MaxResults: 100 }))).MonitoringExecutionSummaries ?? [];

const readJson = async (bucket: string, key: string): Promise<unknown> => {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse(await out.Body!.transformToString());
};

test('life cycle: Pending → InProgress → Completed, with its processing job', async () => {
  await start({ startDelayMs: 5 * MINUTE, executionRunMs: 10 * MINUTE });
  await setUpMonitor(sm, 'DataQuality', 'dq', 'cron(0 * ? * * *)', { endpointName: 'ep' });
  await server.advance(59 * MINUTE);
  expect(await executions('dq')).toEqual([]);

  await server.advance(MINUTE); // 01:00
  let [e] = await executions('dq');
  expect(e).toEqual({
    MonitoringScheduleName: 'dq', ScheduledTime: new Date('2024-01-01T01:00:00Z'), CreationTime: new Date('2024-01-01T01:00:00Z'),
    LastModifiedTime: new Date('2024-01-01T01:00:00Z'), MonitoringExecutionStatus: 'Pending', EndpointName: 'ep',
    MonitoringJobDefinitionName: 'dq-jd', MonitoringType: 'DataQuality',
  });

  await server.advance(5 * MINUTE); // 01:05
  [e] = await executions('dq');
  expect(e?.MonitoringExecutionStatus).toBe('InProgress');
  expect(e?.LastModifiedTime).toEqual(new Date('2024-01-01T01:05:00Z'));
  const jobName = e!.ProcessingJobArn!.split('/')[1]!;
  expect(jobName).toMatch(/^model-monitoring-202401010100-[0-9a-f]{8}$/);
  let job = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: jobName }));
  expect(job.ProcessingJobStatus).toBe('InProgress');

  await server.advance(10 * MINUTE); // 01:15
  [e] = await executions('dq');
  expect(e?.MonitoringExecutionStatus).toBe('Completed');
  expect(e?.LastModifiedTime).toEqual(new Date('2024-01-01T01:15:00Z'));
  job = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: jobName }));
  expect(job).toMatchObject({
    ProcessingJobStatus: 'Completed',
    ExitMessage: 'Completed: Job completed successfully with no violations.',
    ProcessingStartTime: new Date('2024-01-01T01:05:00Z'),
    ProcessingEndTime: new Date('2024-01-01T01:15:00Z'),
    ProcessingOutputConfig: { Outputs: [{ OutputName: 'result', S3Output: { S3Uri: 's3://reports/dq-jd/ep/dq/2024/01/01/01', LocalPath: '/opt/ml/processing/output', S3UploadMode: 'Continuous' } }] },
    MonitoringScheduleArn: 'arn:aws:sagemaker:us-east-1:123456789012:monitoring-schedule/dq',
    RoleArn: 'arn:aws:iam::123456789012:role/service-role/ModelMonitorRole',
  });
  const d = await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'dq' }));
  expect(d.LastMonitoringExecutionSummary?.MonitoringExecutionStatus).toBe('Completed');
  // No fixture: an empty violation list, no invented statistics.
  expect(await readJson('reports', 'dq-jd/ep/dq/2024/01/01/01/constraint_violations.json')).toEqual({ violations: [] });
  expect(server.s3.keys('reports')).toEqual(['dq-jd/ep/dq/2024/01/01/01/constraint_violations.json']);
});

test('hourly vs daily vs every-N cadences', async () => {
  await start();
  await setUpMonitor(sm, 'DataQuality', 'hourly', 'cron(0 * ? * * *)');
  await setUpMonitor(sm, 'ModelQuality', 'daily', 'cron(0 6 ? * * *)');
  await setUpMonitor(sm, 'ModelExplainability', 'every6', 'cron(0 2/6 ? * * *)');
  for (let h = 0; h < 48; h++) await server.advance(HOUR); // up to 2024-01-03T00:00
  const hours = async (name: string) => (await executions(name)).map((e) => e.ScheduledTime!.toISOString().slice(8, 13));
  expect(await hours('hourly')).toHaveLength(48);
  expect(await hours('daily')).toEqual(['01T06', '02T06']);
  expect(await hours('every6')).toEqual(['01T02', '01T08', '01T14', '01T20', '02T02', '02T08', '02T14', '02T20']);
  expect((await executions('every6')).every((e) => e.MonitoringExecutionStatus === 'Completed')).toBe(true);
});

test('a big clock jump produces the same executions as small steps', async () => {
  await start();
  await setUpMonitor(sm, 'DataQuality', 'hourly', 'cron(0 * ? * * *)');
  await server.advance(10 * HOUR + 30 * MINUTE);
  const list = await executions('hourly');
  expect(list).toHaveLength(10);
  expect(list.every((e) => e.MonitoringExecutionStatus === 'Completed')).toBe(true);
  expect(list.map((e) => e.LastModifiedTime!.getUTCMinutes())).toEqual(new Array(10).fill(10));
});

test('NOW runs exactly once, right away', async () => {
  await start();
  await setUpMonitor(sm, 'ModelBias', 'once', 'NOW');
  await server.advance(1000);
  let list = await executions('once');
  expect(list).toHaveLength(1);
  expect(list[0]?.ScheduledTime).toEqual(new Date('2024-01-01T00:00:01Z'));
  await server.advance(30 * HOUR);
  list = await executions('once');
  expect(list).toHaveLength(1);
  expect(list[0]?.MonitoringExecutionStatus).toBe('Completed');
  expect(list[0]?.MonitoringType).toBe('ModelBias');
});

test('Stop prevents new executions; Start resumes without back-filling', async () => {
  await start();
  await setUpMonitor(sm, 'DataQuality', 'dq', 'cron(0 * ? * * *)');
  await server.advance(2 * HOUR + MINUTE); // runs at 01:00 and 02:00
  await sm.send(new StopMonitoringScheduleCommand({ MonitoringScheduleName: 'dq' }));
  await server.advance(5 * HOUR);
  expect(await executions('dq')).toHaveLength(2);
  await sm.send(new StartMonitoringScheduleCommand({ MonitoringScheduleName: 'dq' })); // 07:01
  await server.advance(2 * HOUR); // 08:00 and 09:00
  expect((await executions('dq')).map((e) => e.ScheduledTime!.getUTCHours())).toEqual([1, 2, 8, 9]);
});

test('fixtures: violations reach constraint_violations.json; statistics and failures', async () => {
  await start();
  await setUpMonitor(sm, 'DataQuality', 'dq', 'cron(0 * ? * * *)', { endpointName: 'churn' });
  await setUpMonitor(sm, 'DataQuality', 'batch-dq', 'cron(0 * ? * * *)', { batch: true, outputUri: 's3://reports/batch-out/' });
  const violations = [
    { feature_name: 'age', constraint_check_type: 'data_type_check', description: 'Data type match requirement is not met.' },
    { feature_name: 'income', constraint_check_type: 'baseline_drift_check', description: 'Baseline drift distance: 0.2 exceeds threshold: 0.1' },
  ];
  const statistics = { version: 0.0, dataset: { item_count: 42 }, features: [{ name: 'age', inferred_type: 'Integral', numerical_statistics: { common: { num_present: 42, num_missing: 0 }, mean: 37.5 } }] };
  server.fixtures.setNextOutcome('dq', { violations, statistics });
  server.fixtures.setNextOutcome('dq', { status: 'Failed', failureReason: 'AlgorithmError: no data captured' });
  server.fixtures.setDefaultOutcome('batch-dq', { violations: [violations[0]!] });
  await server.advance(3 * HOUR + 30 * MINUTE);

  const list = await executions('dq');
  expect(list.map((e) => e.MonitoringExecutionStatus)).toEqual(['CompletedWithViolations', 'Failed', 'Completed']);
  expect(list[1]?.FailureReason).toBe('AlgorithmError: no data captured');
  const prefix = 'dq-jd/churn/dq/2024/01/01/01/';
  expect(await readJson('reports', `${prefix}constraint_violations.json`)).toEqual({ violations });
  expect(await readJson('reports', `${prefix}statistics.json`)).toEqual(statistics);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'reports', Prefix: 'dq-jd/churn/dq/' }));
  expect(listed.Contents?.map((c) => c.Key)).toEqual([
    `${prefix}constraint_violations.json`, `${prefix}statistics.json`, 'dq-jd/churn/dq/2024/01/01/03/constraint_violations.json',
  ]);
  const jobName = list[0]!.ProcessingJobArn!.split('/')[1]!;
  const job = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: jobName }));
  expect(job.ExitMessage).toBe('CompletedWithViolations: Job completed successfully with 2 violations.');
  const failedJob = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: list[1]!.ProcessingJobArn!.split('/')[1]! }));
  expect(failedJob).toMatchObject({ ProcessingJobStatus: 'Failed', FailureReason: 'AlgorithmError: no data captured' });

  const batch = await executions('batch-dq');
  expect(batch.map((e) => e.MonitoringExecutionStatus)).toEqual(['CompletedWithViolations', 'CompletedWithViolations', 'CompletedWithViolations']);
  expect(batch[0]?.EndpointName).toBeUndefined();
  expect(await readJson('reports', 'batch-out/batch/batch-dq/2024/01/01/02/constraint_violations.json')).toEqual({ violations: [violations[0]] });
});

test('a report producer can replace fixtures', async () => {
  const calls: string[] = [];
  await start({
    reportProducer: async (execution, jobDefinition) => {
      calls.push(`${execution.scheduleName}@${execution.scheduledTime.toISOString()} ${jobDefinition.type} ${jobDefinition.name}`);
      if (execution.scheduledTime.getUTCHours() === 2) throw new Error('engine crashed');
      return { violations: [{ feature_name: 'x', constraint_check_type: 'completeness_check', description: 'too many missing' }], statistics: { dataset: { item_count: 1 } } };
    },
  });
  await setUpMonitor(sm, 'ModelQuality', 'mq', 'cron(0 * ? * * *)');
  await server.advance(2 * HOUR + 30 * MINUTE);
  expect(calls).toEqual(['mq@2024-01-01T01:00:00.000Z ModelQuality mq-jd', 'mq@2024-01-01T02:00:00.000Z ModelQuality mq-jd']);
  const list = await executions('mq');
  expect(list.map((e) => e.MonitoringExecutionStatus)).toEqual(['CompletedWithViolations', 'Failed']);
  expect(list[1]?.FailureReason).toBe('AlgorithmError: engine crashed');
  expect(await readJson('reports', 'mq-jd/my-endpoint/mq/2024/01/01/01/statistics.json')).toEqual({ dataset: { item_count: 1 } });
});

test('seeded start delays are deterministic and within 0–20 minutes', async () => {
  const delays = async (): Promise<number[]> => {
    await start({ maxStartDelayMs: 20 * MINUTE, seed: 7, executionRunMs: 5 * MINUTE });
    await setUpMonitor(sm, 'DataQuality', 'dq', 'cron(0 * ? * * *)');
    await server.advance(12 * HOUR);
    const out = server.state.executions('dq').map((e) => e.startTime.getTime() - e.scheduledTime.getTime());
    sm.destroy();
    s3.destroy();
    await server.close();
    return out;
  };
  const first = await delays();
  const second = await delays();
  await start(); // for afterEach
  expect(first).toHaveLength(12);
  expect(first).toEqual(second);
  expect(first.every((d) => d >= 0 && d < 20 * MINUTE)).toBe(true);
  expect(new Set(first).size).toBeGreaterThan(1);
});

test('runs longer than MaxRuntimeInSeconds fail at the limit', async () => {
  await start({ executionRunMs: 45 * MINUTE, startDelayMs: 20 * MINUTE });
  await setUpMonitor(sm, 'DataQuality', 'dq', 'cron(0 * ? * * *)', { maxRuntime: 1800 });
  await server.advance(HOUR + 50 * MINUTE);
  const [e] = await executions('dq');
  expect(e?.MonitoringExecutionStatus).toBe('Failed');
  expect(e?.FailureReason).toContain('MaxRuntimeInSeconds');
  expect(e?.LastModifiedTime).toEqual(new Date('2024-01-01T01:50:00Z'));
  await server.advance(HOUR); // the 01:00 run ended at 01:50, so 02:00 runs
  expect(await executions('dq')).toHaveLength(2);
  expect(server.state.skippedExecutions()).toBe(0);
});

test('a run still going at the next scheduled time makes SageMaker skip that run', async () => {
  await start({ executionRunMs: 50 * MINUTE, startDelayMs: 20 * MINUTE });
  await setUpMonitor(sm, 'DataQuality', 'dq', 'cron(0 * ? * * *)', { maxRuntime: 3600 });
  await server.advance(6 * HOUR); // 01:00 runs until 02:10, so 02:00 is skipped; likewise 04:00 and 06:00
  expect((await executions('dq')).map((e) => e.ScheduledTime!.getUTCHours())).toEqual([1, 3, 5]);
  expect(server.state.skippedExecutions()).toBe(3);
});

test('ListMonitoringExecutions: pagination over >100 executions and filters', async () => {
  await start();
  await setUpMonitor(sm, 'DataQuality', 'a', 'cron(0 * ? * * *)', { endpointName: 'ep-a' });
  await setUpMonitor(sm, 'ModelQuality', 'b', 'cron(0 0/12 ? * * *)', { endpointName: 'ep-b' });
  server.fixtures.setDefaultOutcome('a', { violations: [{ feature_name: 'f', constraint_check_type: 'data_type_check', description: 'd' }] });
  server.fixtures.setNextOutcome('b', { status: 'Failed', failureReason: 'boom' });
  await server.advance(150 * HOUR + 5 * MINUTE); // a: 150 runs (last InProgress); b: 12 runs

  const all: MonitoringExecutionSummary[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await sm.send(new ListMonitoringExecutionsCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
    all.push(...(page.MonitoringExecutionSummaries ?? []));
    token = page.NextToken;
    pages += 1;
  } while (token);
  expect(pages).toBe(2);
  expect(all).toHaveLength(162);
  // Default order: CreationTime (here equal to ScheduledTime) descending.
  const times = all.map((e) => e.ScheduledTime!.getTime());
  expect([...times].sort((x, y) => y - x)).toEqual(times);

  const first = await sm.send(new ListMonitoringExecutionsCommand({}));
  expect(first.MonitoringExecutionSummaries).toHaveLength(10);
  expect(first.NextToken).toBeDefined();

  const count = async (input: ConstructorParameters<typeof ListMonitoringExecutionsCommand>[0]): Promise<number> => {
    let n = 0;
    let next: string | undefined;
    do {
      const page = await sm.send(new ListMonitoringExecutionsCommand({ ...input, MaxResults: 100, ...(next ? { NextToken: next } : {}) }));
      n += page.MonitoringExecutionSummaries?.length ?? 0;
      next = page.NextToken;
    } while (next);
    return n;
  };
  expect(await count({ MonitoringScheduleName: 'a' })).toBe(150);
  expect(await count({ EndpointName: 'ep-b' })).toBe(12);
  expect(await count({ MonitoringTypeEquals: 'ModelQuality' })).toBe(12);
  expect(await count({ MonitoringJobDefinitionName: 'a-jd' })).toBe(150);
  expect(await count({ StatusEquals: 'CompletedWithViolations' })).toBe(149);
  expect(await count({ StatusEquals: 'InProgress' })).toBe(1);
  expect(await count({ StatusEquals: 'Failed' })).toBe(1);
  expect(await count({ StatusEquals: 'Completed' })).toBe(11);
  const after = new Date('2024-01-02T00:00:00Z');
  const before = new Date('2024-01-03T00:00:00Z');
  expect(await count({ ScheduledTimeAfter: after, ScheduledTimeBefore: before })).toBe(23 + 1); // a: 01..23h, b: 12h
  expect(await count({ MonitoringScheduleName: 'a', CreationTimeAfter: after, CreationTimeBefore: before })).toBe(23);
  expect(await count({ MonitoringScheduleName: 'a', LastModifiedTimeBefore: new Date('2024-01-01T05:00:00Z') })).toBe(4);
  expect(await count({ MonitoringScheduleName: 'nobody' })).toBe(0);

  const asc = await sm.send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: 'b', SortBy: 'ScheduledTime', SortOrder: 'Ascending', MaxResults: 3 }));
  expect(asc.MonitoringExecutionSummaries?.map((e) => e.ScheduledTime!.toISOString())).toEqual([
    '2024-01-01T12:00:00.000Z', '2024-01-02T00:00:00.000Z', '2024-01-02T12:00:00.000Z',
  ]);
  const byStatus = await sm.send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: 'b', SortBy: 'Status', SortOrder: 'Ascending', MaxResults: 1 }));
  expect(byStatus.MonitoringExecutionSummaries?.[0]?.MonitoringExecutionStatus).toBe('Completed');

  const tooMany = await failure(() => sm.send(new ListMonitoringExecutionsCommand({ MaxResults: 101 })));
  expect(tooMany.name).toBe('ValidationException');
  expect(tooMany.message).toBe("1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100");
  const zero = await failure(() => sm.send(new ListMonitoringExecutionsCommand({ MaxResults: 0 })));
  expect(zero.message).toContain('Member must have value greater than or equal to 1');
  const badToken = await failure(() => sm.send(new ListMonitoringExecutionsCommand({ NextToken: 'garbage' })));
  expect(badToken.name).toBe('ValidationException');
  // A token is bound to the query it came from.
  const otherQuery = await failure(() => sm.send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: 'b', NextToken: first.NextToken! })));
  expect(otherQuery.name).toBe('ValidationException');
  const badStatus = await failure(() => sm.send(new ListMonitoringExecutionsCommand({ StatusEquals: 'Done' as never })));
  expect(badStatus.message).toContain("Value 'Done' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set");
});

test('delete keeps execution history', async () => {
  await start();
  await setUpMonitor(sm, 'DataQuality', 'dq', 'cron(0 * ? * * *)');
  await server.advance(2 * HOUR);
  await sm.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: 'dq' }));
  await server.advance(2 * HOUR);
  expect(await executions('dq')).toHaveLength(2);
});
