// Two teams in one AWS account and region: what the gateway creates in SageMaker is named
// under each team's tag, so the same monitor and schedule names never collide; a schedule
// stored without a backend name keeps the plain name it has in SageMaker.
import { ListMonitoringSchedulesCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Db } from '../../src/db/client.js';
import { teamScopedName } from '../../src/sagemaker/naming.js';
import { jobDefinitionName } from '../../src/sagemaker/job-definition.js';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import type { TeamFixture } from '../support/seed.js';
import { credentials, startSageMakerSetup, type SageMakerSetup } from './support.js';

let server: LocalSageMaker;
let db: Db;

const HOUR = 3_600_000;
let setup: SageMakerSetup;

beforeAll(async () => {
  setup = await startSageMakerSetup();
  ({ server, db } = setup);
});
afterAll(async () => {
  await setup.stop();
});

const sageMakerTeam = (): Promise<TeamFixture> => setup.team();

it('two teams create a monitor and a schedule of the same names against one SageMaker: both succeed, each runs its own', async () => {
  const [a, b] = [await sageMakerTeam(), await sageMakerTeam()];
  const monitorName = `churn-${Date.now().toString(36)}`;
  const ma = await a.createMonitor('MODEL_QUALITY', { name: monitorName });
  const mb = await b.createMonitor('MODEL_QUALITY', { name: monitorName });
  const sa = await a.createSchedule(ma.id, { kind: 'HOURLY' }, 'nightly');
  const sb = await b.createSchedule(mb.id, { kind: 'HOURLY' }, 'nightly');
  expect([sa.name, sb.name]).toEqual(['nightly', 'nightly']);
  const backendName = async (team: TeamFixture, id: string) => (await team.call('query($id: ID!) { schedule(id: $id) { backendName } }', { id }))['schedule'].backendName;
  expect([await backendName(a, sa.id), await backendName(b, sb.id)]).toEqual([teamScopedName(a.id, 'nightly'), teamScopedName(b.id, 'nightly')]);

  const sm = new SageMakerClient({ region: 'us-east-1', endpoint: server.endpoint, credentials });
  const listed = await sm.send(new ListMonitoringSchedulesCommand({ NameContains: '-nightly', MaxResults: 100 }));
  const names = (listed.MonitoringScheduleSummaries ?? []).map((s) => s.MonitoringScheduleName);
  expect(names).toEqual(expect.arrayContaining([teamScopedName(a.id, 'nightly'), teamScopedName(b.id, 'nightly')]));
  const definitions = server.state.schedules().filter((s) => s.name.endsWith('-nightly')).map((s) => s.jobDefinitionName);
  expect(new Set(definitions).size).toBe(definitions.length);

  // Stopping one team's schedule leaves the other's running.
  await a.call('mutation($id: ID!) { stopSchedule(id: $id) { status } }', { id: sa.id });
  await server.advance(2 * HOUR);
  const byName = (team: TeamFixture) => server.state.schedules().find((s) => s.name === teamScopedName(team.id, 'nightly'))!;
  expect([byName(a).status, byName(b).status]).toEqual(['Stopped', 'Scheduled']);
  expect(server.state.executions(byName(b).name).length).toBeGreaterThan(0);
  expect(server.state.executions(byName(a).name)).toHaveLength(0);
});

it('a long name stays distinct, and so does the job definition named after it', () => {
  const long = `${'a'.repeat(40)}-${'b'.repeat(12)}`;
  const other = `${'a'.repeat(40)}-${'c'.repeat(12)}`;
  const [x, y] = [teamScopedName('team', long), teamScopedName('team', other)];
  expect(x).toHaveLength(54);
  expect(x).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
  expect(x).not.toBe(y);
  expect(jobDefinitionName(x, {})).not.toBe(jobDefinitionName(y, {}));
  expect(jobDefinitionName(x, {}).length).toBeLessThanOrEqual(63);
});

it('a schedule stored without a backend name (made before team tags) is still addressed by its plain name', async () => {
  const team = await sageMakerTeam();
  const m = await team.createMonitor('DATA_QUALITY');
  const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
  // As rows made before team tags are: the name in SageMaker is the gateway name, backendName null.
  const plain = teamScopedName(team.id, s.name);
  await db.schedule.update({ where: { id: s.id }, data: { name: plain, backendName: null } });
  const stopped = (await team.call('mutation($id: ID!) { stopSchedule(id: $id) { status backendName } }', { id: s.id }))['stopSchedule'];
  expect(stopped).toEqual({ status: 'STOPPED', backendName: plain });
  expect(server.state.schedules().find((x) => x.name === plain)?.status).toBe('Stopped');
  expect(server.state.schedules().some((x) => x.name === teamScopedName(team.id, plain))).toBe(false);
});
