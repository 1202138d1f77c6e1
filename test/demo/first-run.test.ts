// `npm start`'s first run, as a user gets it: the real entry point in a child process with a
// database that does not exist yet (created and migrated), the demo team's key read from its
// output, and a violation of the demo visible in the API and on a subscription within 60 s;
// a second start leaves the demo alone.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config } from '../../src/config.js';
import { dropDatabase } from '../../src/db/admin.js';
import { ok } from '../support/gateway.js';
import { killSpawned, spawnEntry, type Child } from '../support/processes.js';
import { collect, wsClients } from '../support/ws.js';

const dbUrl = new URL(config().DATABASE_URL);
dbUrl.pathname = `${dbUrl.pathname}_demo`;
const ws = wsClients();
let dataDir: string;
let child: Child | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'demo-'));
});
afterAll(async () => {
  await ws.disposeAll();
  await killSpawned();
  await dropDatabase(dbUrl.toString());
  await rm(dataDir, { recursive: true, force: true });
});

const VIOLATIONS = '{ violations(first: 50) { edges { node { featureName checkType monitor { name type } } } } }';

test('npm start on a fresh database: ready, demo key printed, a violation within 60 s, clean exit on SIGTERM', async () => {
  const started = Date.now();
  child = spawnEntry('src/main.ts', {
    DATABASE_URL: dbUrl.toString(), PORT: '0', RUN_WORKER: 'true', DEMO: 'true', DEMO_DATA_DIR: dataDir,
    REDIS_PREFIX: `${config().REDIS_PREFIX}_demo`,
  });
  const url = (await child.waitFor(/gateway ready: (http:\/\/\S+\/graphql)/, 90_000))[1]!;
  const ready = Date.now();
  const key = (await child.waitFor(/ADMIN API key \(shown once\): (mmg_\S+)/, 30_000))[1]!;
  const playground = (await child.waitFor(/Playground: (http:\/\/\S+)/, 5_000))[1]!;
  const page = await fetch(playground, { headers: { accept: 'text/html' } });
  expect(await page.text()).toContain(key); // the playground opens with the demo key
  const pagesUrl = (await child.waitFor(/Monitor pages: (http:\/\/\S+)/, 5_000))[1]!;
  const pages = await fetch(pagesUrl);
  expect(pages.status).toBe(200);
  expect(await pages.text()).toContain(key); // so do the monitor pages
  const alerts = collect(ws.connect(url, key), 'subscription { violationDetected { eventId monitorName featureName checkType } }');
  await alerts.acked;

  let found: Array<{ node: { featureName: string; checkType: string; monitor: { type: string } } }> = [];
  while (found.length === 0 && Date.now() - ready < 60_000) {
    await new Promise((r) => setTimeout(r, 1000));
    found = (await ok(url, key, VIOLATIONS)).violations.edges;
  }
  expect(found.length).toBeGreaterThan(0);
  const events = await alerts.until(1, Math.max(1000, 60_000 - (Date.now() - ready)));
  expect(events.length).toBeGreaterThan(0);
  expect(events[0].data.violationDetected.checkType).toEqual(expect.any(String));
  // The demo's data is on disk where the monitors read it, in SageMaker's capture layout.
  expect(await readdir(join(dataDir, 'capture', 'churn-demo', 'AllTraffic'))).not.toHaveLength(0);
  console.info(`first run: ready after ${ready - started} ms, first violation after ${Date.now() - ready} ms`);

  await ws.disposeAll();
  expect(await child.stop()).toBe(0);

  // Not a first run any more: the demo is left as it is (no second team, no new monitors).
  child = spawnEntry('src/main.ts', { DATABASE_URL: dbUrl.toString(), PORT: '0', DEMO: 'true', DEMO_DATA_DIR: dataDir, REDIS_PREFIX: `${config().REDIS_PREFIX}_demo` });
  const again = (await child.waitFor(/gateway ready: (http:\/\/\S+\/graphql)/, 60_000))[1]!;
  await child.waitFor(/Demo team "demo" exists already/, 30_000);
  expect(child.output()).not.toMatch(/shown once/);
  const { monitors } = await ok(again, key, '{ monitors(first: 10) { edges { node { name } } } }');
  expect(monitors.edges).toHaveLength(4);
  expect(await child.stop()).toBe(0);
}, 240_000);
