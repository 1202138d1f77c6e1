// GET /metrics (Prometheus text) and the structured request logs: operation counters by
// name, type and outcome, latency histograms, the open-subscriptions gauge and queue
// depths read from the deployment's real BullMQ queues (an own REDIS_PREFIX here).
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { startGateway, type Gateway } from '../../src/app.js';
import { InProcessBackend } from '../../src/backends/in-process.js';
import { config } from '../../src/config.js';
import { QUEUE_NAMES } from '../../src/ops/queues.js';
import { capturedLog } from '../hardening/log-capture.js';
import { gql, ok } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { collect, wsClients } from '../support/ws.js';

const prefix = `${config().REDIS_PREFIX}-ops-${randomBytes(3).toString('hex')}`;
const captured = capturedLog('info');
const ws = wsClients();
let gateway: Gateway;
let team: TeamFixture;

beforeAll(async () => {
  const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };
  gateway = await startGateway({ config: { ...config(), PORT: 0, REDIS_PREFIX: prefix }, backends, log: captured.log });
  team = await seed(gateway).createTeam();
});
afterAll(async () => {
  await ws.disposeAll();
  await gateway.stop();
});

const base = () => gateway.url.replace('/graphql', '');

async function scrape(): Promise<string> {
  const res = await fetch(`${base()}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.text();
}

/** The value of one sample, e.g. sample(text, 'mmg_x_total', { a: 'b' }); undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2]!.split(',');
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) return Number(m[3]);
  }
  return undefined;
}

it('counts GraphQL operations by name, type and outcome, with their latency', async () => {
  await ok(gateway.url, team.adminKey, 'query OpsProbe { viewer { role } }');
  await ok(gateway.url, team.adminKey, 'query OpsProbe { viewer { role } }');
  await gql(gateway.url, null, 'query OpsProbe { viewer { role } }'); // no key
  await gql(gateway.url, team.adminKey, 'mutation OpsBad { createMonitor(input: { name: "x", type: DATA_QUALITY, outputS3Uri: "s3://r/x" }) { id } }');
  await gql(gateway.url, team.adminKey, 'query OpsBroken { viewer { nope } }');
  await gql(gateway.url, team.adminKey, '{ viewer { role } ');
  const text = await scrape();
  expect(sample(text, 'mmg_graphql_operations_total', { operation: 'OpsProbe', type: 'query', outcome: 'ok' })).toBe(2);
  expect(sample(text, 'mmg_graphql_operations_total', { operation: 'OpsProbe', type: 'query', outcome: 'UNAUTHENTICATED' })).toBe(1);
  expect(sample(text, 'mmg_graphql_operations_total', { operation: 'OpsBad', type: 'mutation', outcome: 'BAD_USER_INPUT' })).toBe(1);
  expect(sample(text, 'mmg_graphql_operations_total', { operation: 'OpsBroken', type: 'query', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
  expect(sample(text, 'mmg_graphql_operations_total', { operation: 'anonymous', type: 'unknown', outcome: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
  expect(sample(text, 'mmg_graphql_operation_duration_seconds_count', { operation: 'OpsProbe', type: 'query' })).toBe(3);
  expect(sample(text, 'mmg_graphql_operation_duration_seconds_bucket', { le: '+Inf', operation: 'OpsProbe', type: 'query' })).toBe(3);
  expect(text).toContain('# TYPE mmg_graphql_operation_duration_seconds histogram');
  expect(text).toContain('mmg_process_resident_memory_bytes');
});

it('logs one JSON line per operation with request id, team and operation name', async () => {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${team.adminKey}`, 'x-request-id': 'ops-log-1' },
    body: JSON.stringify({ query: 'query OpsLogged { viewer { role } }' }),
  });
  expect(res.status).toBe(200);
  const line = captured.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['requestId'] === 'ops-log-1');
  expect(line).toMatchObject({ msg: 'graphql operation', teamId: team.id, operationName: 'OpsLogged', operationType: 'query', outcome: 'ok', status: 200 });
  expect(typeof line!['durationMs']).toBe('number');
});

it('reports the depth of every queue of the deployment, read at scrape time', async () => {
  const queue = new Queue('engine', { connection: { url: config().REDIS_URL }, prefix });
  try {
    await queue.add('ops-probe', {});
    await queue.add('ops-probe', {}, { delay: 3_600_000 });
    const text = await scrape();
    expect(sample(text, 'mmg_queue_jobs', { queue: 'engine', state: 'waiting' })).toBe(1);
    expect(sample(text, 'mmg_queue_jobs', { queue: 'engine', state: 'delayed' })).toBe(1);
    for (const name of QUEUE_NAMES) expect(sample(text, 'mmg_queue_jobs', { queue: name, state: 'active' })).toBe(0);
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
  }
});

it('counts open subscriptions and subscription starts', async () => {
  const sub = collect(ws.connect(gateway.url, team.adminKey), 'subscription OpsWatch { violationDetected { eventId } }');
  await sub.acked;
  let text = '';
  for (let i = 0; i < 40 && sample(text, 'mmg_graphql_operations_total', { operation: 'OpsWatch', type: 'subscription', outcome: 'ok' }) !== 1; i++) {
    await new Promise((r) => setTimeout(r, 25));
    text = await scrape();
  }
  expect(/^mmg_graphql_subscriptions_active (\d+)$/m.exec(text)?.[1]).toBe('1');
  sub.stop();
  for (let i = 0; i < 40 && !/^mmg_graphql_subscriptions_active 0$/m.test(text); i++) {
    await new Promise((r) => setTimeout(r, 25));
    text = await scrape();
  }
  expect(/^mmg_graphql_subscriptions_active (\d+)$/m.exec(text)?.[1]).toBe('0');
});
