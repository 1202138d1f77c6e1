// Graceful stop (what SIGTERM runs): new connections are refused, subscribers see close
// code 1001 (going away), and a request already in flight still gets its answer.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import WebSocket from 'ws';
import { config } from '../../src/config.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { killSpawned, spawnGateway } from '../support/processes.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { collect, wsClients } from '../support/ws.js';

let env: TestGateway;
let team: TeamFixture;
const ws = wsClients();

beforeAll(async () => {
  env = await startTestGateway();
  team = await seed(env).createTeam();
});
afterAll(async () => {
  await ws.disposeAll();
  await killSpawned();
});

/** A POST whose body is sent in two halves: the second only when `release` is called. */
function slowRequest(url: string, key: string, query: string) {
  const body = Buffer.from(JSON.stringify({ query }));
  const half = Math.floor(body.length / 2);
  const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${key}` } });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
  });
  req.write(body.subarray(0, half));
  return { answer, release: () => req.end(body.subarray(half)) };
}

it('drains: refuses new connections, closes WebSockets with 1001 and finishes requests in flight', async () => {
  const closes: number[] = [];
  const client = ws.connect(env.url, team.adminKey, {
    onNonLazyError: () => undefined, // the close is expected here
    on: { closed: (e) => closes.push((e as WebSocket.CloseEvent).code) },
  });
  const sub = collect(client, 'subscription { violationDetected { eventId } }');
  await sub.acked;
  const inFlight = slowRequest(env.url, team.adminKey, 'query InFlight { viewer { role team { slug } } }');
  await new Promise((r) => setTimeout(r, 100)); // the server has the first half

  const stopped = env.stop();
  await new Promise((r) => setTimeout(r, 100));
  await expect(fetch(env.url.replace('/graphql', '/healthz'))).rejects.toThrow();
  for (let i = 0; i < 40 && closes.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
  expect(closes).toEqual([1001]);

  inFlight.release();
  const answer = await inFlight.answer;
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.text)).toEqual({ data: { viewer: { role: 'ADMIN', team: { slug: team.slug } } } });
  await stopped;
});

it('on SIGTERM, npm start closes subscriptions with 1001, stops its worker and exits 0', async () => {
  // Its own REDIS_PREFIX: the in-process worker consumes only this test's (empty) queues.
  const child = await spawnGateway({ RUN_WORKER: 'true', REDIS_PREFIX: `${config().REDIS_PREFIX}-term-${randomBytes(3).toString('hex')}` });
  try {
    const owner = await seed({ url: child.url }).createTeam();
    const closes: number[] = [];
    const client = ws.connect(child.url, owner.adminKey, { onNonLazyError: () => undefined, on: { closed: (e) => closes.push((e as WebSocket.CloseEvent).code) } });
    const sub = collect(client, 'subscription { violationDetected { eventId } }');
    await sub.acked;
    expect(await child.stop()).toBe(0);
    for (let i = 0; i < 40 && closes.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(closes).toEqual([1001]);
    expect(child.output()).toMatch(/"msg":"shutting down"/);
  } finally {
    await child.kill();
  }
}, 90_000);
