// A stopped schedule stays stopped through updates. SageMaker's UpdateMonitoringSchedule
// activates a Stopped schedule (the local server does as SageMaker does: Pending, then
// Scheduled), so the gateway must stop it again, through the real AWS SDK.
import { SageMakerClient, StopMonitoringScheduleCommand, UpdateMonitoringScheduleCommand, DescribeMonitoringScheduleCommand } from '@aws-sdk/client-sagemaker';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import type { TestGateway } from '../support/gateway.js';
import type { TeamFixture } from '../support/seed.js';
import { credentials, sageMakerScheduleOf, startSageMakerSetup, type SageMakerSetup } from './support.js';

let server: LocalSageMaker;
let env: TestGateway;
const HOUR = 3_600_000;
let setup: SageMakerSetup;

beforeAll(async () => {
  setup = await startSageMakerSetup();
  ({ server, env } = setup);
});
afterAll(async () => {
  await setup.stop();
});

const sageMakerTeam = (): Promise<TeamFixture> => setup.team();

const statusOf = async (team: TeamFixture, id: string) => (await team.call('query($id: ID!) { schedule(id: $id) { status } }', { id }))['schedule'].status;

it('local server, as SageMaker: UpdateMonitoringSchedule of a Stopped schedule makes it Pending, then Scheduled', async () => {
  const team = await sageMakerTeam();
  const m = await team.createMonitor('DATA_QUALITY');
  const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
  const name = sageMakerScheduleOf(server, team.id, s.name).name;
  const sm = new SageMakerClient({ region: 'us-east-1', endpoint: server.endpoint, credentials });
  await sm.send(new StopMonitoringScheduleCommand({ MonitoringScheduleName: name }));
  const described = await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name }));
  expect(described.MonitoringScheduleStatus).toBe('Stopped');
  await sm.send(new UpdateMonitoringScheduleCommand({ MonitoringScheduleName: name, MonitoringScheduleConfig: described.MonitoringScheduleConfig! }));
  expect((await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name }))).MonitoringScheduleStatus).toBe('Pending');
  await server.advance(HOUR);
  expect((await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name }))).MonitoringScheduleStatus).toBe('Scheduled');
});

it('updateSchedule and updateMonitor of a STOPPED schedule leave it Stopped in SageMaker, with no run', async () => {
  const team = await sageMakerTeam();
  const m = await team.createMonitor('DATA_QUALITY');
  const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
  await server.advance(1000);
  await team.call('mutation($id: ID!) { stopSchedule(id: $id) { status } }', { id: s.id });
  const inSageMaker = () => sageMakerScheduleOf(server, team.id, s.name);
  expect(inSageMaker().status).toBe('Stopped');
  const runs = server.state.executions(inSageMaker().name).length;

  await team.call('mutation($id: ID!, $spec: ScheduleSpecInput!) { updateSchedule(id: $id, spec: $spec) { status } }', { id: s.id, spec: { kind: 'EVERY_N_HOURS', intervalHours: 2 } });
  await server.advance(3 * HOUR);
  expect(inSageMaker()).toMatchObject({ status: 'Stopped', config: { ScheduleConfig: { ScheduleExpression: 'cron(0 0/2 ? * * *)' } } });
  expect(await statusOf(team, s.id)).toBe('STOPPED');

  const definition = inSageMaker().jobDefinitionName;
  await team.call('mutation($id: ID!, $i: UpdateMonitorInput!) { updateMonitor(id: $id, input: $i) { id } }', { id: m.id, i: { maxRuntimeInSeconds: 1200 } });
  await server.advance(3 * HOUR);
  expect(inSageMaker().jobDefinitionName).not.toBe(definition);
  expect(inSageMaker().status).toBe('Stopped');
  expect(await statusOf(team, s.id)).toBe('STOPPED');
  expect(server.state.executions(inSageMaker().name)).toHaveLength(runs);

  // Started again, it runs: the stop was what kept it quiet.
  await team.call('mutation($id: ID!) { startSchedule(id: $id) { status } }', { id: s.id });
  await server.advance(3 * HOUR);
  expect(inSageMaker().status).toBe('Scheduled');
  expect(server.state.executions(inSageMaker().name).length).toBeGreaterThan(runs);
});

it('the dry run of an update of a stopped schedule shows the stop that follows it', async () => {
  const team = await sageMakerTeam();
  const m = await team.createMonitor('DATA_QUALITY');
  const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
  await team.call('mutation($id: ID!) { stopSchedule(id: $id) { status } }', { id: s.id });
  const res = await fetch(env.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${team.adminKey}` },
    body: JSON.stringify({ query: 'mutation($id: ID!) { updateSchedule(id: $id, spec: { kind: DAILY, hour: 3 }, dryRun: true) { status } }', variables: { id: s.id } }),
  });
  const body = (await res.json()) as { data: { updateSchedule: { status: string } }; extensions: { dryRun: Array<{ requests: Array<{ operation: string }> }> } };
  expect(body.data.updateSchedule.status).toBe('STOPPED');
  expect(body.extensions.dryRun[0]!.requests.map((r) => r.operation)).toEqual(['UpdateMonitoringSchedule', 'StopMonitoringSchedule']);
});
