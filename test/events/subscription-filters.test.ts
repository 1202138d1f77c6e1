// A subscription whose filter names a monitor that is not the team's (made up, not a UUID,
// or another team's) ends at once with NOT_FOUND on filter.monitorId, over a real
// WebSocket; a filter on the team's own monitor streams its events.
import type { Client } from 'graphql-ws';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { collect, wsClients } from '../support/ws.js';
import { hex } from '../webhooks/support.js';

let env: TestGateway;
const ws = wsClients();
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(async () => {
  await ws.disposeAll();
  await env.stop();
});

const DOCS = {
  violationDetected: 'subscription($f: ViolationEventFilter) { violationDetected(filter: $f) { eventId monitorId } }',
  executionStatusChanged: 'subscription($f: ExecutionEventFilter) { executionStatusChanged(filter: $f) { eventId monitorId } }',
} as const;

/** The first thing a subscription yields: a result (data or errors) or a protocol error; a silent one in 5 s says so. */
function first(c: Client, query: string, variables: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve) => {
    setTimeout(() => resolve('nothing within 5 s'), 5_000);
    c.subscribe({ query, variables }, { next: (r) => resolve(r), error: (e) => resolve({ protocolError: e }), complete: () => resolve('complete') });
  });
}

async function runWithViolations(team: TeamFixture, monitorId: string): Promise<void> {
  const s = await team.createSchedule(monitorId, { kind: 'HOURLY' });
  env.backends.BUILTIN.putExecution(
    s.name,
    { executionId: `exec-${hex(6)}`, status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: new Date(Date.now() - 3_600_000), startedAt: null, endedAt: null, failureReason: null, reportUri: 's3://r/x' },
    { violations: [{ featureName: 'age', checkType: 'baseline_drift_check', description: 'drift 0.4 > 0.1' }], statistics: null },
  );
  await env.gateway.services.executions.syncSchedule(team.id, s.id);
}

describe.each(Object.keys(DOCS) as Array<keyof typeof DOCS>)('%s filtered on a monitor', (name) => {
  const doc = DOCS[name];

  it('is NOT_FOUND on filter.monitorId for an unknown id, a non-UUID and another team\'s monitor (the same answer)', async () => {
    const [team, other] = await Promise.all([seed(env).createTeam(), seed(env).createTeam()]);
    const theirs = await other.createMonitor('DATA_QUALITY');
    const viewer = await team.createKey('VIEWER');
    const c = ws.connect(env.url, viewer.secret);
    for (const monitorId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', theirs.id]) {
      const r = await first(c, doc, { f: { monitorId } });
      expect(r).toEqual({
        errors: [expect.objectContaining({ message: `Monitor "${monitorId}" was not found`, path: [name], extensions: { code: 'NOT_FOUND', field: 'filter.monitorId', id: monitorId } })],
      });
    }
  });

  it('streams the events of the team\'s own monitor', async () => {
    const team = await seed(env).createTeam();
    const mine = await team.createMonitor('DATA_QUALITY');
    const sub = collect(ws.connect(env.url, team.adminKey), doc, { f: { monitorId: mine.id } });
    await sub.acked;
    await new Promise((r) => setTimeout(r, 150)); // the subscribe message reaches the server
    await runWithViolations(team, mine.id);
    const got = await sub.until(1);
    expect(sub.errors).toEqual([]);
    expect(got[0]).toEqual({ data: { [name]: { eventId: expect.any(String), monitorId: mine.id } } });
  });
});
