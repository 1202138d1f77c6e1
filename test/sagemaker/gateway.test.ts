// The gateway in SAGEMAKER mode, pointed at the local server: the same code that would
// run against AWS (only the team's endpoint settings differ).
import type { Gateway } from '../../src/runtime/index.js';
import type { Db } from '../../src/db/client.js';
import { MONITOR_TYPES, type MonitorType } from '../../src/kernel/monitor-config.js';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import { teamScopedName, teamTag } from '../../src/sagemaker/naming.js';
import { gql, ok, refused, type TestGateway } from '../support/gateway.js';
import { monitorInput, seed, type TeamFixture } from '../support/seed.js';
import { teamRowCounts } from '../support/db.js';
import { ROLE, startSageMakerSetup, type SageMakerSetup } from './support.js';

let server: LocalSageMaker;
let db: Db;
let gateway: Gateway;
let env: TestGateway;
const HOUR = 3_600_000;
let setup: SageMakerSetup;

beforeAll(async () => {
  setup = await startSageMakerSetup();
  ({ server, db, env } = setup);
  gateway = env.gateway;
});
afterAll(async () => {
  await setup.stop();
});

async function sageMakerTeam(): Promise<TeamFixture> {
  const team = await seed(env).createTeam({ defaultBackend: 'SAGEMAKER' });
  const d = await team.call('mutation($i: UpdateTeamAwsSettingsInput!) { updateTeamAwsSettings(input: $i) { awsSettings { region executionRoleArn endpointUrl } } }', {
    i: { region: 'us-east-1', executionRoleArn: ROLE, endpointUrl: server.endpoint, s3EndpointUrl: server.s3Endpoint },
  });
  expect(d['updateTeamAwsSettings'].awsSettings).toEqual({ region: 'us-east-1', executionRoleArn: ROLE, endpointUrl: server.endpoint });
  return team;
}

const withoutRole = (type: MonitorType) => {
  const { roleArn: _r, ...input } = monitorInput(type);
  return input;
};

