// Reconcile against the local SageMaker server over HTTP, the gateway in SAGEMAKER mode:
// schedules deleted, stopped or changed directly through @aws-sdk/client-sagemaker (as in
// the AWS console) are found by DescribeMonitoringSchedule and repaired.
import {
  DeleteMonitoringScheduleCommand, DescribeMonitoringScheduleCommand, SageMakerClient, StopMonitoringScheduleCommand, UpdateMonitoringScheduleCommand,
} from '@aws-sdk/client-sagemaker';

import type { Db } from '../../src/db/client.js';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import { teamScopedName } from '../../src/sagemaker/naming.js';
import type { TestGateway } from '../support/gateway.js';
import { monitorInput, seed, type TeamFixture } from '../support/seed.js';
import { credentials, ROLE, startSageMakerSetup, type SageMakerSetup } from '../sagemaker/support.js';
import { MUTATION_DOCS } from '../api/support-ops.js';

let server: LocalSageMaker;
let db: Db;
let env: TestGateway;
let sm: SageMakerClient;
let setup: SageMakerSetup;

beforeAll(async () => {
  setup = await startSageMakerSetup();
  ({ server, db, env } = setup);
  sm = new SageMakerClient({ region: 'us-east-1', endpoint: server.endpoint, credentials });
});
afterAll(async () => {
  sm.destroy();
  await setup.stop();
});

async function sageMakerTeam(): Promise<TeamFixture> {
  const team = await seed(env).createTeam({ defaultBackend: 'SAGEMAKER' });
  await team.call('mutation($i: UpdateTeamAwsSettingsInput!) { updateTeamAwsSettings(input: $i) { id } }', {
    i: { region: 'us-east-1', executionRoleArn: ROLE, endpointUrl: server.endpoint, s3EndpointUrl: server.s3Endpoint },
  });
  return team;
}

const reconcile = async (team: TeamFixture, repair: boolean) => (await team.call(MUTATION_DOCS['reconcileSchedules'] as string, { repair }))['reconcileSchedules'];
const describe_ = (name: string) => sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name }));

describe('reconcile with SageMaker (local server over HTTP)', () => {
  it('a schedule deleted with DeleteMonitoringSchedule is reported, then recreated by the repair and audited', async () => {
    const team = await sageMakerTeam();
    const m = (await team.call('mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { id backend } }', { i: monitorInput('DATA_QUALITY') }))['createMonitor'];
    expect(m.backend).toBe('SAGEMAKER');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const other = await team.createSchedule(m.id, { kind: 'DAILY', hour: 4 });
    await server.advance(2_000); // both activated: Scheduled
    const row = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });

    expect(await reconcile(team, false)).toEqual({ checked: 2, drifts: [], errors: [] });
    await sm.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: teamScopedName(team.id, s.name) }));
    await expect(describe_(teamScopedName(team.id, s.name))).rejects.toMatchObject({ name: 'ResourceNotFound' });

    const report = await reconcile(team, false);
    expect(report.drifts).toEqual([
      { schedule: { id: s.id, name: s.name }, kind: 'MISSING_IN_BACKEND', gatewayValue: row.backendRef, backendValue: null, repaired: false, error: null },
    ]);
    await expect(describe_(teamScopedName(team.id, s.name))).rejects.toMatchObject({ name: 'ResourceNotFound' });

    const repaired = await reconcile(team, true);
    expect(repaired.drifts).toEqual([{ ...report.drifts[0], repaired: true }]);
    const after = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
    const found = await describe_(teamScopedName(team.id, s.name));
    expect(found.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression).toBe('cron(0 * ? * * *)');
    expect(found.MonitoringScheduleConfig?.MonitoringJobDefinitionName).toBe(after.backendRef);
    expect(after.backendRef).toBeTruthy();
    expect(found.MonitoringScheduleStatus).toMatch(/^(Pending|Scheduled)$/);
    const events = await db.auditEvent.findMany({ where: { teamId: team.id, action: 'schedule.reconciled' } });
    expect(events.map((e) => [e.targetId, (e.after as { repairs: string[] }).repairs])).toEqual([[s.id, ['recreate']]]);
    // The other schedule was left as it was; a further run finds nothing.
    expect((await describe_(teamScopedName(team.id, other.name))).MonitoringScheduleStatus).toBe('Scheduled');
    expect((await reconcile(team, true)).drifts).toEqual([]);
  });

  it('stopped and re-timed directly in SageMaker: started again with the gateway\'s expression', async () => {
    const team = await sageMakerTeam();
    const m = (await team.call('mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { id } }', { i: monitorInput('DATA_QUALITY') }))['createMonitor'];
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    await server.advance(2_000);
    const found = await describe_(teamScopedName(team.id, s.name));
    await sm.send(new UpdateMonitoringScheduleCommand({
      MonitoringScheduleName: teamScopedName(team.id, s.name),
      MonitoringScheduleConfig: { ...found.MonitoringScheduleConfig, ScheduleConfig: { ScheduleExpression: 'cron(0 6 ? * * *)' } },
    }));
    await server.advance(2_000);
    await sm.send(new StopMonitoringScheduleCommand({ MonitoringScheduleName: teamScopedName(team.id, s.name) }));

    const r = await reconcile(team, true);
    expect(r.drifts.map((d: any) => [d.kind, d.gatewayValue, d.backendValue, d.repaired])).toEqual([
      ['EXPRESSION_DIFFERS', 'cron(0 * ? * * *)', 'cron(0 6 ? * * *)', true],
      ['STATUS_DIFFERS', 'SCHEDULED', 'STOPPED', true],
    ]);
    const now = await describe_(teamScopedName(team.id, s.name));
    expect(now.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression).toBe('cron(0 * ? * * *)');
    expect(now.MonitoringScheduleStatus).not.toBe('Stopped');
    expect(await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ status: 'SCHEDULED', expression: 'cron(0 * ? * * *)' });
  });
});
