// The monitor pages over HTTP: GET/HEAD /monitors and /monitors/<id> answer the one HTML shell
// under the same-origin CSP, with the preset key; the bundle's assets are served with an ETag
// (304 on a match), an unknown asset or a deeper path is a 404; without a built bundle the
// pages answer a 503 saying how to build it, and the start logs a warning instead of failing.
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { createMonitorPages, PAGES_ASSETS_PATH } from '../../src/pages/index.js';
import type { Logger } from '../../src/shared/logger.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let env: TestGateway;
let base: string;

beforeAll(async () => {
  env = await startTestGateway({ PLAYGROUND_API_KEY: 'mmg_preset_for_pages' });
  base = new URL(env.url).origin;
});
afterAll(() => env?.stop());

it('serves the shell at /monitors and /monitors/<id> under the same-origin CSP, with the preset key', async () => {
  for (const path of ['/monitors', '/monitors/', '/monitors/0b6c1c43-5d6c-4b63-9d0a-1f2e3d4c5b6a']) {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
    const html = await res.text();
    expect(html).toContain(`<script src="${PAGES_ASSETS_PATH}/monitors.js"></script>`);
    expect(html).toContain('"presetKey":"mmg_preset_for_pages"');
    expect(html).not.toMatch(/https?:\/\//); // nothing from elsewhere
  }
  const head = await fetch(`${base}/monitors`, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(await head.text()).toBe('');
  env.gateway.setPlaygroundKey('mmg_set_at_run_time');
  expect(await (await fetch(`${base}/monitors`)).text()).toContain('"presetKey":"mmg_set_at_run_time"');
});

it('serves the bundle with an ETag and a cache lifetime; 304 on a match; 404 for an unknown asset or a deeper path', async () => {
  const js = await fetch(`${base}${PAGES_ASSETS_PATH}/monitors.js`);
  expect(js.status).toBe(200);
  expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(js.headers.get('cache-control')).toBe('public, max-age=3600');
  const etag = js.headers.get('etag');
  expect(etag).toMatch(/^"[\w-]{27}"$/);
  expect((await js.text()).length).toBeGreaterThan(10_000);
  expect((await fetch(`${base}${PAGES_ASSETS_PATH}/monitors.js`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
  expect((await fetch(`${base}${PAGES_ASSETS_PATH}/monitors.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  for (const path of [`${PAGES_ASSETS_PATH}/nothing.js`, `${PAGES_ASSETS_PATH}/../monitors.js`, '/monitors/a/b']) {
    expect((await fetch(`${base}${path}`)).status).toBe(404);
  }
  expect((await fetch(`${base}/monitors`, { method: 'POST' })).status).toBe(404);
});

it('without a built bundle: a warning at start and a 503 page saying how to build it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'no-bundle-'));
  const warn = jest.fn();
  const pages = createMonitorPages({ endpoint: '/graphql', apiKey: undefined, log: { warn } as unknown as Logger, bundleDir: dir });
  expect(warn).toHaveBeenCalledTimes(1);
  expect(String(warn.mock.calls[0]?.[1])).toContain('npm run build');
  const server: Server = createServer((req, res) => {
    if (!pages.handle(req, res, new URL(req.url ?? '/', 'http://pages'))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const res = await fetch(`${url}/monitors`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
    expect((await fetch(`${url}${PAGES_ASSETS_PATH}/monitors.js`)).status).toBe(404);
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
