// Liveness and readiness, with a Redis of the test's own that it stops and starts.
import { spawn, type ChildProcess } from 'node:child_process';
import { startGateway, type Gateway } from '../../src/app.js';
import { InProcessBackend } from '../../src/backends/in-process.js';
import { config } from '../../src/config.js';

const port = 20000 + Math.floor(Math.random() * 20000);
let redis: ChildProcess | undefined;
let gateway: Gateway;

async function startRedis(): Promise<void> {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const up = await fetch(`http://127.0.0.1:${port}`).then(() => true, (e: { cause?: { code?: string } }) => e.cause?.code !== 'ECONNREFUSED');
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('test redis did not start');
}

async function stopRedis(): Promise<void> {
  const r = redis;
  redis = undefined;
  if (!r || r.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    r.once('exit', () => resolve());
    r.kill('SIGKILL');
  });
}

const base = () => gateway.url.replace('/graphql', '');

beforeAll(async () => {
  await startRedis();
  const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };
  gateway = await startGateway({ config: { ...config(), PORT: 0, REDIS_URL: `redis://127.0.0.1:${port}` }, backends });
});
afterAll(async () => {
  if (!redis) await startRedis();
  await gateway.stop();
  await stopRedis();
});

it('/healthz answers while the process is up', async () => {
  const res = await fetch(`${base()}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

it('/readyz checks PostgreSQL, Redis and the migrations, and names what is down', async () => {
  const ok = await fetch(`${base()}/readyz`);
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok', migrations: 'ok' } });

  await stopRedis();
  const down = await fetch(`${base()}/readyz`);
  expect(down.status).toBe(503);
  const body = (await down.json()) as { status: string; checks: Record<string, string> };
  expect(body.status).toBe('not ready');
  expect(body.checks['postgres']).toBe('ok');
  expect(body.checks['redis']).not.toBe('ok');

  await startRedis();
  let again = 503;
  for (let i = 0; i < 50 && again !== 200; i++) {
    again = (await fetch(`${base()}/readyz`)).status;
    if (again !== 200) await new Promise((r) => setTimeout(r, 200));
  }
  expect(again).toBe(200);
});
