// Per-API-key rate limits held in Redis: two gateway processes (same REDIS_PREFIX) draw
// from one budget; a refusal is RATE_LIMITED with retryAfterSeconds, HTTP 429 and
// Retry-After; a trusted document's hash is counted before its lookup, over HTTP and over
// WebSocket (each subscribe takes a token); a /metrics/team scrape takes one too; with Redis unreachable the gateway fails open
// and logs a warning.
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { config, type Config } from '../../src/config.js';
import { Redis } from 'ioredis';
import { RateLimiter } from '../../src/tenancy/rate-limit.js';
import type { TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { gqlRaw } from '../api/support-ops.js';
import { capturedLog } from './log-capture.js';
import { sha256Hex } from '../../src/trusted-documents/manifest.js';
import { wsClients } from '../support/ws.js';
import { testBus } from '../support/transport.js';

const gateways: TestGateway[] = [];

async function start(overrides: Partial<Config>, log = capturedLog('warn')): Promise<TestGateway> {
  const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };
  const gateway: Gateway = await startGateway({ config: { ...config(), PORT: 0, ...overrides }, backends, log: log.log });
  const env = { gateway, backends, url: gateway.url, stop: () => gateway.stop() };
  gateways.push(env);
  return env;
}

const ws = wsClients();
afterAll(async () => {
  await ws.disposeAll();
  await Promise.all(gateways.map((g) => g.stop()));
});

const VIEWER = '{ viewer { role } }';

