import { refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

const hour = (h: number) => new Date(Date.UTC(2026, 10, 22, h));

/** Puts executions in the in-process backend the way a monitoring job would report them. */
function runExecutions(scheduleName: string, hours: number[], violationsAt: number[] = []) {
  for (const h of hours) {
    const violated = violationsAt.includes(h);
    env.backends.BUILTIN.putExecution(
      scheduleName,
      {
        executionId: `${scheduleName}-exec-${h}`,
        status: violated ? 'COMPLETED_WITH_VIOLATIONS' : 'COMPLETED',
        scheduledTime: hour(h),
        startedAt: hour(h),
        endedAt: hour(h),
        failureReason: null,
        reportUri: `s3://reports/churn/${scheduleName}/${h}`,
      },
      {
        violations: violated
          ? [
              { featureName: 'age', checkType: 'baseline_drift_check', description: 'Baseline drift distance 0.4 exceeds threshold 0.1' },
              { featureName: 'plan', checkType: 'categorical_values_check', description: 'New values: enterprise' },
            ]
          : [],
        statistics: null,
      },
    );
  }
}

describe('executions and violations', () => {
  it('stores synced executions once, with their violations, and serves them with filters', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    runExecutions(s.name, [1, 2, 3, 4], [3]);
    await env.gateway.services.executions.syncSchedule(team.id, s.id);
    await env.gateway.services.executions.syncSchedule(team.id, s.id); // idempotent
    const all = (await team.call('query($s: ID) { executions(filter: { scheduleId: $s }) { edges { node { id status scheduledTime backendExecutionId violations { featureName checkType } } } } }', { s: s.id }))['executions'];
    expect(all.edges.map((e: any) => e.node.scheduledTime)).toEqual([hour(4), hour(3), hour(2), hour(1)].map((d) => d.toISOString()));
    const violated = all.edges[1].node;
    expect(violated.status).toBe('COMPLETED_WITH_VIOLATIONS');
    expect(violated.violations).toEqual([
      { featureName: 'age', checkType: 'baseline_drift_check' },
      { featureName: 'plan', checkType: 'categorical_values_check' },
    ]);
    const filtered = (await team.call('{ executions(filter: { status: [COMPLETED_WITH_VIOLATIONS] }) { edges { node { id } } } }'))['executions'];
    expect(filtered.edges).toEqual([{ node: { id: violated.id } }]);
    const window = (await team.call('query($f: DateTime, $t: DateTime) { executions(filter: { from: $f, to: $t }) { edges { node { scheduledTime } } } }', { f: hour(2).toISOString(), t: hour(4).toISOString() }))['executions'];
    expect(window.edges.map((e: any) => e.node.scheduledTime)).toEqual([hour(3), hour(2)].map((d) => d.toISOString()));
    const violations = (await team.call('query($m: ID) { violations(filter: { monitorId: $m, checkType: "baseline_drift_check" }) { edges { node { featureName description execution { id } monitor { id } } } } }', { m: m.id }))['violations'];
    expect(violations.edges).toEqual([{ node: { featureName: 'age', description: 'Baseline drift distance 0.4 exceeds threshold 0.1', execution: { id: violated.id }, monitor: { id: m.id } } }]);
    const one = (await team.call('query($id: ID!) { execution(id: $id) { reportUri schedule { name lastExecution { scheduledTime } } monitor { name } } }', { id: violated.id }))['execution'];
    expect(one).toEqual({ reportUri: `s3://reports/churn/${s.name}/3`, schedule: { name: s.name, lastExecution: { scheduledTime: hour(4).toISOString() } }, monitor: { name: m.name } });
    expect(await env.gateway.services.db.violation.count({ where: { teamId: team.id } })).toBe(2);
  });

  it('updates an execution as its status changes, and keeps history after the schedule is deleted', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('MODEL_QUALITY');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    env.backends.BUILTIN.putExecution(s.name, { executionId: 'e1', status: 'IN_PROGRESS', scheduledTime: hour(5), startedAt: hour(5), endedAt: null, failureReason: null, reportUri: null });
    await env.gateway.services.executions.syncSchedule(team.id, s.id);
    env.backends.BUILTIN.putExecution(s.name, { executionId: 'e1', status: 'FAILED', scheduledTime: hour(5), startedAt: hour(5), endedAt: hour(6), failureReason: 'no captured data in window', reportUri: null });
    await env.gateway.services.executions.syncSchedule(team.id, s.id);
    await team.call('mutation($id: ID!) { deleteSchedule(id: $id) { id } }', { id: s.id });
    const list = (await team.call('query($m: ID!) { monitor(id: $m) { executions { edges { node { status failureReason schedule { id } } } } } }', { m: m.id }))['monitor'];
    expect(list.executions.edges).toEqual([{ node: { status: 'FAILED', failureReason: 'no captured data in window', schedule: null } }]);
  });

  it('paginates executions past 100 with cursors', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const hours = Array.from({ length: 130 }, (_, i) => i);
    for (const h of hours) {
      env.backends.BUILTIN.putExecution(s.name, { executionId: `x${h}`, status: 'COMPLETED', scheduledTime: new Date(Date.UTC(2026, 9, 1) + h * 3_600_000), startedAt: null, endedAt: null, failureReason: null, reportUri: null });
    }
    await env.gateway.services.executions.syncSchedule(team.id, s.id);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await team.call('query($a: String) { executions(first: 100, after: $a) { edges { node { backendExecutionId } } pageInfo { hasNextPage endCursor } } }', { a: after }))['executions'];
      seen.push(...page.edges.map((e: any) => e.node.backendExecutionId));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(130);
    expect(new Set(seen).size).toBe(130);
    expect(seen[0]).toBe('x129');
    expect(await refused(env.url, team.adminKey, '{ executions(first: 101) { edges { cursor } } }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await refused(env.url, team.adminKey, '{ executions(after: "garbage") { edges { cursor } } }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
