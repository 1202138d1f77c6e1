// Credential failures answer what is missing, before anything reaches SageMaker: no AWS
// credentials at all, and a team role that STS refuses to let the gateway assume.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SageMakerBackend } from '../../src/sagemaker/backend.js';
import type { LocalSageMaker } from '../../src/sagemaker/local-server/index.js';
import { credentials, localSageMaker, monitorOf, scheduleOf, settingsFor } from './support.js';

const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_ENDPOINT_URL_STS', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE'];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const ROLE_TO_ASSUME = 'arn:aws:iam::210987654321:role/GatewayAccess';

/** Stands in for STS: every AssumeRole gets the answer given (AWS query protocol, XML). */
let stsAnswer: { status: number; body: string } = { status: 500, body: '' };
let sts: Server;
let server: LocalSageMaker;

beforeAll(async () => {
  sts = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(stsAnswer.status, { 'content-type': 'text/xml' }).end(stsAnswer.body));
  });
  await new Promise<void>((r) => sts.listen(0, '127.0.0.1', r));
  // An empty credential chain: no keys, no profile, no instance or container role.
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, {
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_CONFIG_FILE: '/nonexistent/config', AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(sts.address() as AddressInfo).port}`,
  });
  ({ server } = await localSageMaker());
});
afterAll(async () => {
  for (const k of ENV_KEYS) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
  await server.close();
  await new Promise((r) => sts.close(r));
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

it('STS refuses the team role: FORBIDDEN with the real STS error name, nothing sent', async () => {
  stsAnswer = {
    status: 403,
    body: '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>'
      + '<Message>User: arn:aws:iam::123456789012:user/gw is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
  };
  const backend = new SageMakerBackend({ settings: async () => ({ ...settingsFor(server), assumeRoleArn: ROLE_TO_ASSUME, externalId: 'team-fraud' }), credentials, maxAttempts: 3, retryBaseMs: 5 });
  const before = sageMakerCalls();
  const error = await backend.startSchedule(monitorOf('DATA_QUALITY'), scheduleOf('x')).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'FORBIDDEN', extensions: { awsError: 'AccessDenied', awsOperation: 'STS AssumeRole', roleArn: ROLE_TO_ASSUME } });
  expect((error as Error).message).toContain(`The team's AWS role ${ROLE_TO_ASSUME} could not be assumed (STS AssumeRole: AccessDenied: User: arn:aws:iam::123456789012:user/gw is not authorized`);
  expect(sageMakerCalls()).toBe(before);
});

it('STS down: UNAVAILABLE naming STS and the role, not a SageMaker refusal', async () => {
  stsAnswer = { status: 503, body: '<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>down</Message></Error></ErrorResponse>' };
  const backend = new SageMakerBackend({ settings: async () => ({ ...settingsFor(server), assumeRoleArn: ROLE_TO_ASSUME, externalId: 'x' }), credentials, maxAttempts: 2, retryBaseMs: 5 });
  const error = await backend.startSchedule(monitorOf('DATA_QUALITY'), scheduleOf('x')).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'UNAVAILABLE', extensions: { awsOperation: 'STS AssumeRole', roleArn: ROLE_TO_ASSUME } });
  expect((error as { extensions: { awsError: string } }).extensions.awsError).not.toBe('Error');
});
