// A SAGEMAKER team on the local server in us-west-2 (the SDK tests' region), and the flow every
// conformance test follows through the API: monitor, completed baseline, hourly schedule.
import type { Gateway } from '../../src/runtime/index.js';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import { teamScopedName } from '../../src/sagemaker/naming.js';
import type { TeamFixture } from '../support/seed.js';
import { gql, type TestGateway } from '../support/gateway.js';
import { ownerTags, received, startSageMakerSetup, type SageMakerSetup } from './support.js';
import { REGION, ROLE_ARN } from './sdk-intents.js';

export type Obj = Record<string, any>;

export function sdkHarness() {
  let server: LocalSageMaker;
  let gateway: Gateway;
  let env: TestGateway;
  let setup: SageMakerSetup;

  beforeAll(async () => {
    setup = await startSageMakerSetup({ region: REGION, buckets: ['bucket', 'output-s3-uri'] });
    ({ server, env } = setup);
    gateway = env.gateway;
  });
  afterAll(() => setup.stop());

  const team = (): Promise<TeamFixture> => setup.team(ROLE_ARN);

  /** createMonitor → requestBaseline (completed by the server) → hourly schedule; the requests each step sent, and the owner tags they carry. */
  async function setUp(input: Obj, baseline: Obj, outputs: Obj) {
    const t = await team();
    const m = (await t.call('mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { id name } }', { i: input }))['createMonitor'];
    const b = (await t.call('mutation($i: RequestBaselineInput!) { requestBaseline(input: $i) { id } }', {
      i: { monitorId: m.id, datasetUri: 's3://bucket/dataset', datasetFormat: { csvHeader: false }, ...baseline },
    }))['requestBaseline'];
    const baselineJob = received(server, 'CreateProcessingJob').at(-1) as Obj;
    server.fixtures.setProcessingJobOutcome(baselineJob['ProcessingJobName'], { status: 'Completed', outputs });
    await server.advance(3_600_000);
    await gateway.services.baselines.sync(t.id, b.id);
    const s = await t.createSchedule(m.id, { kind: 'HOURLY' });
    const schedule = (received(server, 'CreateMonitoringSchedule') as Obj[]).find((r) => r['MonitoringScheduleName'] === teamScopedName(t.id, s.name))!;
    const jdName = schedule['MonitoringScheduleConfig']['MonitoringJobDefinitionName'];
    const operation = `Create${schedule['MonitoringScheduleConfig']['MonitoringType']}JobDefinition`;
    const jobDefinition = (received(server, operation) as Obj[]).find((r) => r['JobDefinitionName'] === jdName)!;
    const baselineDir: string = baselineJob['ProcessingOutputConfig']['Outputs'][0]['S3Output']['S3Uri'];
    const tags = ownerTags(t.id, m.id);
    return { baselineJob, jobDefinition, schedule, jdName, baselineDir, tags, s3: (uri: string) => JSON.parse(server.s3.getText(uri)!) as Obj };
  }

  /** A call made by a fresh team (after `prepare`, which gives its variables): its errors, and how many requests it sent to SageMaker. */
  async function attempt(query: string, prepare: (t: TeamFixture) => Promise<Obj>) {
    const t = await team();
    const variables = await prepare(t);
    const before = server.requests.length;
    const r = await gql(env.url, t.adminKey, query, variables);
    return { errors: r.errors ?? [], sent: server.requests.length - before };
  }

  return { setUp, attempt };
}