describe('per-API-key rate limit', () => {
  it('is one budget across two gateway processes; the refusal is 429 with Retry-After and RATE_LIMITED', async () => {
    const shared = { REDIS_PREFIX: `${config().REDIS_PREFIX}_rl_${randomBytes(3).toString('hex')}`, RATE_LIMIT_PER_MINUTE: 60, RATE_LIMIT_BURST: 6 };
    const [one, two] = await Promise.all([start(shared), start(shared)]);
    const team = await seed(one).createTeam(); // createTeam uses the admin token: not limited
    const other = await seed(one).createTeam();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await gqlRaw(i % 2 === 0 ? one : two, team.adminKey, VIEWER)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    for (const gw of [one, two]) {
      const r = await gqlRaw(gw, team.adminKey, VIEWER);
      expect(r.status).toBe(429);
      expect(r.data ?? null).toBeNull();
      const retry = Number(r.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(2); // 60 a minute: one token a second
      expect(r.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: retry });
      expect(r.errors?.[0]?.message).toMatch(/more than 60 requests a minute; retry in \d+ s/);
    }
    // Invalid queries count too (the token is taken before parsing) and are refused the same way.
    expect((await gqlRaw(two, team.adminKey, '{ nonsense')).status).toBe(429);
    // Another key of another team has its own budget.
    expect((await gqlRaw(two, other.adminKey, VIEWER)).status).toBe(200);
    // The budget refills: after Retry-After seconds the key may call again.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await gqlRaw(one, team.adminKey, VIEWER)).status).toBe(200);
  });

  it('takes one token for a request naming a trusted document, before its lookup: past the budget, no lookup', async () => {
    const gw = await start({ REDIS_PREFIX: `${config().REDIS_PREFIX}_rlt_${randomBytes(3).toString('hex')}`, RATE_LIMIT_PER_MINUTE: 1, RATE_LIMIT_BURST: 4 });
    const team = await seed(gw).createTeam();
    const byHash = async (hash: string) => {
      const res = await fetch(gw.url, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${team.adminKey}` },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
      });
      return { status: res.status, code: ((await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code };
    };
    const registered = await gqlRaw(gw, team.adminKey, 'mutation($d: [TrustedDocumentInput!]!) { registerTrustedDocuments(documents: $d) { added } }', { d: [{ hash: sha256Hex(VIEWER), body: VIEWER }] });
    expect(registered.status).toBe(200); // token 1
    const find = jest.spyOn(gw.gateway.services.trustedDocuments, 'find');
    const answers = [await byHash(sha256Hex(VIEWER))];
    for (let i = 0; i < 4; i++) answers.push(await byHash(randomBytes(32).toString('hex')));
    expect(answers).toEqual([
      { status: 200, code: undefined }, { status: 404, code: 'PERSISTED_QUERY_NOT_FOUND' }, { status: 404, code: 'PERSISTED_QUERY_NOT_FOUND' },
      { status: 429, code: 'RATE_LIMITED' }, { status: 429, code: 'RATE_LIMITED' },
    ]);
    expect(find).toHaveBeenCalledTimes(3); // the two refused hashes were not looked up
    expect((await gqlRaw(gw, team.adminKey, VIEWER)).status).toBe(429);
  });

  it('takes one token for every /metrics/team scrape: past the budget 429 with Retry-After, no metrics read', async () => {
    const gw = await start({ REDIS_PREFIX: `${config().REDIS_PREFIX}_rlm_${randomBytes(3).toString('hex')}`, RATE_LIMIT_PER_MINUTE: 60, RATE_LIMIT_BURST: 3 });
    const team = await seed(gw).createTeam();
    const text = jest.spyOn(gw.gateway.services.teamMetrics, 'text');
    const scrape = () => fetch(new URL('/metrics/team', gw.url), { headers: { authorization: `Bearer ${team.adminKey}` } });
    const answers: Array<{ status: number; retryAfter: string | null; body: string }> = [];
    for (let i = 0; i < 4; i++) {
      const res = await scrape();
      answers.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() });
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(Number(answers[3]!.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(answers[3]!.body).toMatch(/more than 60 requests a minute; retry in \d+ s/);
    expect(text).toHaveBeenCalledTimes(3); // the refused scrape read nothing
    // The same budget as GraphQL requests.
    expect((await gqlRaw(gw, team.adminKey, VIEWER)).status).toBe(429);
  });

  it('takes one token for every WebSocket subscribe, before a trusted document\'s lookup: past the budget RATE_LIMITED, no lookup, the socket open', async () => {
    const prefix = `${config().REDIS_PREFIX}_rlw_${randomBytes(3).toString('hex')}`;
    // One token every 3 s: none refills while the subscribes below are sent.
    const gw = await start({ REDIS_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: 20, RATE_LIMIT_BURST: 3 });
    const team = await seed(gw).createTeam();
    const DRIFT = 'subscription { violationDetected { eventId } }';
    const known = sha256Hex(DRIFT);
    const registered = await gqlRaw(gw, team.adminKey, 'mutation($d: [TrustedDocumentInput!]!) { registerTrustedDocuments(documents: $d) { added } }', { d: [{ hash: known, body: DRIFT }] });
    expect(registered.status).toBe(200); // token 1
    const find = jest.spyOn(gw.gateway.services.trustedDocuments, 'find');
    const closed: unknown[] = [];
    const client = ws.connect(gw.url, team.adminKey, { on: { closed: (e) => closed.push(e) } });
    const subscribe = (hash: string) => {
      const seen: { next: unknown[]; errors: unknown[] } = { next: [], errors: [] };
      client.subscribe({ query: '', documentId: `sha256:${hash}` } as never, { next: (r) => seen.next.push(r), error: (e) => seen.errors.push(e), complete: () => undefined });
      return seen;
    };
    const refusal = async (seen: { errors: unknown[] }) => {
      for (let i = 0; i < 200 && seen.errors.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      return (seen.errors[0] as Array<{ extensions?: Record<string, unknown> }> | undefined)?.[0]?.extensions;
    };

    const running = subscribe(known); // token 2
    expect(await refusal(subscribe(randomBytes(32).toString('hex')))).toEqual({ code: 'PERSISTED_QUERY_NOT_FOUND' }); // token 3
    const limited = [await refusal(subscribe(randomBytes(32).toString('hex'))), await refusal(subscribe(known))];
    expect(limited).toEqual([{ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) }, { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) }]);
    expect(find).toHaveBeenCalledTimes(2); // the refused subscribes were not looked up
    expect(running.errors).toEqual([]);

    // Once the budget refills, the known document runs again, on the same socket.
    await new Promise((r) => setTimeout(r, Number(limited[0]!['retryAfterSeconds']) * 1000 + 200));
    const again = subscribe(known);
    await new Promise((r) => setTimeout(r, 300)); // the subscribe reaches the server
    expect(again.errors).toEqual([]);
    expect(find).toHaveBeenCalledTimes(3);
    const bus = testBus(prefix);
    try {
      await bus.publish([{ type: 'VIOLATION_DETECTED', eventId: `violation:rlw-${prefix}`, teamId: team.id, monitorId: '00000000-0000-4000-8000-000000000001', monitorName: 'm', monitorType: 'DATA_QUALITY', endpointName: 'ep', executionId: 'e', scheduleId: null, scheduledTime: new Date().toISOString(), occurredAt: new Date().toISOString(), violationId: 'rlw', featureName: 'age', checkType: 'baseline_drift_check', description: 'drift' }]);
      for (let i = 0; i < 200 && (running.next.length === 0 || again.next.length === 0); i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await bus.close();
    }
    expect([running.next, again.next]).toEqual([[{ data: { violationDetected: { eventId: `violation:rlw-${prefix}` } } }], [{ data: { violationDetected: { eventId: `violation:rlw-${prefix}` } } }]]);
    expect(closed).toEqual([]);
  });

  it('keeps the bucket in Redis under ${REDIS_PREFIX}:rl:${apiKeyId} and refills at the configured rate', async () => {
    const prefix = `${config().REDIS_PREFIX}_rlu_${randomBytes(3).toString('hex')}`;
    const limiter = new RateLimiter({ redisUrl: config().REDIS_URL, prefix, perMinute: 600, burst: 3, maxLeaseBytes: 2 ** 20 });
    await limiter.start();
    const { log, lines } = capturedLog('warn');
    try {
      expect(limiter.key('k1')).toBe(`${prefix}:rl:k1`);
      const taken = [];
      for (let i = 0; i < 4; i++) taken.push(await limiter.take('k1', log));
      expect(taken.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(taken.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
      expect(taken[3]?.retryAfterSeconds).toBe(1);
      await new Promise((r) => setTimeout(r, 250)); // 600 a minute = one per 100 ms
      expect((await limiter.take('k1', log)).allowed).toBe(true);
      expect(lines).toEqual([]);
    } finally {
      await limiter.stop();
    }
  });

  it('leases a few tokens per Redis call (burst / 20) and never lets two processes exceed the budget together', async () => {
    const prefix = `${config().REDIS_PREFIX}_rll_${randomBytes(3).toString('hex')}`;
    // 100 a burst, refilling one token a minute: nothing refills during the test.
    const options = { redisUrl: config().REDIS_URL, prefix, perMinute: 1, burst: 100, maxLeaseBytes: 2 ** 20 };
    const one = new RateLimiter(options);
    const two = new RateLimiter(options);
    await Promise.all([one.start(), two.start()]);
    const redis = new Redis(config().REDIS_URL);
    const { log, lines } = capturedLog('warn');
    try {
      // Concurrent requests of a key share one Redis call: one lease of 5 tokens.
      const first = await Promise.all([1, 2, 3].map(() => one.take('k', log)));
      expect(first.every((d) => d.allowed)).toBe(true);
      expect(Number(await redis.hget(one.key('k'), 'tokens'))).toBe(95);
      // The other process drains the bucket; the two leases and the bucket never hand out more than 100.
      let allowed = first.length;
      for (let i = 0; i < 120; i++) if ((await two.take('k', log)).allowed) allowed++;
      for (let i = 0; i < 10; i++) if ((await one.take('k', log)).allowed) allowed++;
      expect(allowed).toBe(100);
      const refused = await two.take('k', log);
      expect(refused).toMatchObject({ allowed: false, remaining: 0 });
      expect(lines).toEqual([]);
    } finally {
      redis.disconnect();
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  it('gives a lease\'s unspent tokens back: a key spread over two processes is charged what it sends', async () => {
    const prefix = `${config().REDIS_PREFIX}_rlr_${randomBytes(3).toString('hex')}`;
    // Leases of 5 that expire after 20 ms; nothing refills during the test.
    const options = { redisUrl: config().REDIS_URL, prefix, perMinute: 1, burst: 100, leaseMs: 20, maxLeaseBytes: 2 ** 20 };
    const one = new RateLimiter(options);
    const two = new RateLimiter(options);
    await Promise.all([one.start(), two.start()]);
    const { log } = capturedLog('warn');
    try {
      // Each request finds its process's lease expired, as a key polling two gateways would.
      // Dropping the 4 unspent tokens of each lease would exhaust the 100 after 20 requests.
      let allowed = 0;
      for (let i = 0; i < 60; i++) {
        if ((await (i % 2 ? two : one).take('k', log)).allowed) allowed++;
        await new Promise((r) => setTimeout(r, 30));
      }
      expect(allowed).toBe(60);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  it('fails open with a warning when Redis cannot be reached', async () => {
    const limiter = new RateLimiter({ redisUrl: 'redis://127.0.0.1:1', prefix: 'x', perMinute: 1, burst: 1, maxLeaseBytes: 2 ** 20 });
    await limiter.start();
    const { log, lines } = capturedLog('warn');
    try {
      const decisions = [await limiter.take('k', log), await limiter.take('k', log), await limiter.take('k', log)];
      expect(decisions.every((d) => d.allowed)).toBe(true);
      expect(lines).toHaveLength(1); // one warning, not one per request
      expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 40, msg: expect.stringMatching(/cannot reach Redis; allowing requests .*fail open/) });
    } finally {
      await limiter.stop();
    }
  });
});
