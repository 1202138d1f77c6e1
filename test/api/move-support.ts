// A gateway whose two backends are both real: SAGEMAKER on the local SageMaker server, BUILTIN the
// engine (its jobs on an in-process queue, its objects in the same local S3), so a monitor can move
// between them and run on either.
import { startLocalSageMaker, type LocalSageMaker } from '@mmg/local-sagemaker';
import { S3ObjectStore } from '@mmg/engine/io';
import { BuiltinBackend, engineContext, registerEngineJobs } from '../../src/engine/backend/index.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { SageMakerBackend } from '../../src/sagemaker/backend.js';
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { loadTeamAwsSettings } from '../../src/tenancy/aws-settings.js';
import { credentials, ROLE } from '../sagemaker/support.js';
import type { TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';

export const HOUR = 3_600_000;

export interface TwoBackends {
  server: LocalSageMaker;
  db: Db;
  env: TestGateway;
  gateway: Gateway;
  queue: InProcessQueue;
  /** A new team on SAGEMAKER whose AWS settings name the local server. */
  team(): Promise<TeamFixture>;
  /** Completes the newest processing job with `outputs` and syncs the baseline; returns its id. */
  baseline(team: TeamFixture, monitorId: string, outputs: Record<string, unknown>, request?: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

export async function startTwoBackends(): Promise<TwoBackends> {
  const server = await startLocalSageMaker();
  for (const bucket of ['reports', 'train', 'gt', 'capture']) server.s3.createBucket(bucket);
  const db = createDb({ url: config().DATABASE_URL, poolSize: 4 });
  const store = new S3ObjectStore({ endpoint: server.s3Endpoint, credentials });
  const queue = new InProcessQueue();
  const ctx = engineContext(db, store, queue);
  registerEngineJobs(queue, ctx);
  await queue.start();
  const backends = {
    SAGEMAKER: new SageMakerBackend({ settings: (teamId) => loadTeamAwsSettings(db, teamId), credentials, retryBaseMs: 5, maxAttempts: 10 }),
    BUILTIN: new BuiltinBackend(ctx),
  };
  const gateway = await startGateway({ config: { ...config(), PORT: 0 }, backends, db });
  const env = { gateway, backends: backends as never, url: gateway.url, stop: () => gateway.stop() } satisfies TestGateway;
  return {
    server, db, env, gateway, queue,
    team: async () => {
      const team = await seed(env).createTeam({ defaultBackend: 'SAGEMAKER' });
      await team.call('mutation($i: UpdateTeamAwsSettingsInput!) { updateTeamAwsSettings(input: $i) { id } }', {
        i: { region: 'us-east-1', executionRoleArn: ROLE, endpointUrl: server.endpoint, s3EndpointUrl: server.s3Endpoint },
      });
      return team;
    },
    baseline: async (team, monitorId, outputs, request = {}) => {
      const d = await team.call('mutation($i: RequestBaselineInput!) { requestBaseline(input: $i) { id } }', {
        i: { monitorId, datasetUri: 's3://train/churn.csv', datasetFormat: { csvHeader: true }, ...request },
      });
      const id: string = d['requestBaseline'].id;
      server.fixtures.setProcessingJobOutcome(server.state.processingJobs().at(-1)!.name, { status: 'Completed', outputs });
      await server.advance(HOUR);
      const synced = await gateway.services.baselines.sync(team.id, id);
      if (synced.status !== 'COMPLETED') throw new Error(`baseline ${id} is ${synced.status}: ${synced.failureReason ?? ''}`);
      return id;
    },
    stop: async () => {
      await gateway.stop();
      await queue.close();
      store.destroy();
      await db.$disconnect();
      await server.close();
    },
  };
}
