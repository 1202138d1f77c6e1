// A real SageMaker data-quality baseline, feature names as SageMaker writes them ("Account
// Length"), is accepted by the gateway and used by the engine as it is.
import type { Db } from '../../src/db/client.js';
import { capture, fileStorage, monitorOf, scheduleOf, type Storage } from '../engine-backend/fixtures.js';
import { harness, type Harness } from '../engine-backend/harness.js';
import { testDb } from '../support/db.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { describeSamples, readSample, readSampleJson } from '../support/samples.js';

interface Feature {
  name: string;
  inferred_type: string;
  completeness: number;
  num_constraints: { is_non_negative: boolean };
}

/** The features of SageMaker's suggested constraints, from the intro notebook's printed table. */
async function introNotebookFeatures(): Promise<Feature[]> {
  const text = readSample('data-quality/examples-intro-notebook.constraints-table.txt');
  return [...text.matchAll(/^\d+\s+(.+?)\s+(Integral|Fractional|String)\s+([\d.]+)\s+(True|False)\s*$/gm)].map((m) => ({
    name: m[1]!,
    inferred_type: m[2]!,
    completeness: Number(m[3]),
    num_constraints: { is_non_negative: m[4] === 'True' },
  }));
}

describeSamples('data quality portability: SageMaker feature names', () => {
  let env: TestGateway;
  let db: Db;
  let storage: Storage;
  let h: Harness;
  let features: Feature[];
  let config: unknown;
  beforeAll(async () => {
    env = await startTestGateway();
    db = testDb();
    storage = await fileStorage();
    h = await harness(db, storage);
    features = await introNotebookFeatures();
    config = readSampleJson<{ monitoring_config: unknown }>('data-quality/sdk-pipeline.constraints.good.json').monitoring_config;
  });
  afterAll(async () => {
    await h.queue.close();
    await storage.close();
    await db.$disconnect();
    await env.stop();
  });

  test('the intro notebook\'s constraints are accepted as an edited baseline, names unchanged', async () => {
    expect(features.map((f) => f.name)).toEqual(['Churn', 'Account Length', 'VMail Message', 'Day Mins', 'Day Calls', 'Eve Mins', 'Eve Calls', 'Night Mins', 'Night Calls', 'Intl Mins']);
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const b = (await team.call('mutation($m: ID!) { requestBaseline(input: { monitorId: $m, datasetUri: "s3://train/churn.csv", datasetFormat: { csvHeader: true } }) { id } }', { m: m.id }))['requestBaseline'];
    const job = env.backends.BUILTIN.baselineJobs().find((j) => j.request.baselineId === b.id)!;
    env.backends.BUILTIN.finishBaseline(job.jobRef, { status: 'COMPLETED', statistics: { version: 0, dataset: { item_count: 1 }, features: [] }, constraints: { version: 0, features: [], monitoring_config: config } });
    await env.gateway.services.baselines.sync(team.id, b.id);
    const constraints = { version: 0, features, monitoring_config: config };
    const v2 = (await team.call('mutation($b: ID!, $c: JSON!) { editBaselineConstraints(input: { baselineId: $b, constraints: $c }) { version constraints } }', { b: b.id, c: constraints }))['editBaselineConstraints'];
    expect(v2).toEqual({ version: 2, constraints });
  });

  test('the engine checks header-less captures against a baseline with those names', async () => {
    const header = features.map((f) => (f.name.includes(' ') ? `"${f.name}"` : f.name)).join(',');
    const row = (i: number) => features.map((f, j) => (f.inferred_type === 'Fractional' ? `${(i * 7 + j) % 50}.5` : String((i * 3 + j) % 40))).join(',');
    await storage.put('churn/train.csv', [header, ...Array.from({ length: 100 }, (_, i) => row(i))].join('\n') + '\n');
    const monitor = monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('churn/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('churn/capture') } });
    const based = await h.baseline(monitor, 'churn/train.csv');
    expect((based.baseline!.statistics as { features: Feature[] }).features.map((f) => f.name)).toEqual(features.map((f) => f.name));
    // SageMaker's constraints (the table's) in force; 'Account Length' turns negative in the window.
    const lines = Array.from({ length: 100 }, (_, i) => capture(`c${i}`, row(i).replace(/^([^,]*),([^,]*)/, (_m, a: string, b: string) => `${a},-${b}`), '0', `2026-11-22T10:${String(i % 60).padStart(2, '0')}:00Z`));
    await storage.put('churn/capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl', lines.join('\n') + '\n');
    const withTable = { ...based, baseline: { ...based.baseline!, constraints: { version: 0, features, monitoring_config: config } } };
    const { report } = await h.run(withTable, scheduleOf({}, 'churn'), new Date('2026-11-22T11:00:00Z'));
    expect(report!.violations.map((v) => `${v.featureName}:${v.checkType}`)).toEqual(['Account Length:data_type_check', 'Account Length:baseline_drift_check']);
  });
});
