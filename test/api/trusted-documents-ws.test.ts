// Trusted documents over graphql-ws: a subscription sent by hash (with query "" or no query at
// all, as Apollo Client's persisted-query link sends it) runs its team's document; an unknown
// hash and a trustedOnly key's free-form text are refused, as over HTTP. (graphql-ws's own
// client always sends a query, so the payload without one goes over a raw socket.)
import { config } from '../../src/config.js';
import { RedisEventBus } from '../../src/events/bus.js';
import { sha256Hex } from '../../src/trusted-documents/manifest.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { wsClients } from '../support/ws.js';
import WebSocket from 'ws';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
const ws = wsClients();
afterAll(async () => {
  await ws.disposeAll();
  await env.stop();
});

const SUBSCRIPTION = 'subscription Drift { violationDetected { eventId featureName } }';

/** Subscribes with a raw payload; resolves with the first result or error. */
function first(client: ReturnType<typeof ws.connect>, payload: Record<string, unknown>) {
  const seen: { next: any[]; error: unknown[] } = { next: [], error: [] };
  client.subscribe(payload as never, { next: (r) => seen.next.push(r), error: (e) => seen.error.push(e), complete: () => undefined });
  return seen;
}

/** A raw graphql-transport-ws socket that subscribes with `payload` once acknowledged; collects the messages. */
function raw(url: string, key: string, payload: Record<string, unknown>) {
  const messages: any[] = [];
  const socket = new WebSocket(url.replace('http', 'ws'), 'graphql-transport-ws');
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })));
  socket.on('message', (data) => {
    const m = JSON.parse((data as Buffer).toString('utf8'));
    if (m.type === 'connection_ack') socket.send(JSON.stringify({ type: 'subscribe', id: '1', payload }));
    else messages.push(m);
  });
  return { messages, close: () => socket.close() };
}

async function until(check: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
}

it('runs a subscription sent by hash, refuses unknown hashes and a trustedOnly key\'s text', async () => {
  const team = await seed(env).createTeam();
  await team.call('mutation($d: [TrustedDocumentInput!]!) { registerTrustedDocuments(documents: $d) { added } }', { d: [{ hash: sha256Hex(SUBSCRIPTION), body: SUBSCRIPTION }] });
  const app = (await team.call('mutation { createApiKey(input: { name: "bot", role: VIEWER, trustedOnly: true }) { secret } }'))['createApiKey'].secret as string;
  const client = ws.connect(env.url, app);
  const hash = sha256Hex(SUBSCRIPTION);
  const byExtensions = first(client, { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
  const byDocumentId = first(client, { query: '', documentId: `sha256:${hash}` });
  const noQuery = raw(env.url, app, { documentId: hash });
  const unknown = first(client, { query: '', documentId: sha256Hex('subscription Nope { violationDetected { eventId } }') });
  const freeForm = first(client, { query: SUBSCRIPTION });
  await until(() => unknown.error.length + freeForm.error.length === 2);
  expect(unknown.error).toEqual([[expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } })]]);
  expect(freeForm.error).toEqual([[expect.objectContaining({ extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED' } })]]);
  await new Promise((r) => setTimeout(r, 200)); // the two subscriptions by hash are registered

  const cfg = config();
  const bus = new RedisEventBus(cfg.REDIS_URL, cfg.REDIS_PREFIX);
  try {
    await bus.publish([{
      type: 'VIOLATION_DETECTED', eventId: 'violation:ws-trusted', teamId: team.id, monitorId: '00000000-0000-4000-8000-000000000001', monitorName: 'm',
      monitorType: 'DATA_QUALITY', endpointName: 'ep', executionId: 'e', scheduleId: null, scheduledTime: new Date().toISOString(), occurredAt: new Date().toISOString(),
      violationId: 'ws-trusted', featureName: 'age', checkType: 'baseline_drift_check', description: 'drift',
    }]);
    await until(() => byExtensions.next.length > 0 && byDocumentId.next.length > 0 && noQuery.messages.length > 0);
  } finally {
    await bus.close();
    noQuery.close();
  }
  expect(noQuery.messages).toEqual([{ type: 'next', id: '1', payload: { data: { violationDetected: { eventId: 'violation:ws-trusted', featureName: 'age' } } } }]);
  for (const s of [byExtensions, byDocumentId]) {
    expect(s.error).toEqual([]);
    expect(s.next).toEqual([{ data: { violationDetected: { eventId: 'violation:ws-trusted', featureName: 'age' } } }]);
  }
});
