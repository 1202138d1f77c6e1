// Subscriptions over a real graphql-ws client, across two gateway instances that share
// PostgreSQL and Redis: the event found by one reaches a subscriber on the other.
import { spawn } from 'node:child_process';
import type { Client } from 'graphql-ws';
import { collect, wsClients } from '../support/ws.js';
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { config } from '../../src/config.js';
import { singleProcessRun, testBus } from '../support/transport.js';
import { relayOutbox } from '../../src/events/outbox.js';
import type { GatewayEvent } from '../../src/events/types.js';
import { seed, type TeamFixture } from '../support/seed.js';
import type { TestGateway } from '../support/gateway.js';
import { DIE_WITH_PARENT, killSpawned, track } from '../support/processes.js';

let a: TestGateway;
let b: TestGateway;

async function start(): Promise<TestGateway> {
  const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };
  const gateway: Gateway = await startGateway({ config: { ...config(), PORT: 0 }, backends });
  return { gateway, backends, url: gateway.url, stop: () => gateway.stop() };
}

beforeAll(async () => {
  [a, b] = await Promise.all([start(), start()]);
});
afterAll(async () => {
  await ws.disposeAll();
  await Promise.all([a.stop(), b.stop()]);
  await killSpawned();
});

const ws = wsClients();
const client = (gw: TestGateway, key: string): Client => ws.connect(gw.url, key);

const VIOLATIONS = 'subscription($f: ViolationEventFilter) { violationDetected(filter: $f) { eventId violationId monitorId monitorName monitorType endpointName executionId featureName checkType description scheduledTime } }';
const STATUSES = 'subscription($f: ExecutionEventFilter) { executionStatusChanged(filter: $f) { eventId executionId status previousStatus } }';

async function executionWithViolations(gw: TestGateway, team: TeamFixture, executionId: string) {
  const m = await team.createMonitor('DATA_QUALITY');
  const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
  gw.backends.BUILTIN.putExecution(
    s.name,
    { executionId, status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: new Date('2026-11-22T10:00:00Z'), startedAt: null, endedAt: null, failureReason: null, reportUri: 's3://r/x' },
    { violations: [{ featureName: 'age', checkType: 'baseline_drift_check', description: 'drift 0.4 > 0.1' }, { featureName: 'plan', checkType: 'categorical_values_check', description: 'new value enterprise' }], statistics: null },
  );
  return { m, s };
}

