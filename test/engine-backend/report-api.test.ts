// Execution.report on the built-in engine, end to end: a monitor made over HTTP, its baseline and
// its run computed by the engine (files on disk, file://), then the run's report read back
// through the API and compared with the files the engine wrote.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { capture, fileStorage, putBiasData, rng, type Storage } from './fixtures.js';
import { harness, type Harness } from './harness.js';

const RUN = new Date('2026-11-22T11:00:00Z');
const at = (min: number) => `2026-11-22T10:${String(min % 60).padStart(2, '0')}:00Z`;

let db: Db;
let storage: Storage;
let h: Harness;
let gateway: Gateway;
let team: TeamFixture;
beforeAll(async () => {
  db = createDb({ url: config().DATABASE_URL, poolSize: 4 });
  storage = await fileStorage();
  h = await harness(db, storage);
  gateway = await startGateway({ config: { ...config(), PORT: 0 }, backends: { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: h.backend }, db });
  team = await seed({ url: gateway.url }).createTeam({ defaultBackend: 'BUILTIN' });
});
afterAll(async () => {
  await gateway?.stop();
  await h?.queue.close();
  await storage?.close();
  await db?.$disconnect();
});

/** The text of a report file as the engine wrote it on disk; null when it wrote none. */
async function textOnDisk(reportUri: string, file: string): Promise<string | null> {
  try {
    return await readFile(fileURLToPath(new URL(file, reportUri.endsWith('/') ? reportUri : `${reportUri}/`)), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * That file parsed; the bare tokens -Infinity, Infinity and NaN Clarify writes (and the engine
 * as Clarify) as the strings the API serves them as.
 */
async function onDisk(reportUri: string, file: string): Promise<unknown> {
  const text = await textOnDisk(reportUri, file);
  return text === null ? null : JSON.parse(text.replace(/(?<=[:[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, '"$1"'));
}

test('DATA_QUALITY: the engine\'s statistics.json and constraint_violations.json, served as written; no constraints or analysis', async () => {
  const r = rng(11);
  const rows = ['age,score,plan'];
  for (let i = 0; i < 400; i++) rows.push(`${20 + Math.floor(r() * 40)},${(r() * 10).toFixed(3)},${r() < 0.5 ? 'basic' : 'pro'}`);
  await storage.put('dq/train.csv', rows.join('\n') + '\n');
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) lines.push(capture(`dq${i}`, `${60 + Math.floor(r() * 40)},${(50 + r() * 10).toFixed(3)},${r() < 0.5 ? 'basic' : 'gold'}`, '0.5', at(i)));
  await storage.put('dq/capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl', lines.join('\n') + '\n');

  const m = await team.createMonitor('DATA_QUALITY', {
    backend: 'BUILTIN', endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('dq/out'),
    environment: [{ name: 'DATA_CAPTURE_S3_URI', value: storage.uri('dq/capture') }],
  });
  const b = (await team.call('mutation($i: RequestBaselineInput!) { requestBaseline(input: $i) { id } }', {
    i: { monitorId: m.id, datasetUri: storage.uri('dq/train.csv'), datasetFormat: { csvHeader: true } },
  }))['requestBaseline'];
  await h.queue.idle();
  expect(await gateway.services.baselines.sync(team.id, b.id)).toMatchObject({ status: 'COMPLETED' });

  const s = await team.createSchedule(m.id, { kind: 'HOURLY' }, 'dq-hourly');
  h.queue.fire(`builtin-${s.id}`, RUN);
  await h.queue.idle();
  expect(h.queue.failures).toEqual([]);
  const { written } = await gateway.services.executions.syncSchedule(team.id, s.id);
  const execution = written.at(-1)!;
  expect(execution).toMatchObject({ status: 'COMPLETED_WITH_VIOLATIONS', reportUri: storage.uri('dq/out/ep/dq-hourly/2026/11/22/11/') });

  const d = (await team.call(`query($id: ID!) { execution(id: $id) {
    violations { featureName checkType }
    report { uri statistics violations constraints analysis }
    featureStatistics(name: "age") { name baseline current } } }`, { id: execution.id }))['execution'];
  const statistics = await onDisk(execution.reportUri!, 'statistics.json') as { dataset: { item_count: number }; features: Array<{ name: string }> };
  const violations = await onDisk(execution.reportUri!, 'constraint_violations.json') as { violations: Array<{ feature_name: string; constraint_check_type: string }> };
  expect(statistics.dataset.item_count).toBe(300);
  expect(violations.violations.length).toBeGreaterThan(0);
  expect(await onDisk(execution.reportUri!, 'constraints.json')).toBeNull();
  expect(d.report).toEqual({ uri: execution.reportUri, statistics, violations, constraints: null, analysis: null });
  // The stored violations are the file's, one for one.
  expect(d.violations.map((v: { featureName: string; checkType: string }) => `${v.featureName}:${v.checkType}`).sort())
    .toEqual(violations.violations.map((v) => `${v.feature_name}:${v.constraint_check_type}`).sort());
  const baselineStats = JSON.parse((await storage.store.readText(`${(await db.engineBaselineJob.findFirstOrThrow({ where: { monitorId: m.id } })).outputUri}statistics.json`))!) as { features: Array<{ name: string }> };
  expect(d.featureStatistics).toEqual({
    name: 'age', baseline: baselineStats.features.find((f) => f.name === 'age'), current: statistics.features.find((f) => f.name === 'age'),
  });
});

test('MODEL_BIAS: the engine\'s analysis.json and constraint_violations.json, served as written; violations named "<facet>/<value>"', async () => {
  await putBiasData(storage, 12);

  const m = await team.createMonitor('MODEL_BIAS', {
    backend: 'BUILTIN', endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('bias/out'), groundTruthS3Uri: storage.uri('bias/gt'),
    bias: { facetName: 'sex', facetValuesOrThreshold: ['F'], labelValuesOrThreshold: ['1'] },
    environment: [{ name: 'DATA_CAPTURE_S3_URI', value: storage.uri('bias/capture') }],
  });
  const b = (await team.call('mutation($i: RequestBaselineInput!) { requestBaseline(input: $i) { id } }', {
    i: { monitorId: m.id, datasetUri: storage.uri('bias/train.csv'), datasetFormat: { csvHeader: true } },
  }))['requestBaseline'];
  await h.queue.idle();
  expect(await gateway.services.baselines.sync(team.id, b.id)).toMatchObject({ status: 'COMPLETED' });

  const s = await team.createSchedule(m.id, { kind: 'HOURLY' }, 'bias-hourly');
  h.queue.fire(`builtin-${s.id}`, RUN);
  await h.queue.idle();
  expect(h.queue.failures).toEqual([]);
  const execution = (await gateway.services.executions.syncSchedule(team.id, s.id)).written.at(-1)!;
  expect(execution.status).toBe('COMPLETED_WITH_VIOLATIONS');

  const d = (await team.call(`query($id: ID!) { execution(id: $id) {
    violations { featureName metricName facet facetValue checkType }
    report { uri statistics violations constraints analysis } } }`, { id: execution.id }))['execution'];
  const analysis = await onDisk(execution.reportUri!, 'analysis.json');
  expect(await textOnDisk(execution.reportUri!, 'analysis.json')).toMatch(/:\s*-?Infinity|:\s*NaN/); // served as strings
  const violations = await onDisk(execution.reportUri!, 'constraint_violations.json') as { violations: Array<{ facet: string; facet_value: string; metric_name: string }> };
  expect(analysis).toMatchObject({ post_training_bias_metrics: expect.any(Object) });
  expect(await onDisk(execution.reportUri!, 'statistics.json')).toBeNull();
  expect(d.report).toEqual({ uri: execution.reportUri, statistics: null, violations, constraints: null, analysis });
  expect(d.violations).toEqual(expect.arrayContaining([{ featureName: 'sex/F', metricName: 'DPPL', facet: 'sex', facetValue: 'F', checkType: 'bias_drift_check' }]));
  expect(d.violations.map((v: { featureName: string; metricName: string }) => `${v.featureName}:${v.metricName}`).sort())
    .toEqual(violations.violations.map((v) => `${v.facet}/${v.facet_value}:${v.metric_name}`).sort());
});
