// moveMonitor between the two real backends: the schedules leave one backend for the other
// (a stopped one stays stopped), the baseline versions and the history stay, one audit event;
// a refusal or a failure halfway leaves both backends and the database as they were.
import { MONITOR_TYPES, type MonitorType } from '../../src/kernel/monitor-config.js';
import { gql, refused } from '../support/gateway.js';
import { teamRowCounts } from '../support/db.js';
import { monitorInput, type TeamFixture } from '../support/seed.js';
import { startTwoBackends, type TwoBackends } from './move-support.js';
import { teamTag } from '../../src/sagemaker/naming.js';

let t: TwoBackends;
beforeAll(async () => {
  t = await startTwoBackends();
});
afterAll(async () => {
  await t.stop();
});

const MOVE = 'mutation($id: ID!, $b: Backend!, $dry: Boolean) { moveMonitor(id: $id, backend: $b, dryRun: $dry) { id backend activeBaseline { id version } } }';
const CLARIFY = new Set<MonitorType>(['MODEL_BIAS', 'MODEL_EXPLAINABILITY']);
const outputsOf = (type: MonitorType) => CLARIFY.has(type)
  ? { 'analysis.json': { version: '1.0', type } }
  : { 'statistics.json': { dataset: { item_count: 3 } }, 'constraints.json': { features: [{ name: 'age', inferred_type: 'Integral' }] } };
const labels = (type: MonitorType) => (type === 'MODEL_QUALITY' ? { groundTruthAttribute: 'churned', inferenceAttribute: 'prediction' } : {});

/** A SAGEMAKER monitor with a baseline in force, an hourly schedule and a stopped daily one. */
async function sageMakerMonitor(team: TeamFixture, type: MonitorType) {
  const m = await team.createMonitor(type);
  const baselineId = await t.baseline(team, m.id, outputsOf(type), labels(type));
  const hourly = await team.createSchedule(m.id, { kind: 'HOURLY' }, `${m.name}-hourly`);
  const daily = await team.createSchedule(m.id, { kind: 'DAILY', hour: 3 }, `${m.name}-daily`);
  await team.call('mutation($id: ID!) { stopSchedule(id: $id) { status } }', { id: daily.id });
  return { m, baselineId, hourly, daily };
}

const schedulesOf = (monitorId: string) => t.db.schedule.findMany({ where: { monitorId }, orderBy: { name: 'asc' } });
const inSageMaker = (names: Array<string | null>) => t.server.state.schedules().filter((s) => names.includes(s.name));
const engineRows = (monitorId: string) => t.db.engineSchedule.findMany({ where: { monitorId }, orderBy: { scheduleName: 'asc' } });
const baselinesOf = (monitorId: string) => t.db.baseline.findMany({ where: { monitorId }, orderBy: { version: 'asc' } });

