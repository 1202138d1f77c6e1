// Dashboard reads over HTTP: totalCount, Monitor.health, Schedule.nextRunAt, the endpoint and
// monitor-type filters, and single-object queries that miss without wiping the response.
import { gql, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import type { BackendExecution } from '../../src/backends/types.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

const hour = (h: number) => new Date(Date.UTC(2026, 10, 22, h));
const VIOLATIONS = [
  { featureName: 'age', checkType: 'baseline_drift_check', description: 'drift' },
  { featureName: 'plan', checkType: 'categorical_values_check', description: 'new values' },
];

/** A finished run of `schedule` at hour h, put in the in-process backend and synced. */
async function finish(team: TeamFixture, schedule: { id: string; name: string }, h: number, status: BackendExecution['status'], failureReason: string | null = null) {
  env.backends.BUILTIN.putExecution(schedule.name, {
    executionId: `${schedule.name}-${h}`, status, scheduledTime: hour(h), startedAt: hour(h), endedAt: hour(h), failureReason,
    reportUri: status.startsWith('COMPLETED') ? `s3://reports/${schedule.name}/${h}` : null,
  }, { violations: status === 'COMPLETED_WITH_VIOLATIONS' ? VIOLATIONS : [], statistics: null });
  await env.gateway.services.executions.syncSchedule(team.id, schedule.id);
}

const HEALTH = 'health { status since openViolations lastExecution { id scheduledTime status } }';
const healthOf = async (team: TeamFixture, id: string) => (await team.call(`query($id: ID!) { monitor(id: $id) { ${HEALTH} } }`, { id }))['monitor'].health;

describe('Monitor.health', () => {
  it('follows the newest finished execution, with since the start of its streak', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const created = (await team.call('query($id: ID!) { monitor(id: $id) { createdAt } }', { id: m.id }))['monitor'].createdAt;
    expect(await healthOf(team, m.id)).toEqual({ status: 'PENDING', since: created, openViolations: 0, lastExecution: null });
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    await finish(team, s, 1, 'COMPLETED');
    await finish(team, s, 2, 'COMPLETED');
    let h = await healthOf(team, m.id);
    expect(h).toMatchObject({ status: 'OK', since: hour(1).toISOString(), openViolations: 0, lastExecution: { scheduledTime: hour(2).toISOString(), status: 'COMPLETED' } });
    await finish(team, s, 3, 'COMPLETED_WITH_VIOLATIONS');
    await finish(team, s, 4, 'COMPLETED_WITH_VIOLATIONS');
    expect(await healthOf(team, m.id)).toMatchObject({ status: 'VIOLATING', since: hour(3).toISOString(), openViolations: 2, lastExecution: { scheduledTime: hour(4).toISOString() } });
    // an older run arriving late changes nothing
    await finish(team, s, 0, 'FAILED', 'AlgorithmError');
    expect(await healthOf(team, m.id)).toMatchObject({ status: 'VIOLATING', since: hour(3).toISOString() });
    await finish(team, s, 5, 'FAILED', 'Job inputs had no data');
    expect(await healthOf(team, m.id)).toMatchObject({ status: 'NO_DATA', since: hour(5).toISOString(), openViolations: 0 });
    await finish(team, s, 6, 'FAILED', 'no captured data in window 05:00-06:00 under s3://capture/churn-ep');
    expect(await healthOf(team, m.id)).toMatchObject({ status: 'NO_DATA', since: hour(5).toISOString() });
    await finish(team, s, 7, 'STOPPED');
    h = await healthOf(team, m.id);
    expect(h).toMatchObject({ status: 'FAILING', since: hour(7).toISOString(), lastExecution: { status: 'STOPPED' } });
  });

  it('filters monitors by health in one indexed statement, and counts them', async () => {
    const team = await seed(env).createTeam();
    const [ok, violating, failing, pending] = await Promise.all(['ok', 'vio', 'fail', 'pend'].map((n) => team.createMonitor('DATA_QUALITY', { name: `h-${n}-${Date.now() % 1e6}` })));
    for (const [m, status] of [[ok, 'COMPLETED'], [violating, 'COMPLETED_WITH_VIOLATIONS'], [failing, 'FAILED']] as const) {
      const s = await team.createSchedule(m!.id, { kind: 'HOURLY' });
      await finish(team, s, 1, status, status === 'FAILED' ? 'boom' : null);
    }
    const q = 'query($h: [MonitorHealthStatus!]) { monitors(filter: { health: $h }) { totalCount edges { node { id health { status } } } } }';
    const bad = (await team.call(q, { h: ['VIOLATING', 'FAILING'] }))['monitors'];
    expect(bad.totalCount).toBe(2);
    expect(bad.edges.map((e: any) => e.node.id).sort()).toEqual([violating!.id, failing!.id].sort());
    const waiting = (await team.call(q, { h: ['PENDING'] }))['monitors'];
    expect(waiting).toEqual({ totalCount: 1, edges: [{ node: { id: pending!.id, health: { status: 'PENDING' } } }] });
    expect((await team.call(q, { h: [] }))['monitors'].totalCount).toBe(4);
  });
});