describe('SAGEMAKER backend through the API', () => {
  it.each(MONITOR_TYPES)('%s: creation → baseline → schedule → execution with violations, listed by the API', async (type) => {
    const team = await sageMakerTeam();
    const m = (await team.call('mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { id name backend } }', { i: withoutRole(type) }))['createMonitor'];
    expect(m.backend).toBe('SAGEMAKER');

    const labels = type === 'MODEL_QUALITY' ? { groundTruthAttribute: 'churned', inferenceAttribute: 'prediction' } : {};
    const b = (await team.call('mutation($i: RequestBaselineInput!) { requestBaseline(input: $i) { id status } }', {
      i: { monitorId: m.id, datasetUri: 's3://train/churn.csv', datasetFormat: { csvHeader: true }, ...labels },
    }))['requestBaseline'];
    const job = server.state.processingJobs().at(-1)!;
    const clarify = type === 'MODEL_BIAS' || type === 'MODEL_EXPLAINABILITY';
    server.fixtures.setProcessingJobOutcome(job.name, {
      status: 'Completed',
      outputs: clarify ? { 'analysis.json': { version: '1.0', type } } : { 'statistics.json': { dataset: { item_count: 3 } }, 'constraints.json': { features: [{ name: 'age', inferred_type: 'Integral' }] } },
    });
    await server.advance(HOUR);
    await gateway.services.baselines.sync(team.id, b.id);

    const s = await team.createSchedule(m.id, { kind: 'HOURLY' }, `${m.name}-hourly`);
    const violations = [{ feature_name: 'age', constraint_check_type: 'baseline_drift_check', description: 'distance 0.3 exceeds 0.1' }];
    server.fixtures.setDefaultOutcome(teamScopedName(team.id, s.name), { status: 'CompletedWithViolations', violations });
    await server.advance(2 * HOUR);
    await gateway.services.executions.syncSchedule(team.id, s.id);

    const listed = (await team.call('query($m: ID) { executions(filter: { monitorId: $m }) { edges { node { status reportUri violations { featureName checkType } } } } }', { m: m.id }))['executions'];
    const done = listed.edges.map((e: any) => e.node).filter((n: any) => n.status === 'COMPLETED_WITH_VIOLATIONS');
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done[0].violations).toEqual([{ featureName: 'age', checkType: 'baseline_drift_check' }]);
    expect(done[0].reportUri).toMatch(/^s3:\/\/reports\/churn\//);
    const running = listed.edges.map((e: any) => e.node).filter((n: any) => n.status !== 'COMPLETED_WITH_VIOLATIONS');
    expect(running.every((n: any) => n.reportUri === null && n.violations.length === 0)).toBe(true);
    // The job definition points at the baseline in force, uploaded by the gateway.
    const jd = server.state.jobDefinitions().find((d) => d.name.startsWith(teamScopedName(team.id, `${m.name}-hourly`)))!;
    expect(JSON.stringify(jd)).toContain(`/gateway/${teamTag(team.id)}/${m.name}/baselines/v1/constraints.json`);
  });

  it('dry run returns the exact requests the real call then sends, and writes nothing', async () => {
    const team = await sageMakerTeam();
    const m = await team.createMonitor('MODEL_BIAS');
    const before = await teamRowCounts(db, team.id);
    const sent = server.requests.length;
    const input = { monitorId: m.id, name: `${m.name}-once`, spec: { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT3H', dataAnalysisEndTime: '-PT1H' } };
    const dry = await gql(env.url, team.adminKey, 'mutation($i: CreateScheduleInput!) { createSchedule(input: $i, dryRun: true) { name expression dataAnalysisStartTime } }', { i: input });
    expect(dry.errors).toBeUndefined();
    expect(dry.data?.['createSchedule']).toEqual({ name: input.name, expression: 'NOW', dataAnalysisStartTime: '-PT3H' });
    expect(server.requests.length).toBe(sent);
    expect(await teamRowCounts(db, team.id)).toEqual(before);
    const res = await fetch(env.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${team.adminKey}` },
      body: JSON.stringify({ query: 'mutation($i: CreateScheduleInput!) { createSchedule(input: $i, dryRun: true) { id } }', variables: { i: input } }),
    });
    const body = (await res.json()) as { extensions: { dryRun: Array<{ field: string; requests: Array<{ service: string; operation: string; input: unknown }> }> } };
    const planned = body.extensions.dryRun[0]!;
    expect(planned.field).toBe('createSchedule');
    expect(planned.requests.map((r) => r.operation)).toEqual(['PutObject', 'CreateModelBiasJobDefinition', 'CreateMonitoringSchedule']);

    await team.call('mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }', { i: input });
    const real = server.requests.slice(sent).map((r) => ({ service: 'SageMaker', operation: r.operation, input: r.input }));
    expect(real).toEqual(planned.requests.filter((r) => r.service === 'SageMaker'));
    const [, jd, schedule] = planned.requests;
    expect((schedule!.input as any).MonitoringScheduleConfig.ScheduleConfig).toEqual({ ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT3H', DataAnalysisEndTime: '-PT1H' });
    expect((jd!.input as any).ModelBiasAppSpecification.ConfigUri).toMatch(/analysis_config\.json$/);
  });

  it('dry run of a delete sends nothing and keeps the schedule', async () => {
    const team = await sageMakerTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s = await team.createSchedule(m.id, { kind: 'DAILY', hour: 2 }, `${m.name}-daily`);
    const sent = server.requests.length;
    const r = await gql(env.url, team.adminKey, 'mutation($id: ID!) { deleteSchedule(id: $id, dryRun: true) { id } }', { id: s.id });
    expect(r.errors).toBeUndefined();
    expect(server.requests.length).toBe(sent);
    expect(server.state.schedules().some((x) => x.name === teamScopedName(team.id, s.name))).toBe(true);
    await expect(ok(env.url, team.adminKey, 'query($id: ID!) { schedule(id: $id) { id } }', { id: s.id })).resolves.toBeTruthy();
  });

  // The first statement after the AWS call (the schedule row getting its backendRef), and the last one (the audit row).
  it.each([['Schedule', 'UPDATE'], ['AuditEvent', 'INSERT']])('a failure after the AWS call and before the commit (%s %s) leaves no orphan schedule or job definition', async (table, statement) => {
    const team = await sageMakerTeam();
    const m = await team.createMonitor('MODEL_QUALITY');
    const fn = `fail_${statement.toLowerCase()}_${team.id.replace(/-/g, '')}`;
    await db.$executeRawUnsafe(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."teamId" = '${team.id}' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER ${fn} BEFORE ${statement} ON "${table}" FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      const r = await refused(env.url, team.adminKey, 'mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }', {
        i: { monitorId: m.id, name: `${m.name}-orphan`, spec: { kind: 'HOURLY' } },
      });
      expect(r.code).toBe('INTERNAL_SERVER_ERROR');
      // Masked: the database's text stays in the log, the client gets a request id.
      expect(r.message).not.toMatch(/injected|AuditEvent|INSERT|UPDATE|trigger/i);
      expect(r.extensions?.['requestId']).toEqual(expect.any(String));
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER ${fn} ON "${table}"`);
      await db.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    }
    expect(received('CreateMonitoringSchedule').some((i) => i['MonitoringScheduleName'] === teamScopedName(team.id, `${m.name}-orphan`))).toBe(true);
    expect(server.state.schedules().some((x) => x.name === teamScopedName(team.id, `${m.name}-orphan`))).toBe(false);
    expect(server.state.jobDefinitions().some((d) => d.name.startsWith(teamScopedName(team.id, `${m.name}-orphan`)))).toBe(false);
    expect(await db.schedule.count({ where: { teamId: team.id } })).toBe(0);
  });

  it('a SAGEMAKER monitor needs a role from the monitor or the team, and AWS validation errors come back as BAD_USER_INPUT', async () => {
    const team = await seed(env).createTeam({ defaultBackend: 'SAGEMAKER' });
    const r = await refused(env.url, team.adminKey, 'mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { id } }', { i: withoutRole('DATA_QUALITY') });
    expect(r).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.roleArn' });
    const m = await team.createMonitor('DATA_QUALITY');
    const noRegion = await refused(env.url, team.adminKey, 'mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }', { i: { monitorId: m.id, name: `${m.name}-x`, spec: { kind: 'HOURLY' } } });
    expect(noRegion).toMatchObject({ code: 'BAD_USER_INPUT', field: 'awsSettings.region' });
    const bad = await refused(env.url, team.adminKey, 'mutation { updateTeamAwsSettings(input: { region: "mars-1", assumeRoleArn: "nope" }) { id } }');
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.region' });
  });
});

function received(operation: string): Array<Record<string, any>> {
  return server.requests.filter((r) => r.operation === operation && !r.fault).map((r) => r.input as Record<string, any>);
}