describe('moveMonitor', () => {
  it.each(MONITOR_TYPES)('%s: SAGEMAKER → BUILTIN → SAGEMAKER, schedules and baseline carried, one audit event each way', async (type) => {
    const team = await t.team();
    const { m, baselineId, hourly, daily } = await sageMakerMonitor(team, type);
    const before = await schedulesOf(m.id);
    const sageMakerNames = before.map((s) => s.backendName);
    const baselines = await baselinesOf(m.id);
    const executionsBefore = await t.db.execution.count({ where: { monitorId: m.id } });

    const moved = (await team.call(MOVE, { id: m.id, b: 'BUILTIN' }))['moveMonitor'];
    expect(moved).toEqual({ id: m.id, backend: 'BUILTIN', activeBaseline: { id: baselineId, version: 1 } });
    // Gone from SageMaker: schedules and their job definitions.
    expect(inSageMaker(sageMakerNames)).toEqual([]);
    expect(t.server.state.jobDefinitions().filter((d) => before.some((s) => d.name === s.backendRef))).toEqual([]);
    // In the engine, with the baseline in force; the stopped one stays stopped and has no scheduler.
    const rows = await schedulesOf(m.id);
    expect(rows.map((s) => [s.id, s.status, s.backendRef, s.backendName])).toEqual(before.map((s) => [s.id, s.status, `builtin-${s.id}`, null]));
    const engine = await engineRows(m.id);
    expect(engine.map((e) => [e.ref, e.stopped])).toEqual([[`builtin-${daily.id}`, true], [`builtin-${hourly.id}`, false]]);
    expect(engine.map((e) => (e.monitor as { baseline: { id: string } }).baseline.id)).toEqual([baselineId, baselineId]);
    expect(await t.queue.getScheduler(`builtin-${hourly.id}`)).not.toBeNull();
    expect(await t.queue.getScheduler(`builtin-${daily.id}`)).toBeNull();
    // Every baseline version is the same row; the history stays.
    expect(await baselinesOf(m.id)).toEqual(baselines);
    expect(await t.db.execution.count({ where: { monitorId: m.id } })).toBe(executionsBefore);
    const [event] = await t.db.auditEvent.findMany({ where: { teamId: team.id, action: 'monitor.move' } });
    expect(event).toMatchObject({ targetType: 'Monitor', targetId: m.id, before: { backend: 'SAGEMAKER' }, after: { backend: 'BUILTIN' } });

    const back = (await team.call(MOVE, { id: m.id, b: 'SAGEMAKER' }))['moveMonitor'];
    expect(back.backend).toBe('SAGEMAKER');
    expect(await engineRows(m.id)).toEqual([]);
    expect(await t.queue.getScheduler(`builtin-${hourly.id}`)).toBeNull();
    const again = await schedulesOf(m.id);
    expect(again.map((s) => [s.status, s.backendName])).toEqual(before.map((s) => [s.status, s.backendName]));
    const remote = inSageMaker(sageMakerNames).sort((a, b) => a.name.localeCompare(b.name));
    expect(remote.map((s) => [s.name, s.status === 'Stopped'])).toEqual(again.map((s) => [s.backendName, s.status === 'STOPPED']));
    // Their job definitions run the carried baseline, uploaded again by the gateway.
    for (const s of again) {
      const jd = t.server.state.jobDefinitions().find((d) => d.name === s.backendRef);
      expect(JSON.stringify(jd)).toContain(`/gateway/${teamTag(team.id)}/${m.name}/baselines/v1/`);
    }
    expect(await t.db.auditEvent.count({ where: { teamId: team.id, action: 'monitor.move' } })).toBe(2);
  });

  it('a dry run answers with the requests of both backends and changes nothing', async () => {
    const team = await t.team();
    const { m } = await sageMakerMonitor(team, 'DATA_QUALITY');
    const rows = await teamRowCounts(t.db, team.id);
    const sent = t.server.requests.length;
    const res = await fetch(t.env.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${team.adminKey}` },
      body: JSON.stringify({ query: MOVE, variables: { id: m.id, b: 'BUILTIN', dry: true } }),
    });
    const body = (await res.json()) as { data: { moveMonitor: { backend: string } }; extensions: { dryRun: Array<{ field: string; requests: Array<{ operation: string }> }> } };
    expect(body.data.moveMonitor.backend).toBe('BUILTIN');
    const ops = body.extensions.dryRun[0]!.requests.map((r) => r.operation);
    expect(ops.filter((o) => o === 'DeleteMonitoringSchedule')).toHaveLength(2);
    expect(ops.length).toBeGreaterThan(2);
    expect(t.server.requests.length).toBe(sent);
    expect(await teamRowCounts(t.db, team.id)).toEqual(rows);
    expect(await engineRows(m.id)).toEqual([]);
  });

  it('SageMaker failing halfway (BUILTIN → SAGEMAKER): the schedules made there are removed, the engine keeps both', async () => {
    const team = await t.team();
    const m = await team.createMonitor('DATA_QUALITY', { backend: 'BUILTIN' });
    const a = await team.createSchedule(m.id, { kind: 'HOURLY' }, `${m.name}-a`);
    const b = await team.createSchedule(m.id, { kind: 'DAILY', hour: 1 }, `${m.name}-b`);
    await team.call('mutation($id: ID!) { stopSchedule(id: $id) { status } }', { id: a.id });
    const rows = await teamRowCounts(t.db, team.id);
    const engine = await engineRows(m.id);
    const scheduled = t.server.requests.filter((r) => r.operation === 'CreateMonitoringSchedule' && !r.fault).length;
    // Schedules are made newest first: b is made, then a, which cannot be stopped again.
    t.server.faults.failNext('StopMonitoringSchedule', 'ResourceLimitExceeded', 1);
    const r = await refused(t.env.url, team.adminKey, MOVE, { id: m.id, b: 'SAGEMAKER' });
    expect(r.code).toBe('RESOURCE_LIMIT_EXCEEDED');
    expect(t.server.requests.filter((x) => x.operation === 'CreateMonitoringSchedule' && !x.fault).length).toBe(scheduled + 2);
    expect(t.server.state.schedules().filter((s) => s.name.includes(m.name))).toEqual([]);
    expect(t.server.state.jobDefinitions().filter((d) => d.name.includes(m.name))).toEqual([]);
    expect(await engineRows(m.id)).toEqual(engine);
    expect(await t.queue.getScheduler(`builtin-${b.id}`)).not.toBeNull();
    expect(await teamRowCounts(t.db, team.id)).toEqual(rows);
    expect((await team.call('query($id: ID!) { monitor(id: $id) { backend } }', { id: m.id }))['monitor'].backend).toBe('BUILTIN');
  });

  it('SageMaker failing halfway through a delete (SAGEMAKER → BUILTIN): the engine\'s schedules go, SageMaker\'s come back as they were', async () => {
    const team = await t.team();
    const { m, hourly, daily } = await sageMakerMonitor(team, 'MODEL_QUALITY');
    const before = await schedulesOf(m.id);
    const rows = await teamRowCounts(t.db, team.id);
    // The newest schedule (daily, stopped) is deleted first; its job definition's delete is refused after the schedule is gone.
    t.server.faults.failNext('DeleteModelQualityJobDefinition', 'ValidationException', 1);
    const r = await gql(t.env.url, team.adminKey, MOVE, { id: m.id, b: 'BUILTIN' });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await engineRows(m.id)).toEqual([]);
    expect(await t.queue.getScheduler(`builtin-${hourly.id}`)).toBeNull();
    const remote = inSageMaker(before.map((s) => s.backendName)).map((s) => [s.name, s.status === 'Stopped']);
    expect(remote.sort()).toEqual(before.map((s) => [s.backendName, s.id === daily.id]).sort());
    expect(t.server.state.jobDefinitions().filter((d) => before.some((s) => s.backendRef === d.name))).toHaveLength(2);
    expect(await schedulesOf(m.id)).toEqual(before);
    expect(await teamRowCounts(t.db, team.id)).toEqual(rows);
  });

  it('refusals change nothing: same backend, a baseline still running, a config the target refuses', async () => {
    const team = await t.team();
    const dq = await team.createMonitor('DATA_QUALITY');
    const running = await team.createMonitor('MODEL_QUALITY');
    await team.call('mutation($i: RequestBaselineInput!) { requestBaseline(input: $i) { id } }', {
      i: { monitorId: running.id, datasetUri: 's3://train/churn.csv', datasetFormat: { csvHeader: true }, groundTruthAttribute: 'churned', inferenceAttribute: 'prediction' },
    });
    const local = await team.call('mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { id } }', {
      i: monitorInput('DATA_QUALITY', { backend: 'BUILTIN', outputS3Uri: 'file:///var/reports' }),
    });
    const viewer = await team.createKey('VIEWER');
    const rows = await teamRowCounts(t.db, team.id);
    const sent = t.server.requests.length;
    expect(await refused(t.env.url, team.adminKey, MOVE, { id: dq.id, b: 'SAGEMAKER' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'backend', message: expect.stringMatching(/already on the SAGEMAKER backend/) });
    expect(await refused(t.env.url, team.adminKey, MOVE, { id: running.id, b: 'BUILTIN' })).toMatchObject({ code: 'CONFLICT', field: 'id', message: expect.stringMatching(/Baseline version 1 .* is IN_PROGRESS on SAGEMAKER/) });
    expect(await refused(t.env.url, team.adminKey, MOVE, { id: local['createMonitor'].id, b: 'SAGEMAKER' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'monitor.outputS3Uri' });
    expect((await refused(t.env.url, viewer.secret, MOVE, { id: dq.id, b: 'BUILTIN' })).code).toBe('FORBIDDEN');
    expect(await teamRowCounts(t.db, team.id)).toEqual(rows);
    expect(t.server.requests.length).toBe(sent);
  });
});
