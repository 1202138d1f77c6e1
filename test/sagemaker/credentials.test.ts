// Credential failures answer what is missing, before anything reaches SageMaker: no AWS
// credentials at all, and a team role that STS (the local server's AssumeRole) refuses.
import { SageMakerBackend } from '../../src/sagemaker/backend.js';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import { credentials, localSageMaker, monitorOf, scheduleOf, settingsFor } from './support.js';

const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_ENDPOINT_URL_STS', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE'];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const ROLE_TO_ASSUME = 'arn:aws:iam::210987654321:role/GatewayAccess';
let server: LocalSageMaker;

beforeAll(async () => {
  ({ server } = await localSageMaker());
  server.sts.trustRole(ROLE_TO_ASSUME, { externalId: 'team-a-7f3e' });
  // An empty credential chain: no keys, no profile, no instance or container role; STS is the local server.
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, {
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_CONFIG_FILE: '/nonexistent/config', AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_STS: server.endpoint,
  });
});
afterAll(async () => {
  for (const k of ENV_KEYS) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
  await server.close();
});

const sageMakerCalls = () => server.requests.length;

it('no AWS credentials: BACKEND_NOT_CONFIGURED naming what to provide, nothing sent', async () => {
  const backend = new SageMakerBackend({ settings: async () => settingsFor(server), maxAttempts: 3, retryBaseMs: 5 });
  const before = sageMakerCalls();
  const error = await backend.startSchedule(monitorOf('DATA_QUALITY'), scheduleOf('x')).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'BACKEND_NOT_CONFIGURED', extensions: { code: 'BACKEND_NOT_CONFIGURED', awsError: 'CredentialsProviderError', awsOperation: 'StartMonitoringSchedule' } });
  expect((error as Error).message).toMatch(/no AWS credentials.*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE/);
  expect((error as Error).message).not.toMatch(/try again later/);
  expect(sageMakerCalls()).toBe(before);
});

it('STS refuses the team role (a wrong external id): FORBIDDEN with the real STS error name, nothing sent', async () => {
  const backend = new SageMakerBackend({ settings: async () => ({ ...settingsFor(server), assumeRoleArn: ROLE_TO_ASSUME, externalId: 'team-fraud' }), credentials, maxAttempts: 3, retryBaseMs: 5 });
  const before = sageMakerCalls();
  const error = await backend.startSchedule(monitorOf('DATA_QUALITY'), scheduleOf('x')).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'FORBIDDEN', extensions: { awsError: 'AccessDenied', awsOperation: 'STS AssumeRole', roleArn: ROLE_TO_ASSUME } });
  expect((error as Error).message).toContain(`The team's AWS role ${ROLE_TO_ASSUME} could not be assumed (STS AssumeRole: AccessDenied: User: arn:aws:iam::123456789012:user/local is not authorized to perform: sts:AssumeRole on resource: ${ROLE_TO_ASSUME}`);
  expect(sageMakerCalls()).toBe(before);
  expect(server.sts.issued()).toEqual([]);
});

it('STS down: UNAVAILABLE naming STS and the role, not a SageMaker refusal', async () => {
  server.faults.failNext('AssumeRole', 'ServiceUnavailable', 10); // more than STS's own retries
  const backend = new SageMakerBackend({ settings: async () => ({ ...settingsFor(server), assumeRoleArn: ROLE_TO_ASSUME, externalId: 'team-a-7f3e' }), credentials, maxAttempts: 2, retryBaseMs: 5 });
  const error = await backend.startSchedule(monitorOf('DATA_QUALITY'), scheduleOf('x')).catch((e: unknown) => e);
  server.faults.reset();
  expect(error).toMatchObject({ code: 'UNAVAILABLE', extensions: { awsError: 'ServiceUnavailable', awsOperation: 'STS AssumeRole', roleArn: ROLE_TO_ASSUME } });
  expect(server.sts.issued()).toEqual([]);
});
