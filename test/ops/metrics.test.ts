// GET /metrics (Prometheus text) and the structured request logs: operation counters by
// name, type and outcome, latency histograms, the open-subscriptions gauge and queue
// depths read from the deployment's real BullMQ queues (an own REDIS_PREFIX here).
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { config } from '../../src/config.js';
import { QUEUE_NAMES } from '../../src/ops/queues.js';
import { capturedLog } from '../hardening/log-capture.js';
import { gql, ok } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { collect, wsClients } from '../support/ws.js';
import { sample } from './scrape.js';

const prefix = `${config().REDIS_PREFIX}-ops-${randomBytes(3).toString('hex')}`;
const captured = capturedLog('info');
const ws = wsClients();
let gateway: Gateway;
let team: TeamFixture;
const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };

beforeAll(async () => {
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

/** How much a counter moved between two scrapes (absent counts as 0). */
const moved = (before: string, after: string, name: string, labels: Record<string, string> = {}) =>
  (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);

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
  // A document that does not validate adds no name of its own.
  expect(sample(text, 'mmg_graphql_operations_total', { operation: 'other', type: 'query', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
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

it('names sent without a key or without a valid operation cannot crowd out the names of real operations', async () => {
  for (let i = 0; i < 210; i += 30) {
    await Promise.all(Array.from({ length: 30 }, (_, j) => gql(gateway.url, null, `query Flood${i + j} { viewer { role } }`)));
  }
  await ok(gateway.url, team.adminKey, 'query AfterFlood { viewer { role } }');
  const text = await scrape();
  expect(sample(text, 'mmg_graphql_operations_total', { operation: 'AfterFlood', type: 'query', outcome: 'ok' })).toBe(1);
  expect(sample(text, 'mmg_graphql_operations_total', { operation: 'Flood0', type: 'query', outcome: 'UNAUTHENTICATED' })).toBeUndefined();
  expect(sample(text, 'mmg_graphql_operations_total', { operation: 'other', type: 'query', outcome: 'UNAUTHENTICATED' })).toBe(210);
});

it('counts executions by status and violations by type once per change, and the events relayed', async () => {
  const before = await scrape();
  const m = await team.createMonitor('DATA_QUALITY');
  const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
  const drift = (featureName: string) => ({ featureName, checkType: 'baseline_drift_check', description: `${featureName} drifted` });
  backends.BUILTIN.putExecution(
    s.name,
    { executionId: 'ops-run-1', status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: new Date('2026-11-22T10:00:00Z'), startedAt: null, endedAt: null, failureReason: null, reportUri: 's3://r/x' },
    { violations: [drift('age'), drift('plan'), { featureName: 'plan', checkType: 'categorical_values_check', description: 'new value' }], statistics: null },
  );
  await gateway.services.executions.syncSchedule(team.id, s.id);
  await gateway.services.executions.syncSchedule(team.id, s.id); // a replay adds nothing
  // The relay publishes what the syncs committed (4 events: one status change, three violations).
  const db = gateway.services.db;
  expect(await db.outboxEvent.count({ where: { teamId: team.id } })).toBe(4);
  for (let i = 0; i < 100 && (await db.outboxEvent.count({ where: { teamId: team.id, publishedAt: null } })) > 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(await db.outboxEvent.count({ where: { teamId: team.id, publishedAt: null } })).toBe(0);
  const after = await scrape();
  expect(moved(before, after, 'mmg_executions_total', { status: 'COMPLETED_WITH_VIOLATIONS' })).toBe(1);
  expect(moved(before, after, 'mmg_violations_total', { monitor_type: 'DATA_QUALITY', check_type: 'baseline_drift_check' })).toBe(2);
  expect(moved(before, after, 'mmg_violations_total', { monitor_type: 'DATA_QUALITY', check_type: 'categorical_values_check' })).toBe(1);
  // At least ours: the relay also publishes what earlier test files left unpublished in this run's database.
  expect(moved(before, after, 'mmg_events_relayed_total')).toBeGreaterThanOrEqual(4);
});
