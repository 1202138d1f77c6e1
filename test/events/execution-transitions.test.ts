// executionStatusChanged reports a run's start (IN_PROGRESS) as well as its end, each
// transition once, over a real WebSocket: whether a poll saw the run in progress or only
// after it ended (its startedAt tells it started), and however often the sync runs again.
// Webhooks subscribed to EXECUTION_STATUS_CHANGED get the same transitions, once each.
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { collect, wsClients } from '../support/ws.js';
import type { BackendExecution } from '../../src/backends/types.js';
import { fanOut } from '../../src/webhooks/index.js';
import { GatewayEventSchema } from '../../src/events/types.js';
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

const STATUSES = 'subscription($f: ExecutionEventFilter) { executionStatusChanged(filter: $f) { eventId executionId status previousStatus occurredAt failureReason } }';

async function subscribed(team: TeamFixture, monitorId: string) {
  const sub = collect(ws.connect(env.url, team.adminKey), STATUSES, { f: { monitorId } });
  await sub.acked;
  await new Promise((r) => setTimeout(r, 100)); // the subscribe message reaches the server
  return sub;
}

const run = (executionId: string, over: Partial<BackendExecution>): BackendExecution => ({
  executionId, status: 'PENDING', scheduledTime: new Date('2026-11-22T10:00:00Z'), startedAt: null, endedAt: null, failureReason: null, reportUri: null, ...over,
});

describe('executionStatusChanged transitions', () => {
  it('a run polled while pending, in progress and done: PENDING, IN_PROGRESS, then FAILED, each once', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    await team.call('mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
      i: { name: `runs-${hex()}`, url: 'https://hooks.example.com/runs', eventTypes: ['EXECUTION_STATUS_CHANGED'] },
    });
    const sub = await subscribed(team, m.id);
    const id = `exec-${hex(6)}`;
    const sync = () => env.gateway.services.executions.syncSchedule(team.id, s.id);
    env.backends.BUILTIN.putExecution(s.name, run(id, {}));
    await sync();
    env.backends.BUILTIN.putExecution(s.name, run(id, { status: 'IN_PROGRESS', startedAt: new Date('2026-11-22T10:01:00Z') }));
    await sync();
    await sync(); // still running: nothing new
    env.backends.BUILTIN.putExecution(s.name, run(id, { status: 'FAILED', startedAt: new Date('2026-11-22T10:01:00Z'), endedAt: new Date('2026-11-22T10:05:00Z'), failureReason: 'capture missing' }));
    await sync();
    await sync();

    await sub.until(3);
    await new Promise((r) => setTimeout(r, 300)); // nothing more comes
    const got = sub.got.map((r) => r.data.executionStatusChanged);
    expect(got.map((e) => [e.status, e.previousStatus])).toEqual([['PENDING', null], ['IN_PROGRESS', 'PENDING'], ['FAILED', 'IN_PROGRESS']]);
    expect(new Set(got.map((e) => e.eventId)).size).toBe(3);
    expect(got[2]).toMatchObject({ eventId: `execution:${got[2].executionId}:FAILED`, failureReason: 'capture missing' });

    // The outbox holds each transition once; a webhook channel gets one delivery each.
    const db = env.gateway.services.db;
    const outbox = await db.outboxEvent.findMany({ where: { teamId: team.id, type: 'EXECUTION_STATUS_CHANGED' }, orderBy: { id: 'asc' } });
    expect(outbox.map((o) => (o.payload as { status: string }).status)).toEqual(['PENDING', 'IN_PROGRESS', 'FAILED']);
    await db.$transaction((tx) => fanOut(tx, outbox.map((o) => GatewayEventSchema.parse(o.payload))));
    await db.$transaction((tx) => fanOut(tx, outbox.map((o) => GatewayEventSchema.parse(o.payload)))); // a relay replay adds nothing
    const deliveries = await db.webhookDelivery.findMany({ where: { teamId: team.id }, orderBy: { createdAt: 'asc' } });
    expect(deliveries.map((d) => (d.payload as { status: string }).status).sort()).toEqual(['FAILED', 'IN_PROGRESS', 'PENDING']);
  });

  it('a run first seen finished reports its start too (IN_PROGRESS at startedAt) before its status, once', async () => {
    const team = await seed(env).createTeam();
    const m = await team.createMonitor('DATA_QUALITY');
    const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
    const sub = await subscribed(team, m.id);
    const startedAt = new Date('2026-11-22T10:02:00Z');
    env.backends.BUILTIN.putExecution(s.name, run(`exec-${hex(6)}`, { status: 'COMPLETED', startedAt, endedAt: new Date('2026-11-22T10:04:00Z'), reportUri: 's3://r/x' }));
    await env.gateway.services.executions.syncSchedule(team.id, s.id);
    await env.gateway.services.executions.syncSchedule(team.id, s.id);

    await sub.until(2);
    await new Promise((r) => setTimeout(r, 300));
    const got = sub.got.map((r) => r.data.executionStatusChanged);
    expect(got.map((e) => [e.status, e.previousStatus])).toEqual([['IN_PROGRESS', null], ['COMPLETED', 'IN_PROGRESS']]);
    expect(got[0].occurredAt).toBe(startedAt.toISOString());
  });
});