describe('nextRunAt', () => {
  it('is the next hour the cron names while the schedule runs, null once stopped or for a one-time run', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const daily = await team.createSchedule(m.id, { kind: 'DAILY', hour: 3 });
    const hourly = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const before = Date.now();
    const q = 'query($m: ID!) { monitor(id: $m) { health { nextRunAt } schedules { edges { node { id nextRunAt } } } } }';
    const read = (await team.call(q, { m: m.id }))['monitor'];
    const after = Date.now();
    const next = new Map(read.schedules.edges.map((e: any) => [e.node.id, e.node.nextRunAt]));
    // The request may cross an hour boundary: the next hour as of its start or of its end.
    const hourAfter = (t: number) => new Date(Math.floor(t / 3_600_000) * 3_600_000 + 3_600_000).toISOString();
    const nextHour = next.get(hourly.id) as string;
    expect([hourAfter(before), hourAfter(after)]).toContain(nextHour);
    const d = new Date(next.get(daily.id) as string);
    expect(d.getUTCHours()).toBe(3);
    expect(d.getTime() - before).toBeGreaterThan(0);
    expect(d.getTime() - before).toBeLessThanOrEqual(86_400_000);
    expect(read.health.nextRunAt).toBe(nextHour);
    await team.call('mutation($id: ID!) { stopSchedule(id: $id) { id } }', { id: hourly.id });
    const stopped = (await team.call(q, { m: m.id }))['monitor'];
    expect(stopped.schedules.edges.find((e: any) => e.node.id === hourly.id).node.nextRunAt).toBeNull();
    expect(stopped.health.nextRunAt).toBe(d.toISOString());
    const once = (await team.call(`mutation($m: ID!) { runMonitorNow(monitorId: $m, window: { dataAnalysisStartTime: "-PT2H", dataAnalysisEndTime: "-PT1H" }) { schedule { nextRunAt } } }`, { m: m.id }))['runMonitorNow'];
    expect(once.schedule.nextRunAt).toBeNull();
  });
});

