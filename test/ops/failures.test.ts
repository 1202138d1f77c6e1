// Failures that must surface: a built-in engine job that fails for good (here a baseline whose
// s3:// dataset cannot be read: no AWS credentials in the environment) ends FAILED with its
// reason in the API, logged at warn and counted on /metrics, through the real gateway, worker,
// BullMQ and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { startGateway, startWorker, type Gateway, type RunningWorker } from '../../src/runtime/index.js';
import { config, type Config } from '../../src/config.js';
import { capturedLog } from '../hardening/log-capture.js';
import { seed } from '../support/seed.js';
import { sample } from './scrape.js';

jest.setTimeout(120_000);

// No credentials anywhere, and no instance metadata endpoint to ask (nothing leaves the machine).
for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name];
process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

const captured = capturedLog('info');
let gateway: Gateway;
let worker: RunningWorker;

beforeAll(async () => {
  const base = config();
  const cfg: Config = {
    ...base, PORT: 0, RUN_WORKER: false, REDIS_PREFIX: `${base.REDIS_PREFIX}:fail-${randomBytes(3).toString('hex')}`,
    SYNC_INTERVAL_MS: 1000, SYNC_RUNNING_POLL_MS: 500, SYNC_DUE_POLL_MS: 500, SYNC_MAX_TPS: 1000,
  };
  gateway = await startGateway({ config: cfg, log: captured.log }); // the real backends: BUILTIN queues engine jobs
  worker = await startWorker(cfg, gateway.services.db, captured.log);
});
afterAll(async () => {
  await worker.stop();
  await gateway.stop();
});

const scrape = async () => (await fetch(gateway.url.replace('/graphql', '/metrics'))).text();
const logLines = () => captured.lines.map((l) => JSON.parse(l) as Record<string, unknown>);

async function until<T>(what: string, read: () => Promise<T>, accept: (v: T) => boolean, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (accept(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('a baseline whose engine job fails for good is FAILED with the reason, logged at warn and counted once', async () => {
  const before = await scrape();
  const team = await seed(gateway).createTeam({ defaultBackend: 'BUILTIN' });
  const m = await team.createMonitor('DATA_QUALITY');
  const datasetUri = `s3://no-credentials-${randomBytes(3).toString('hex')}/train.csv`;
  const b = (await team.call('mutation($m: ID!, $u: String!) { requestBaseline(input: { monitorId: $m, datasetUri: $u, datasetFormat: { csvHeader: true } }) { id status } }', { m: m.id, u: datasetUri }))['requestBaseline'];
  expect(b.status).toBe('IN_PROGRESS');

  const read = async () => (await team.call('query($id: ID!) { baseline(id: $id) { status failureReason } }', { id: b.id }))['baseline'];
  const failed = await until('the baseline to fail', read, (x) => x.status !== 'IN_PROGRESS' && x.status !== 'PENDING');
  expect(failed.status).toBe('FAILED');
  expect(failed.failureReason).toMatch(/^engine error after 3 attempts: .*Could not load credentials from any providers/);

  // Each retried attempt is logged; the failure for good once by the engine and once by the sync.
  const lines = logLines();
  const attempts = lines.filter((l) => l['msg'] === 'engine baseline attempt failed' && l['datasetUri'] === datasetUri);
  expect(attempts).toHaveLength(3);
  expect(attempts.every((l) => l['level'] === 40)).toBe(true);
  const engine = lines.filter((l) => l['msg'] === 'engine baseline failed' && l['failureReason'] === failed.failureReason);
  expect(engine).toHaveLength(1);
  expect(engine[0]).toMatchObject({ level: 40, job: 'baseline' });
  const synced = lines.filter((l) => l['msg'] === 'baseline failed' && l['baselineId'] === b.id);
  expect(synced).toHaveLength(1);
  expect(synced[0]).toMatchObject({ level: 40, teamId: team.id, backend: 'BUILTIN', failureReason: failed.failureReason });

  const after = await scrape();
  const delta = (name: string, labels: Record<string, string>) => (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
  expect(delta('mmg_baseline_failures_total', { backend: 'BUILTIN' })).toBe(1);
  expect(delta('mmg_engine_job_failures_total', { job: 'baseline' })).toBe(1);
});
