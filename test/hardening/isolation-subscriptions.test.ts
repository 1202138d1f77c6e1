// Subscriptions are team-scoped: team B, unfiltered or filtering on team A's monitor id,
// receives none of A's events while they flow (A's own subscriber proves they do). A filter
// naming another team's monitor ends with the NOT_FOUND an id that names nothing gets, so it
// tells B nothing about A. Every subscription of the schema must have a case here.
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { hex } from '../api/support-ops.js';

let env: TestGateway;
const clients: Client[] = [];
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(async () => {
  await Promise.all(clients.map(async (c) => c.dispose()));
  await env.stop();
});

/** One document per subscription, taking its filter as $f; `byMonitor` filters on a monitor id. */
const SUB_CASES: Record<string, { doc: string; byMonitor: (monitorId: string) => Record<string, unknown> }> = {
  violationDetected: {
    doc: 'subscription($f: ViolationEventFilter) { violationDetected(filter: $f) { eventId violationId monitorId monitorName executionId featureName description } }',
    byMonitor: (monitorId) => ({ monitorId }),
  },
  executionStatusChanged: {
    doc: 'subscription($f: ExecutionEventFilter) { executionStatusChanged(filter: $f) { eventId executionId monitorId monitorName status failureReason } }',
    byMonitor: (monitorId) => ({ monitorId }),
  },
};

function subscribe(key: string, doc: string, f?: Record<string, unknown>) {
  const c = createClient({ url: env.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0, lazy: false });
  clients.push(c);
  const got: unknown[] = [];
  const errors: unknown[] = [];
  const acked = new Promise<void>((r) => c.on('connected', () => r()));
  c.subscribe({ query: doc, variables: f ? { f } : {} }, { next: (r) => got.push(r), error: (e) => errors.push(e), complete: () => undefined });
  return { got, errors, acked };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
}

async function runWithViolations(team: TeamFixture, monitorId: string) {
  const s = await team.createSchedule(monitorId, { kind: 'HOURLY' });
  env.backends.BUILTIN.putExecution(
    s.name,
    { executionId: `exec-${hex(6)}`, status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: new Date(Date.now() - 3_600_000), startedAt: null, endedAt: null, failureReason: null, reportUri: 's3://r/x' },
    { violations: [{ featureName: 'secret_feature_of_a', checkType: 'baseline_drift_check', description: 'drift of team A' }], statistics: null },
  );
  await env.gateway.services.executions.syncSchedule(team.id, s.id);
}

describe('subscription isolation', () => {
  it('has a case for every subscription of the schema', async () => {
    const team = await seed(env).createTeam();
    const d = await team.call('{ __schema { subscriptionType { fields { name } } } }');
    const subs: string[] = (d['__schema'].subscriptionType?.fields ?? []).map((f: { name: string }) => f.name);
    const missing = subs.filter((s) => !(s in SUB_CASES));
    expect(missing.map((s) => `${s}: add SUB_CASES['${s}'] to test/hardening/isolation-subscriptions.test.ts (its document with $f, and a filter on a monitor id)`)).toEqual([]);
    expect(Object.keys(SUB_CASES).filter((s) => !subs.includes(s))).toEqual([]);
  });

  it.each(Object.keys(SUB_CASES))('%s: B receives none of A\'s events, unfiltered or filtering on A\'s monitor id (NOT_FOUND)', async (name) => {
    const c = SUB_CASES[name] as (typeof SUB_CASES)[string];
    const [A, B] = await Promise.all([seed(env).createTeam(), seed(env).createTeam()]);
    const aMonitor = await A.createMonitor('DATA_QUALITY');
    const viewerB = await B.createKey('VIEWER');
    const control = subscribe(A.adminKey, c.doc, c.byMonitor(aMonitor.id));
    const bAll = subscribe(B.adminKey, c.doc);
    const bByA = subscribe(B.adminKey, c.doc, c.byMonitor(aMonitor.id));
    const bViewerByA = subscribe(viewerB.secret, c.doc, c.byMonitor(aMonitor.id));
    await Promise.all([control.acked, bAll.acked, bByA.acked, bViewerByA.acked]);
    await new Promise((r) => setTimeout(r, 150)); // the subscribe messages reach the server

    await runWithViolations(A, aMonitor.id);
    await until(() => control.got.length > 0);
    expect(control.got.length).toBeGreaterThan(0); // A's events did flow
    expect(JSON.stringify(control.got)).toContain(aMonitor.id);
    await new Promise((r) => setTimeout(r, 500));
    expect({ got: bAll.got, errors: bAll.errors }).toEqual({ got: [], errors: [] });
    const notFound = { errors: [expect.objectContaining({ message: `Monitor "${aMonitor.id}" was not found`, extensions: { code: 'NOT_FOUND', field: 'filter.monitorId', id: aMonitor.id } })] };
    for (const s of [bByA, bViewerByA]) {
      expect({ got: s.got, errors: s.errors }).toEqual({ got: [notFound], errors: [] });
    }
  });
});
