import {
  DeleteMonitoringScheduleCommand, DescribeMonitoringScheduleCommand, ListMonitoringExecutionsCommand, ListMonitoringSchedulesCommand,
  SageMakerServiceException, StartMonitoringScheduleCommand, StopMonitoringScheduleCommand, type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { startLocalSageMaker, type LocalSageMaker } from '@mmg/local-sagemaker';
import { deleteJobDefinition, describeJobDefinition, failure, HOUR, sageMaker, setUpMonitor, TYPES } from './helpers.js';

let server: LocalSageMaker;
const clients: SageMakerClient[] = [];
const client = (maxAttempts: number): SageMakerClient => {
  const c = sageMaker(server, maxAttempts);
  clients.push(c);
  return c;
};

// The SDK's standard retry strategy jitters its backoff (base 1 s for throttling) with Math.random.
// Shrinking the jitter keeps the suite fast without changing which errors are retried.
const realRandom = Math.random;
beforeEach(async () => {
  server = await startLocalSageMaker();
  Math.random = () => 0.002;
});
afterEach(async () => {
  Math.random = realRandom;
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

const describeMissing = (c: SageMakerClient) => c.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'missing' }));

test('error wire format: __type body and x-amzn-ErrorType header', async () => {
  server.faults.failNext('ListMonitoringSchedules', 'ThrottlingException');
  const res = await fetch(server.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'SageMaker.ListMonitoringSchedules' },
    body: '{}',
  });
  expect(res.status).toBe(400);
  expect(res.headers.get('x-amzn-errortype')).toBe('ThrottlingException');
  expect(await res.json()).toEqual({ __type: 'ThrottlingException', message: 'Rate exceeded' });
  const ok = await fetch(server.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'SageMaker.ListMonitoringSchedules' },
    body: '{}',
  });
  expect(ok.headers.get('content-type')).toBe('application/x-amz-json-1.1');
  expect(await ok.json()).toEqual({ MonitoringScheduleSummaries: [] });
});

test.each([
  ['ThrottlingException', 400, 'client'],
  ['InternalFailure', 500, 'server'],
  ['ServiceUnavailable', 503, 'server'],
])('%s surfaces with its name and HTTP %i when retries are exhausted', async (errorName, status, fault) => {
  server.faults.failNext('DescribeMonitoringSchedule', errorName, 2);
  const err = await failure(() => describeMissing(client(2)));
  expect(err).toBeInstanceOf(SageMakerServiceException);
  expect(err.name).toBe(errorName);
  expect(err.$metadata?.httpStatusCode).toBe(status);
  expect(err.$fault).toBe(fault);
  expect(err.$metadata?.attempts).toBe(2);
  expect(server.faults.stats.targeted).toBe(2);
});

test('throttling and 5xx are retried by the standard strategy; validation and not-found are not', async () => {
  server.faults.failNext('DescribeMonitoringSchedule', 'ThrottlingException', 1);
  server.faults.failNext('DescribeMonitoringSchedule', 'ServiceUnavailable', 1);
  server.faults.failNext('DescribeMonitoringSchedule', 'InternalFailure', 1);
  const err = await failure(() => describeMissing(client(5)));
  expect(err.name).toBe('ResourceNotFound'); // reached the handler on attempt 4
  expect(err.$metadata?.attempts).toBe(4);
  expect(server.requests.map((r) => r.fault ?? 'ok')).toEqual(['ThrottlingException', 'ServiceUnavailable', 'InternalFailure', 'ok']);

  server.faults.failNext('ListMonitoringSchedules', 'ValidationException', 1);
  const validation = await failure(() => client(5).send(new ListMonitoringSchedulesCommand({})));
  expect(validation.name).toBe('ValidationException');
  expect(validation.$metadata?.attempts).toBe(1);
});

test('30% throttling + 5% server errors: a whole sequence still completes with retries', async () => {
  const sm = client(10);
  server.faults.set({ throttleRate: 0.3, serverErrorRate: 0.05, seed: 42 });
  let operations = 0;
  const op = async <T>(p: Promise<T>): Promise<T> => {
    operations += 1;
    return p;
  };
  for (const type of TYPES) {
    // setUpMonitor sends two requests (job definition + schedule)
    operations += 2;
    await setUpMonitor(sm, type, `m-${type.toLowerCase()}`, 'cron(0 * ? * * *)');
    await op(describeJobDefinition(sm, type, `m-${type.toLowerCase()}-jd`));
    await op(sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: `m-${type.toLowerCase()}` })));
  }
  await server.advance(3 * HOUR);
  const listed = await op(sm.send(new ListMonitoringExecutionsCommand({ MaxResults: 100 })));
  expect(listed.MonitoringExecutionSummaries).toHaveLength(12);
  await op(sm.send(new StopMonitoringScheduleCommand({ MonitoringScheduleName: 'm-dataquality' })));
  await op(sm.send(new StartMonitoringScheduleCommand({ MonitoringScheduleName: 'm-dataquality' })));
  const schedules = await op(sm.send(new ListMonitoringSchedulesCommand({})));
  expect(schedules.MonitoringScheduleSummaries).toHaveLength(4);
  for (const type of TYPES) {
    await op(sm.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: `m-${type.toLowerCase()}` })));
    await op(deleteJobDefinition(sm, type, `m-${type.toLowerCase()}-jd`));
  }
  expect(server.state.schedules()).toHaveLength(0);
  expect(server.state.jobDefinitions()).toHaveLength(0);

  const { throttled, serverErrors } = server.faults.stats;
  expect(throttled).toBeGreaterThan(5);
  expect(serverErrors).toBeGreaterThan(0);
  // Every injected fault cost exactly one extra request; nothing else failed.
  const faulted = server.requests.filter((r) => r.fault !== undefined);
  expect(faulted).toHaveLength(throttled + serverErrors);
  expect(server.requests).toHaveLength(operations + throttled + serverErrors);
  expect(new Set(faulted.map((r) => r.fault))).toEqual(new Set(['ThrottlingException', 'InternalFailure', 'ServiceUnavailable']));
});

test('fault decisions are deterministic for a seed', async () => {
  const pattern = async (): Promise<string[]> => {
    server.faults.reset();
    server.faults.set({ throttleRate: 0.3, serverErrorRate: 0.05, seed: 9 });
    server.requests.length = 0;
    const sm = client(10);
    for (let i = 0; i < 15; i++) await sm.send(new ListMonitoringSchedulesCommand({}));
    return server.requests.map((r) => r.fault ?? 'ok');
  };
  const first = await pattern();
  expect(await pattern()).toEqual(first);
  expect(first.filter((f) => f === 'ok')).toHaveLength(15);
});

test('latency is added to every request', async () => {
  server.faults.set({ latencyMs: 30 });
  const started = performance.now();
  await client(1).send(new ListMonitoringSchedulesCommand({}));
  expect(performance.now() - started).toBeGreaterThanOrEqual(25);
});