describe('violationDetected and executionStatusChanged over WebSocket', () => {
  it('delivers a violation found through one gateway to a subscriber on another, once, and only to its team', async () => {
    const team = await seed(a).createTeam();
    const other = await seed(a).createTeam();
    const mine = collect(client(b, team.adminKey), VIOLATIONS);
    const theirs = collect(client(b, other.adminKey), VIOLATIONS);
    const statuses = collect(client(a, team.adminKey), STATUSES, { f: { status: ['COMPLETED_WITH_VIOLATIONS'] } });
    await Promise.all([mine.acked, theirs.acked, statuses.acked]);
    await new Promise((r) => setTimeout(r, 100)); // the subscribe messages reach the servers

    const { m, s } = await executionWithViolations(a, team, 'exec-1');
    await a.gateway.services.executions.syncSchedule(team.id, s.id);
    await a.gateway.services.executions.syncSchedule(team.id, s.id); // a re-run adds no event

    const got = await mine.until(2);
    expect(got).toHaveLength(2);
    const events = got.map((r) => r.data.violationDetected).sort((x: any, y: any) => x.featureName.localeCompare(y.featureName));
    expect(events[0]).toMatchObject({ monitorId: m.id, monitorName: m.name, monitorType: 'DATA_QUALITY', endpointName: 'churn-ep', featureName: 'age', checkType: 'baseline_drift_check', description: 'drift 0.4 > 0.1', scheduledTime: '2026-11-22T10:00:00.000Z' });
    expect(events[0].eventId).toBe(`violation:${events[0].violationId}`);
    expect((await statuses.until(1)).map((r) => r.data.executionStatusChanged)).toEqual([
      expect.objectContaining({ status: 'COMPLETED_WITH_VIOLATIONS', previousStatus: null }),
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(mine.got).toHaveLength(2);
    expect(theirs.got).toHaveLength(0);
  });

  it('filters by check type and monitor, and drops an event published twice', async () => {
    const team = await seed(a).createTeam();
    const drift = collect(client(b, team.adminKey), VIOLATIONS, { f: { checkType: 'baseline_drift_check' } });
    const quiet = await team.createMonitor('DATA_QUALITY'); // a monitor of the team with no runs
    const otherMonitor = collect(client(b, team.adminKey), VIOLATIONS, { f: { monitorId: quiet.id } });
    await Promise.all([drift.acked, otherMonitor.acked]);
    await new Promise((r) => setTimeout(r, 100));
    const { s } = await executionWithViolations(a, team, 'exec-2');
    await a.gateway.services.executions.syncSchedule(team.id, s.id);
    const got = await drift.until(1);
    expect(got.map((r) => r.data.violationDetected.checkType)).toEqual(['baseline_drift_check']);

    // A relay that crashed after publishing but before marking publishes again.
    const event = (await a.gateway.services.db.outboxEvent.findFirstOrThrow({ where: { teamId: team.id, type: 'VIOLATION_DETECTED' }, orderBy: { id: 'asc' } })).payload as unknown as GatewayEvent;
    const bus = testBus();
    await bus.publish([event, event]);
    await bus.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(drift.got).toHaveLength(1);
    expect(otherMonitor.got).toHaveLength(0);
  });

  it('events committed without an immediate relay are delivered by the next relay pass (crash before publish)', async () => {
    const team = await seed(a).createTeam();
    const sub = collect(client(b, team.adminKey), VIOLATIONS);
    await sub.acked;
    await new Promise((r) => setTimeout(r, 100));
    const { s } = await executionWithViolations(a, team, 'exec-3');
    // A manager whose process "died" before relaying: the rows are committed, unpublished.
    const { ExecutionManager } = await import('../../src/executions/manager.js');
    await new ExecutionManager(a.gateway.services.db, a.gateway.services.backends).syncSchedule(team.id, s.id);
    const bus = testBus();
    try {
      await relayOutbox(b.gateway.services.db, bus); // the relay of any process, e.g. after a restart
    } finally {
      await bus.close();
    }
    expect(await sub.until(2)).toHaveLength(2);
    expect(await a.gateway.services.db.outboxEvent.count({ where: { teamId: team.id, publishedAt: null } })).toBe(0);
  });

  it('closes the open subscriptions of a key when it is revoked', async () => {
    const team = await seed(a).createTeam();
    const viewerKey = await team.createKey('VIEWER');
    const c = client(b, viewerKey.secret);
    const closed = new Promise<number>((resolve) => c.on('closed', (e) => resolve((e as { code: number }).code)));
    await new Promise<void>((resolve) => c.on('connected', () => resolve()));
    c.subscribe({ query: VIOLATIONS }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    await team.call('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: viewerKey.id });
    expect(await closed).toBe(4403);
  });

  it('refuses a connection without a valid key', async () => {
    const closed = await new Promise<number>((resolve) => {
      const c = ws.connect(b.url, 'nope', { onNonLazyError: () => undefined });
      c.on('closed', (e) => resolve((e as { code: number }).code));
    });
    expect(closed).toBe(4403);
  });
});

// Two processes share events only through Redis: single-process mode has one process.
(singleProcessRun() ? describe.skip : describe)('revocation across processes', () => {
  // A second gateway in its own process: the key caches share nothing but Redis.
  it('a key revoked through one gateway stops working at once on another process that had it cached', async () => {
    const port = 21000 + Math.floor(Math.random() * 20000);
    const child = track(spawn(process.execPath, ['--import', 'tsx', '--import', DIE_WITH_PARENT, 'src/main.ts'], {
      env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), RUN_WORKER: 'false', DEMO: 'false', LOG_LEVEL: 'silent', SYNC_INTERVAL_MS: '600000' },
      stdio: 'ignore',
    }));
    try {
      const url = `http://127.0.0.1:${port}/graphql`;
      for (let i = 0; i < 150; i++) {
        if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const team = await seed(a).createTeam();
      const editor = await team.createKey('EDITOR');
      const ask = () =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${editor.secret}` }, body: JSON.stringify({ query: '{ viewer { role } }' }) }).then(
          (r) => r.json() as Promise<{ data?: { viewer: { role: string } }; errors?: Array<{ extensions: { code: string } }> }>,
        );
      expect((await ask()).data?.viewer.role).toBe('EDITOR'); // now cached in the other process
      await team.call('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: editor.id });
      await new Promise((r) => setTimeout(r, 300)); // pub/sub latency, well below the cache's 2 s
      expect((await ask()).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 60_000);
});
