import { MONITOR_TYPES } from '../../src/kernel/monitor-config.js';
import { refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

const SCHEDULE = 'id name expression dataAnalysisStartTime dataAnalysisEndTime status monitor { id }';

describe('schedules', () => {
  it.each([
    [{ kind: 'HOURLY' }, 'cron(0 * ? * * *)'],
    [{ kind: 'DAILY', hour: 5 }, 'cron(0 5 ? * * *)'],
    [{ kind: 'EVERY_N_HOURS', intervalHours: 6, hour: 2 }, 'cron(0 2/6 ? * * *)'],
    [{ kind: 'EXPRESSION', expression: 'cron(0 0/12 ? * * *)' }, 'cron(0 0/12 ? * * *)'],
  ])('creates %j as %s in the backend', async (spec, expression) => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s = (await team.call(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { ${SCHEDULE} } }`, { i: { monitorId: m.id, name: 'dq-sched', spec } }))['createSchedule'];
    expect(s).toMatchObject({ expression, status: 'SCHEDULED', dataAnalysisStartTime: null, monitor: { id: m.id } });
    const sent = env.backends.BUILTIN.calls.filter((c) => c.method === 'createSchedule' && c.schedule?.id === s.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.schedule!.scheduleConfig).toEqual({ ScheduleExpression: expression });
  });

  describe('one-time schedules for each monitor type (seed 000 regression)', () => {
    it.each(MONITOR_TYPES)('%s: the analysis window reaches the backend call', async (type) => {
      const team = await seed(env).createTeam({ defaultBackend: 'SAGEMAKER' });
      const m = await team.createMonitor(type);
      const spec = { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' };
      const s = (await team.call(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { ${SCHEDULE} } }`, { i: { monitorId: m.id, name: 'once', spec } }))['createSchedule'];
      expect(s).toMatchObject({ expression: 'NOW', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' });
      const call = env.backends.SAGEMAKER.calls.find((c) => c.method === 'createSchedule' && c.schedule?.id === s.id);
      expect(call?.monitor.type).toBe(type);
      expect(call?.schedule?.scheduleConfig).toEqual({ ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT2H', DataAnalysisEndTime: '-PT1H' });
    });

    it.each(MONITOR_TYPES)('%s: without the window it is refused with a clear error and nothing is sent', async (type) => {
      const team = await seed(env).createTeam({ defaultBackend: 'SAGEMAKER' });
      const m = await team.createMonitor(type);
      const calls = env.backends.SAGEMAKER.calls.length;
      const r = await refused(env.url, team.adminKey, 'mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }', {
        i: { monitorId: m.id, name: 'once', spec: { kind: 'ONE_TIME', dataAnalysisEndTime: '-PT1H' } },
      });
      expect(r).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.spec.dataAnalysisStartTime' });
      expect(r.message).toMatch(/Both dataAnalysisStartTime and dataAnalysisEndTime are required/);
      expect(env.backends.SAGEMAKER.calls.length).toBe(calls);
    });
  });

  it('refuses a window on a cron schedule and a too-long run for hourly model quality', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('MODEL_QUALITY', { maxRuntimeInSeconds: 3600 });
    const windowed = await refused(env.url, team.adminKey, 'mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }', {
      i: { monitorId: m.id, name: 'x', spec: { kind: 'DAILY', hour: 1, dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' } },
    });
    expect(windowed).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.spec.dataAnalysisStartTime' });
    const hourly = await refused(env.url, team.adminKey, 'mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }', {
      i: { monitorId: m.id, name: 'x', spec: { kind: 'HOURLY' } },
    });
    expect(hourly).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.spec.kind' });
    expect(hourly.message).toMatch(/within 1800 seconds/);
    await expect(team.createSchedule(m.id, { kind: 'EVERY_N_HOURS', intervalHours: 2 })).resolves.toMatchObject({ expression: 'cron(0 0/2 ? * * *)' });
  });

  it('updates, stops, starts and deletes, keeping backend and database in step', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('MODEL_BIAS');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const backend = env.backends.BUILTIN;
    const upd = (await team.call(`mutation($id: ID!) { updateSchedule(id: $id, spec: { kind: DAILY, hour: 4 }) { ${SCHEDULE} } }`, { id: s.id }))['updateSchedule'];
    expect(upd.expression).toBe('cron(0 4 ? * * *)');
    expect(backend.scheduleNamed(s.name)?.schedule.scheduleConfig).toEqual({ ScheduleExpression: 'cron(0 4 ? * * *)' });
    expect((await team.call('mutation($id: ID!) { stopSchedule(id: $id) { status } }', { id: s.id }))['stopSchedule'].status).toBe('STOPPED');
    expect(backend.scheduleNamed(s.name)?.status).toBe('STOPPED');
    expect((await team.call('mutation($id: ID!) { stopSchedule(id: $id) { status } }', { id: s.id }))['stopSchedule'].status).toBe('STOPPED');
    expect((await team.call('mutation($id: ID!) { startSchedule(id: $id) { status } }', { id: s.id }))['startSchedule'].status).toBe('SCHEDULED');
    expect(backend.scheduleNamed(s.name)?.status).toBe('SCHEDULED');
    await team.call('mutation($id: ID!) { deleteSchedule(id: $id) { id } }', { id: s.id });
    expect(backend.scheduleNamed(s.name)).toBeUndefined();
    expect(await refused(env.url, team.adminKey, 'query($id: ID!) { schedule(id: $id) { id } }', { id: s.id })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists schedules by monitor and status', async () => {
    const team = await seed(env).createTeam();
    const a = await team.createMonitor('DATA_QUALITY');
    const b = await team.createMonitor('DATA_QUALITY');
    const sa = await team.createSchedule(a.id, { kind: 'HOURLY' });
    await team.createSchedule(b.id, { kind: 'HOURLY' });
    await team.call('mutation($id: ID!) { stopSchedule(id: $id) { id } }', { id: sa.id });
    const ofA = (await team.call('query($m: ID) { schedules(filter: { monitorId: $m }) { edges { node { id } } } }', { m: a.id }))['schedules'];
    expect(ofA.edges).toEqual([{ node: { id: sa.id } }]);
    const stopped = (await team.call('{ schedules(filter: { status: STOPPED }) { edges { node { id } } } }'))['schedules'];
    expect(stopped.edges).toEqual([{ node: { id: sa.id } }]);
    const viaMonitor = (await team.call('query($m: ID!) { monitor(id: $m) { schedule { id } schedules { edges { node { id } } } } }', { m: a.id }))['monitor'];
    expect(viaMonitor.schedule.id).toBe(sa.id);
  });
});
