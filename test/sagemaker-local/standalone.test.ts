// What a standalone local server offers beyond the AWS API: setting a schedule's next
// outcome over HTTP (real report files handed in as they are), and ListProcessingJobs as
// @aws-sdk/client-sagemaker calls it.
import { ListProcessingJobsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import type { SageMakerBackend } from '../../src/sagemaker/backend.js';
import { credentials, localSageMaker, monitorOf, scheduleOf } from '../sagemaker/support.js';

const HOUR = 3_600_000;
let server: LocalSageMaker;
let backend: SageMakerBackend;
let sm: SageMakerClient;
beforeEach(async () => {
  ({ server, backend } = await localSageMaker());
  sm = new SageMakerClient({ region: 'us-east-1', endpoint: server.endpoint, credentials, maxAttempts: 1 });
});
afterEach(() => server.close());

const control = (path: string, body: unknown) =>
  fetch(`${server.endpoint}/_local/${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST /_local/outcomes/<schedule>', () => {
  it('writes the given report files verbatim for the next execution; its status follows the violations file', async () => {
    const m = monitorOf('MODEL_EXPLAINABILITY');
    await backend.createSchedule(m, scheduleOf('shap'));
    const violations = '{"version":"1.0","violations":[{"label":"label0","metric_name":"shap","constraint_check_type":"feature_attribution_drift_check","description":"drift 0.76"}]}';
    const analysis = '{"version":"1.0","explanations":{"kernel_shap":{"label0":{"global_shap_values":{"age":NaN},"expected_value":0.5}}}}';
    const res = await control('outcomes/shap', { files: { 'constraint_violations.json': violations, 'analysis.json': analysis } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ scheduleName: 'shap', queued: true });
    await server.advance(2 * HOUR + 30 * 60_000);
    const [first, second] = server.state.executions('shap');
    expect(first).toMatchObject({ status: 'CompletedWithViolations', violationCount: 1 });
    expect(server.s3.getText(`${first!.reportUri}/constraint_violations.json`)).toBe(violations);
    expect(server.s3.getText(`${first!.reportUri}/analysis.json`)).toBe(analysis);
    expect(second).toMatchObject({ status: 'Completed' }); // queued for one execution only
  });

  it('"default": true applies to every execution; bad outcomes are refused and change nothing', async () => {
    await backend.createSchedule(monitorOf('DATA_QUALITY'), scheduleOf('dq'));
    for (const bad of [{ status: 'Done' }, { violations: 'x' }, { files: { '../x': '{}' } }, '{not json']) {
      const res = await control('outcomes/dq', bad);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ __type: expect.stringContaining('ValidationException') });
    }
    expect((await control('outcomes/dq', { default: true, status: 'Failed', failureReason: 'AlgorithmError: no data' })).status).toBe(200);
    await server.advance(3 * HOUR);
    expect(server.state.executions('dq').filter((e) => e.finalized).map((e) => [e.status, e.failureReason])).toEqual([
      ['Failed', 'AlgorithmError: no data'], ['Failed', 'AlgorithmError: no data'],
    ]);
  });
});

describe('ListProcessingJobs', () => {
  it('lists baselining and execution jobs with the AWS filters, sort orders and pagination', async () => {
    const m = monitorOf('DATA_QUALITY');
    await backend.suggestBaseline(m, { baselineId: 'b', version: 1, datasetUri: 's3://train/churn.csv', datasetFormat: { csvHeader: true }, columnNames: null });
    await backend.createSchedule(m, scheduleOf('dq'));
    server.fixtures.setDefaultOutcome('dq', { status: 'Failed', failureReason: 'AlgorithmError: boom' });
    await server.advance(3 * HOUR + 30 * 60_000);
    const names = (out: { ProcessingJobSummaries?: Array<{ ProcessingJobName?: string }> }) => (out.ProcessingJobSummaries ?? []).map((j) => j.ProcessingJobName!);

    const all = await sm.send(new ListProcessingJobsCommand({}));
    const executionJobs = server.state.executions('dq').map((e) => e.processingJobName);
    const baselineJob = server.state.processingJobs()[0]!.name;
    expect(names(all)).toEqual([...executionJobs].reverse().concat(baselineJob)); // newest first
    expect(all.ProcessingJobSummaries![0]).toMatchObject({ ProcessingJobStatus: 'Failed', FailureReason: 'AlgorithmError: boom', CreationTime: expect.any(Date) });

    expect(names(await sm.send(new ListProcessingJobsCommand({ StatusEquals: 'Completed' })))).toEqual([baselineJob]);
    expect(names(await sm.send(new ListProcessingJobsCommand({ NameContains: 'model-monitoring-', SortOrder: 'Ascending' })))).toEqual(executionJobs);
    expect(names(await sm.send(new ListProcessingJobsCommand({ SortBy: 'Name', SortOrder: 'Ascending' })))).toEqual([...executionJobs, baselineJob].sort());
    const after = server.state.executions('dq')[0]!.startTime;
    expect(names(await sm.send(new ListProcessingJobsCommand({ CreationTimeAfter: after, SortOrder: 'Ascending' })))).toEqual(executionJobs.slice(1));
    expect(names(await sm.send(new ListProcessingJobsCommand({ CreationTimeBefore: after })))).toEqual([baselineJob]);

    const page1 = await sm.send(new ListProcessingJobsCommand({ MaxResults: 2, SortOrder: 'Ascending' }));
    const page2 = await sm.send(new ListProcessingJobsCommand({ MaxResults: 2, SortOrder: 'Ascending', NextToken: page1.NextToken }));
    expect([...names(page1), ...names(page2)]).toEqual([baselineJob, ...executionJobs]);
    expect(page2.NextToken).toBeUndefined();
    await expect(sm.send(new ListProcessingJobsCommand({ StatusEquals: 'Done' as never }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
