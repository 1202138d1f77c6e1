// The per-team role path end to end: the gateway assumes each team's role through STS (the
// local server's AssumeRole, which checks the external id) and signs SageMaker calls with the
// session it got; a session past its expiration is refreshed before the next call.
import { jest } from '@jest/globals';
import type { Gateway } from '../../src/runtime/index.js';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { SageMakerBackend } from '../../src/sagemaker/backend.js';
import { RealClock, startLocalSageMaker, type LocalSageMaker } from '@mmg/local-sagemaker';
import { refused, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { credentials, monitorOf, ROLE, scheduleOf, settingsFor, startSageMakerGateway } from './support.js';

let server: LocalSageMaker;
let db: Db;
let gateway: Gateway;
let env: TestGateway;
const savedSts = process.env['AWS_ENDPOINT_URL_STS'];
const HOUR = 3_600_000;

beforeAll(async () => {
  // The server's clock is the process's Date, so the test below can move both together.
  server = await startLocalSageMaker({ clock: new RealClock() });
  for (const bucket of ['reports', 'train', 'gt']) server.s3.createBucket(bucket);
  process.env['AWS_ENDPOINT_URL_STS'] = server.endpoint;
  db = createDb({ url: config().DATABASE_URL, poolSize: 4 });
  env = await startSageMakerGateway(db);
  gateway = env.gateway;
});
afterAll(async () => {
  if (savedSts === undefined) delete process.env['AWS_ENDPOINT_URL_STS']; else process.env['AWS_ENDPOINT_URL_STS'] = savedSts;
  await gateway.stop();
  await db.$disconnect();
  await server.close();
});

async function teamAssuming(roleArn: string, externalId: string): Promise<TeamFixture> {
  const team = await seed(env).createTeam({ defaultBackend: 'SAGEMAKER' });
  await team.call('mutation($i: UpdateTeamAwsSettingsInput!) { updateTeamAwsSettings(input: $i) { awsSettings { region } } }', {
    i: { region: 'us-east-1', executionRoleArn: ROLE, assumeRoleArn: roleArn, externalId, endpointUrl: server.endpoint, s3EndpointUrl: server.s3Endpoint },
  });
  return team;
}

const roleOf = (team: string) => `arn:aws:iam::210987654321:role/gateway-${team}`;

it('each team\'s SageMaker calls are signed with a session of its own role, assumed with its external id', async () => {
  const stamp = Date.now().toString(36);
  server.sts.trustRole(roleOf(`a-${stamp}`), { externalId: `ext-a-${stamp}` });
  server.sts.trustRole(roleOf(`b-${stamp}`), { externalId: `ext-b-${stamp}` });
  const a = await teamAssuming(roleOf(`a-${stamp}`), `ext-a-${stamp}`);
  const sent = server.requests.length;
  const m = await a.createMonitor('DATA_QUALITY');
  await a.createSchedule(m.id, { kind: 'HOURLY' });

  const keys = new Set(server.requests.slice(sent).map((r) => r.accessKeyId));
  expect(keys.size).toBe(1);
  const session = server.sts.issued().find((s) => keys.has(s.accessKeyId));
  expect(session).toMatchObject({ roleArn: roleOf(`a-${stamp}`), externalId: `ext-a-${stamp}`, sessionName: 'model-monitor-gateway' });

  // Team B names its role with another team's external id: STS refuses, SageMaker sees nothing.
  const b = await teamAssuming(roleOf(`b-${stamp}`), `ext-a-${stamp}`);
  const mb = await b.createMonitor('DATA_QUALITY');
  const before = server.requests.length;
  const r = await refused(env.url, b.adminKey, 'mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }', { i: { monitorId: mb.id, name: 'hourly', spec: { kind: 'HOURLY' } } });
  expect(r).toMatchObject({ code: 'FORBIDDEN', extensions: { awsError: 'AccessDenied', roleArn: roleOf(`b-${stamp}`) } });
  expect(server.requests.length).toBe(before);
});

it('a session past its expiration is replaced by a new AssumeRole before the next call', async () => {
  const stamp = Date.now().toString(36);
  const role = roleOf(`r-${stamp}`);
  server.sts.trustRole(role, { externalId: `ext-${stamp}` });
  const backend = new SageMakerBackend({ settings: async () => ({ ...settingsFor(server), assumeRoleArn: role, externalId: `ext-${stamp}` }), credentials, maxAttempts: 3, retryBaseMs: 5 });
  const sessions = () => server.sts.issued().filter((s) => s.roleArn === role);
  const lastKey = () => server.requests.at(-1)!.accessKeyId;
  const m = monitorOf('DATA_QUALITY', {}, `refresh-${stamp}`);
  const s = scheduleOf(`refresh-${stamp}`);
  jest.useFakeTimers({ now: new Date(), doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
  try {
    const { backendRef } = await backend.createSchedule(m, s);
    await backend.stopSchedule(m, { ...s, backendRef });
    expect(sessions()).toHaveLength(1); // the session is reused while it is valid
    const first = sessions()[0]!;
    expect(lastKey()).toBe(first.accessKeyId);

    jest.setSystemTime(Date.now() + 2 * HOUR); // the session (an hour) has expired, on the server's clock too
    expect(server.sts.checkAccessKey(first.accessKeyId)?.errorName).toBe('ExpiredTokenException');
    await backend.startSchedule(m, { ...s, backendRef });
    expect(sessions()).toHaveLength(2);
    expect(lastKey()).toBe(sessions()[1]!.accessKeyId);
    expect(server.requests.at(-1)).toMatchObject({ operation: 'StartMonitoringSchedule' });
  } finally {
    jest.useRealTimers();
  }
});
