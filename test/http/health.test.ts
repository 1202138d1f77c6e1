// Liveness and readiness, with a Redis of the test's own that it stops and starts.
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { config } from '../../src/config.js';
import { ownRedis } from '../support/redis-server.js';

const redis = ownRedis();
let gateway: Gateway;

const base = () => gateway.url.replace('/graphql', '');

beforeAll(async () => {
  await redis.start();
  const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };
  gateway = await startGateway({ config: { ...config(), PORT: 0, REDIS_URL: redis.url }, backends });
});
afterAll(async () => {
  await gateway.stop();
  await redis.stop();
});

it('/healthz answers while the process is up', async () => {
  const res = await fetch(`${base()}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

it('/readyz checks PostgreSQL, Redis and the migrations, and names what is down', async () => {
  const ok = await fetch(`${base()}/readyz`);
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ status: 'ready', mode: 'redis', checks: { postgres: 'ok', redis: 'ok', migrations: 'ok' } });

  await redis.stop();
  const down = await fetch(`${base()}/readyz`);
  expect(down.status).toBe(503);
  const body = (await down.json()) as { status: string; checks: Record<string, string> };
  expect(body.status).toBe('not ready');
  expect(body.checks['postgres']).toBe('ok');
  expect(body.checks['redis']).not.toBe('ok');

  await redis.start();
  let again = 503;
  for (let i = 0; i < 50 && again !== 200; i++) {
    again = (await fetch(`${base()}/readyz`)).status;
    if (again !== 200) await new Promise((r) => setTimeout(r, 200));
  }
  expect(again).toBe(200);
});
