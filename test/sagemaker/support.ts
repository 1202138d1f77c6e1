// A SageMakerBackend wired to the project's local SageMaker + S3 server, over HTTP.
import { startLocalSageMaker, type LocalSageMaker } from '@mmg/local-sagemaker';
import { SageMakerBackend } from '../../src/sagemaker/backend.js';
import { teamScopedName } from '../../src/sagemaker/naming.js';
import { startGateway } from '../../src/runtime/index.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { loadTeamAwsSettings } from '../../src/tenancy/aws-settings.js';
import type { TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import type { TeamAwsSettings } from '../../src/sagemaker/clients.js';
import type { BackendMonitor, BackendSchedule } from '../../src/backends/types.js';
import { buildScheduleConfig } from '../../src/kernel/schedule-config.js';
import type { ScheduleSpec } from '../../src/kernel/rules/schedule.js';
import type { MonitorConfig, MonitorType } from '../../src/kernel/monitor-config.js';

export const ROLE = 'arn:aws:iam::123456789012:role/monitor';

/** The tags the gateway puts on what it creates in SageMaker: the owning team and monitor. */
export const ownerTags = (teamId: string, monitorId: string) => [
  { Key: 'model-monitor-gateway:team-id', Value: teamId },
  { Key: 'model-monitor-gateway:monitor-id', Value: monitorId },
];
export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export function settingsFor(server: LocalSageMaker): TeamAwsSettings {
  return { region: 'us-east-1', executionRoleArn: ROLE, assumeRoleArn: null, externalId: null, endpointUrl: server.endpoint, s3EndpointUrl: server.s3Endpoint };
}

export async function localSageMaker(): Promise<{ server: LocalSageMaker; backend: SageMakerBackend }> {
  const server = await startLocalSageMaker();
  for (const bucket of ['reports', 'train', 'gt', 'capture']) server.s3.createBucket(bucket);
  // Fast backoff: the retries are real, their waiting is shortened for the tests.
  const backend = new SageMakerBackend({ settings: async () => settingsFor(server), credentials, maxAttempts: 10, retryBaseMs: 5 });
  return { server, backend };
}

export function monitorOf(type: MonitorType, config: Partial<MonitorConfig> = {}, name = `m-${type.toLowerCase().replace(/_/g, '-')}`): BackendMonitor {
  const base: MonitorConfig = {
    endpointInput: { endpointName: 'churn-ep' },
    outputS3Uri: 's3://reports/churn',
    resources: { instanceType: 'ml.m5.xlarge', instanceCount: 1, volumeSizeInGB: 20 },
    maxRuntimeInSeconds: 1800,
  };
  const specific: Record<MonitorType, Partial<MonitorConfig>> = {
    DATA_QUALITY: {},
    MODEL_QUALITY: { problemType: 'BinaryClassification', groundTruthS3Uri: 's3://gt/churn', endpointInput: { endpointName: 'churn-ep', inferenceAttribute: '0', startTimeOffset: '-P1D', endTimeOffset: '-PT1H' } },
    MODEL_BIAS: { groundTruthS3Uri: 's3://gt/churn', bias: { facetName: 'age', facetValuesOrThreshold: ['40'], labelValuesOrThreshold: ['1'] } },
    MODEL_EXPLAINABILITY: { explainability: { headers: ['age', 'tenure'], numSamples: 100, aggMethod: 'mean_abs', useLogit: false } },
  };
  return { id: `id-${name}`, teamId: 'team-1', name, type, config: { ...base, ...specific[type], ...config }, baseline: null };
}

export function scheduleOf(name: string, spec: Partial<ScheduleSpec> = {}, backendRef: string | null = null): BackendSchedule {
  const full: ScheduleSpec = { expression: 'cron(0 * ? * * *)', dataAnalysisStartTime: null, dataAnalysisEndTime: null, ...spec };
  return { id: `id-${name}`, name, spec: full, scheduleConfig: buildScheduleConfig(full), backendRef };
}

/** The requests the server received for one operation, as parsed JSON. */
export const received = (server: LocalSageMaker, operation: string) => server.requests.filter((r) => r.operation === operation && !r.fault).map((r) => r.input);

/**
 * A test gateway whose SAGEMAKER backend is the real SageMakerBackend (each team's AWS
 * settings from the database; fast retries), the built-in one an in-process recorder.
 */
export async function startSageMakerGateway(db: Db): Promise<TestGateway> {
  const backends = {
    SAGEMAKER: new SageMakerBackend({ settings: (teamId) => loadTeamAwsSettings(db, teamId), credentials, retryBaseMs: 5, maxAttempts: 10 }),
    BUILTIN: new InProcessBackend('BUILTIN'),
  };
  const gateway = await startGateway({ config: { ...config(), PORT: 0 }, backends, db });
  return { gateway, backends: backends as never, url: gateway.url, stop: () => gateway.stop() };
}

/** A local SageMaker server and a gateway on the real SageMakerBackend pointed at it, for one suite. */
export interface SageMakerSetup {
  server: LocalSageMaker;
  db: Db;
  env: TestGateway;
  /** A new team on the SAGEMAKER backend whose AWS settings name the local server. */
  team(executionRoleArn?: string): Promise<TeamFixture>;
  stop(): Promise<void>;
}

export async function startSageMakerSetup(opts: { region?: string; buckets?: string[] } = {}): Promise<SageMakerSetup> {
  const region = opts.region ?? 'us-east-1';
  const server = await startLocalSageMaker(opts.region ? { region } : {});
  for (const bucket of opts.buckets ?? ['reports', 'train', 'gt']) server.s3.createBucket(bucket);
  const db = createDb({ url: config().DATABASE_URL, poolSize: 4 });
  const env = await startSageMakerGateway(db);
  return {
    server, db, env,
    team: async (executionRoleArn = ROLE) => {
      const team = await seed(env).createTeam({ defaultBackend: 'SAGEMAKER' });
      await team.call('mutation($i: UpdateTeamAwsSettingsInput!) { updateTeamAwsSettings(input: $i) { awsSettings { region } } }', {
        i: { region, executionRoleArn, endpointUrl: server.endpoint, s3EndpointUrl: server.s3Endpoint },
      });
      return team;
    },
    stop: async () => {
      await env.gateway.stop();
      await db.$disconnect();
      await server.close();
    },
  };
}

/** The local server's record of a team's schedule, by the schedule's name in the gateway. */
export function sageMakerScheduleOf(server: LocalSageMaker, teamId: string, name: string) {
  const found = server.state.schedules().find((s) => s.name === teamScopedName(teamId, name));
  if (!found) throw new Error(`no schedule ${name} in the local server`);
  return found;
}
