// Progress of running executions and baseline jobs in the API: stored by the syncs from
// what the backend reports (the in-process backend here; the built-in engine's own
// reports are tested in test/engine-backend/progress-rows.test.ts).
import type { ProgressReport } from '../../src/backends/progress.js';
import type { BackendExecution } from '../../src/backends/types.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

const PROGRESS = 'progress { phase fraction partitionsDone partitionsTotal objectsRead recordsRead updatedAt }';
const T = new Date('2026-11-22T10:00:00Z');
const report = (over: Partial<ProgressReport>): ProgressReport => ({
  phase: 'READING_CAPTURES', partitionsDone: 1, partitionsTotal: 4, objectsRead: 3, recordsRead: 1200, updatedAt: '2026-11-22T11:00:02.000Z', ...over,
});

describe('execution progress', () => {
  const run = (over: Partial<BackendExecution>): BackendExecution => ({
    executionId: 'e-progress', status: 'IN_PROGRESS', scheduledTime: T, startedAt: T, endedAt: null, failureReason: null, reportUri: null, ...over,
  });

  it('shows what the backend last reported while running, and the final report once finished', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const read = async () => (await team.call(`query($s: ID) { executions(filter: { scheduleId: $s }) { edges { node { status ${PROGRESS} } } } }`, { s: s.id }))['executions'].edges.map((e: any) => e.node);

    env.backends.BUILTIN.putExecution(s.name, run({ progress: report({}) }));
    await env.gateway.services.executions.syncSchedule(team.id, s.id);
    expect(await read()).toEqual([{ status: 'IN_PROGRESS', progress: { ...report({}), fraction: 0.25 } }]);

    // A running execution is re-read on each poll: its progress moves on.
    env.backends.BUILTIN.putExecution(s.name, run({ progress: report({ partitionsDone: 3, objectsRead: 9, recordsRead: 5000, updatedAt: '2026-11-22T11:00:04.000Z' }) }));
    await env.gateway.services.executions.syncSchedule(team.id, s.id);
    expect((await read())[0].progress).toMatchObject({ partitionsDone: 3, fraction: 0.75, recordsRead: 5000, updatedAt: '2026-11-22T11:00:04.000Z' });

    const done = report({ phase: 'DONE', partitionsDone: 4, objectsRead: 12, recordsRead: 6400, updatedAt: '2026-11-22T11:00:05.000Z' });
    env.backends.BUILTIN.putExecution(s.name, run({ status: 'COMPLETED', endedAt: T, progress: done }));
    await env.gateway.services.executions.syncSchedule(team.id, s.id);
    expect(await read()).toEqual([{ status: 'COMPLETED', progress: { ...done, fraction: 1 } }]);
  });

  it('is null when the backend reports none (SageMaker), and when the partitions are unknown so is the fraction', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    env.backends.BUILTIN.putExecution(s.name, run({ executionId: 'a', progress: report({ phase: 'LISTING', partitionsDone: null, partitionsTotal: null, objectsRead: 0, recordsRead: 0 }) }));
    env.backends.BUILTIN.putExecution(s.name, run({ executionId: 'b', scheduledTime: new Date(T.getTime() + 3_600_000) }));
    await env.gateway.services.executions.syncSchedule(team.id, s.id);
    const nodes = (await team.call(`query($s: ID) { executions(filter: { scheduleId: $s }) { edges { node { backendExecutionId ${PROGRESS} } } } }`, { s: s.id }))['executions'].edges.map((e: any) => e.node);
    expect(nodes).toEqual([
      { backendExecutionId: 'b', progress: null },
      { backendExecutionId: 'a', progress: { phase: 'LISTING', fraction: null, partitionsDone: null, partitionsTotal: null, objectsRead: 0, recordsRead: 0, updatedAt: '2026-11-22T11:00:02.000Z' } },
    ]);
  });

  it('a stored report that does not parse is shown as null, and the query still succeeds', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const garbage = { phase: 'SLEEPING', objectsRead: -1 } as unknown as ProgressReport;
    env.backends.BUILTIN.putExecution(s.name, run({ progress: garbage }));
    const [row] = (await env.gateway.services.executions.syncSchedule(team.id, s.id)).written;
    expect(row!.progress).toEqual(garbage); // stored as reported
    const one = (await team.call(`query($id: ID!) { execution(id: $id) { status ${PROGRESS} } }`, { id: row!.id }))['execution'];
    expect(one).toEqual({ status: 'IN_PROGRESS', progress: null });
  });
});

describe('baseline progress', () => {
  it('shows the job progress while IN_PROGRESS, writes only when it changed, and is null once COMPLETED', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const requested = (await team.call(`mutation($m: ID!) { requestBaseline(input: { monitorId: $m, datasetUri: "s3://train/churn/", datasetFormat: { csvHeader: true } }) { id ${PROGRESS} } }`, { m: m.id }))['requestBaseline'];
    expect(requested.progress).toBeNull();
    const job = env.backends.BUILTIN.baselineJobs().find((j) => j.request.baselineId === requested.id)!;
    const read = async () => (await team.call(`query($id: ID!) { baseline(id: $id) { status updatedAt ${PROGRESS} } }`, { id: requested.id }))['baseline'];

    const reading = report({ phase: 'READING_DATASET', partitionsDone: 1, partitionsTotal: 2, objectsRead: 2, recordsRead: 30 });
    env.backends.BUILTIN.finishBaseline(job.jobRef, { status: 'IN_PROGRESS', progress: reading });
    await env.gateway.services.baselines.sync(team.id, requested.id);
    const first = await read();
    expect(first).toMatchObject({ status: 'IN_PROGRESS', progress: { ...reading, fraction: 0.5 } });
    await env.gateway.services.baselines.sync(team.id, requested.id); // same report: nothing written
    expect((await read()).updatedAt).toBe(first.updatedAt);

    env.backends.BUILTIN.finishBaseline(job.jobRef, { status: 'COMPLETED', statistics: { dataset: { item_count: 50 } }, constraints: { features: [] } });
    await env.gateway.services.baselines.sync(team.id, requested.id);
    expect(await read()).toMatchObject({ status: 'COMPLETED', progress: null });
  });
});