describe('totalCount', () => {
  it('counts what the filter matches, whatever the page', async () => {
    const team = await seed(env).createTeam();
    const a = await team.createMonitor('DATA_QUALITY', { endpointInput: { endpointName: 'ep-a' } });
    const b = await team.createMonitor('MODEL_QUALITY', { endpointInput: { endpointName: 'ep-b' } });
    const sa = await team.createSchedule(a.id, { kind: 'HOURLY' });
    const sb = await team.createSchedule(b.id, { kind: 'HOURLY' });
    for (const h of [1, 2, 3, 4, 5]) await finish(team, sa, h, h % 2 === 1 ? 'COMPLETED_WITH_VIOLATIONS' : 'COMPLETED');
    for (const h of [1, 2]) await finish(team, sb, h, 'COMPLETED_WITH_VIOLATIONS');
    const page1 = (await team.call('{ executions(first: 2) { totalCount pageInfo { endCursor } edges { node { id } } } }'))['executions'];
    expect(page1.totalCount).toBe(7);
    expect(page1.edges).toHaveLength(2);
    const page2 = (await team.call('query($c: String) { executions(first: 2, after: $c) { totalCount edges { node { id } } } }', { c: page1.pageInfo.endCursor }))['executions'];
    expect(page2.totalCount).toBe(7);
    const filtered = await team.call(`query($m: ID!, $s: ID!) {
      violated: executions(first: 1, filter: { status: [COMPLETED_WITH_VIOLATIONS] }) { totalCount }
      ofA: executions(filter: { endpointName: "ep-a" }) { totalCount edges { node { monitor { id } } } }
      ofModelQuality: executions(filter: { monitorType: MODEL_QUALITY }) { totalCount }
      none: executions(filter: { endpointName: "ep-a", monitorType: MODEL_QUALITY }) { totalCount edges { node { id } } }
      violations(first: 1) { totalCount }
      violationsOfB: violations(filter: { endpointName: "ep-b" }) { totalCount edges { node { monitor { id } } } }
      violationsDq: violations(filter: { monitorType: DATA_QUALITY, featureName: "age" }) { totalCount }
      monitors(first: 1) { totalCount }
      mq: monitors(filter: { type: MODEL_QUALITY }) { totalCount }
      epA: monitors(filter: { endpointName: "ep-a" }) { totalCount edges { node { id } } }
      schedules(first: 1) { totalCount }
      monitor(id: $m) { executions(first: 1, filter: { status: [COMPLETED] }) { totalCount } schedules { totalCount } baselines { totalCount } }
      schedule(id: $s) { executions(first: 1) { totalCount } }
      auditEvents(first: 1, filter: { action: "monitor.create" }) { totalCount }
      viewer { team { members { totalCount } apiKeys(first: 1) { totalCount } } }
      webhooks { totalCount }
    }`, { m: a.id, s: sb.id });
    expect(filtered['violated'].totalCount).toBe(5);
    expect(filtered['ofA'].totalCount).toBe(5);
    expect(filtered['ofA'].edges.every((e: any) => e.node.monitor.id === a.id)).toBe(true);
    expect(filtered['ofModelQuality'].totalCount).toBe(2);
    expect(filtered['none']).toEqual({ totalCount: 0, edges: [] });
    expect(filtered['violations'].totalCount).toBe(10);
    expect(filtered['violationsOfB'].totalCount).toBe(4);
    expect(filtered['violationsOfB'].edges.every((e: any) => e.node.monitor.id === b.id)).toBe(true);
    expect(filtered['violationsDq'].totalCount).toBe(3);
    expect(filtered['monitors'].totalCount).toBe(2);
    expect(filtered['mq'].totalCount).toBe(1);
    expect(filtered['epA']).toEqual({ totalCount: 1, edges: [{ node: { id: a.id } }] });
    expect(filtered['schedules'].totalCount).toBe(2);
    expect(filtered['monitor']).toEqual({ executions: { totalCount: 2 }, schedules: { totalCount: 1 }, baselines: { totalCount: 0 } });
    expect(filtered['schedule'].executions.totalCount).toBe(2);
    expect(filtered['auditEvents'].totalCount).toBe(2);
    expect(filtered['viewer'].team.members.totalCount).toBe(0);
    expect(filtered['viewer'].team.apiKeys.totalCount).toBe(1);
    expect(filtered['webhooks'].totalCount).toBe(0);
  });
});

describe('single objects that miss', () => {
  it('answer null with one NOT_FOUND error and keep the rest of the data', async () => {
    const team = await seed(env).createTeam();
    const r = await gql(env.url, team.adminKey, '{ viewer { role } monitor(id: "bad") { name } }');
    expect(r.data).toEqual({ viewer: { role: 'ADMIN' }, monitor: null });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.extensions?.code).toBe('NOT_FOUND');
    const missing = '00000000-0000-4000-8000-000000000000';
    const all = await gql(env.url, team.adminKey, `query($id: ID!) { viewer { role } execution(id: $id) { id } schedule(id: $id) { id } baseline(id: $id) { id } webhook(id: $id) { id } }`, { id: missing });
    expect(all.data).toEqual({ viewer: { role: 'ADMIN' }, execution: null, schedule: null, baseline: null, webhook: null });
    expect(all.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
  });
});
