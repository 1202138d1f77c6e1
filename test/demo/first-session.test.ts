// The README's "A first session" and the playground's example tabs, executed as written: the
// operation texts are read from README.md and src/playground/examples.ts and sent unchanged
// over HTTP to `npm start` (a real gateway with its worker and the demo seeded, on a fresh
// database). Each flow must end with a COMPLETED baseline and a run with violations; the run
// is created before its baseline is computed, and a second RunOnce is no CONFLICT. The
// README's "Dashboards" queries run as written with the demo key.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config } from '../../src/config.js';
import { dropDatabase } from '../../src/db/admin.js';
import { exampleTabs } from '../../src/playground/examples.js';
import { gql, ok } from '../support/gateway.js';
import { killSpawned, spawnEntry, type Child } from '../support/processes.js';

const dbUrl = new URL(config().DATABASE_URL);
dbUrl.pathname = `${dbUrl.pathname}_session`;
const ADMIN_TOKEN = randomBytes(16).toString('hex');
let dataDir: string;
let child: Child | undefined;
let url: string;
let demoKey: string;
let dataUri: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'session-'));
  child = spawnEntry('src/main.ts', {
    DATABASE_URL: dbUrl.toString(), PORT: '0', RUN_WORKER: 'true', DEMO: 'true', DEMO_DATA_DIR: dataDir, ADMIN_TOKEN,
    REDIS_PREFIX: `${config().REDIS_PREFIX}_session`, SYNC_INTERVAL_MS: '1000', SYNC_RUNNING_POLL_MS: '1000', SYNC_DUE_POLL_MS: '1000',
  });
  url = (await child.waitFor(/gateway ready: (http:\/\/\S+\/graphql)/, 90_000))[1]!;
  demoKey = (await child.waitFor(/ADMIN API key \(shown once\): (mmg_\S+)/, 30_000))[1]!;
  dataUri = (await child.waitFor(/for monitors of your own[^:]*: (file:\/\/\S+)/, 120_000))[1]!;
}, 240_000);
afterAll(async () => {
  await killSpawned();
  await dropDatabase(dbUrl.toString());
  await rm(dataDir, { recursive: true, force: true });
});

/** The fenced code blocks of the README's "A first session" section, in order. */
async function sessionBlocks(): Promise<Array<{ lang: string; text: string }>> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^## A first session$/m)[1]!.split(/^## /m)[0]!;
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

/** The operations of a GraphQL block, split where a top-level definition starts. */
const operations = (block: string): string[] => block.split(/\n(?=mutation|query|\{)/).map((op) => op.trim());

const RUNS = `query($m: ID!) { monitor(id: $m) {
  activeBaseline { status } activeSchedules { name }
  schedules(first: 10) { edges { node { name status } } }
  executions(first: 10) { edges { node { status failureReason violations { featureName } } } }
} }`;

interface RunsView {
  monitor: {
    activeBaseline: { status: string } | null;
    activeSchedules: Array<{ name: string }>;
    schedules: { edges: Array<{ node: { name: string; status: string } }> };
    executions: { edges: Array<{ node: { status: string; failureReason: string | null; violations: unknown[] } }> };
  };
}

/** Polls the monitor until a run reported violations (a FAILED run fails the test with its reason). */
async function untilViolations(key: string, monitorId: string): Promise<RunsView['monitor']> {
  const end = Date.now() + 120_000;
  for (;;) {
    const { monitor } = await ok<RunsView>(url, key, RUNS, { m: monitorId });
    const runs = monitor.executions.edges.map((e) => e.node);
    expect(runs.filter((r) => r.status === 'FAILED').map((r) => r.failureReason)).toEqual([]);
    if (runs.some((r) => r.status === 'COMPLETED_WITH_VIOLATIONS' && r.violations.length > 0)) return monitor;
    if (Date.now() > end) throw new Error(`no run with violations: ${JSON.stringify(monitor)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

test('the README first session, as written: a new team, a monitor on the demo data, its run waits for the baseline and finds violations', async () => {
  const blocks = await sessionBlocks();
  expect(blocks.map((b) => b.lang)).toEqual(['graphql', 'bash', 'graphql', 'json']);
  const [demoQuery, curl, session, variables] = blocks as [typeof blocks[0], typeof blocks[0], typeof blocks[0], typeof blocks[0]];

  const createTeam = JSON.parse(/-d '(.*)'/.exec(curl.text)![1]!) as { query: string };
  const secret: string = (await ok(url, ADMIN_TOKEN, createTeam.query))['createTeam'].secret;
  const [createMonitor, setUp, violations] = operations(session.text) as [string, string, string];
  // The variables block, with the printed directory and the id put where the README says.
  const vars = (id: string) => JSON.parse(variables.text.replaceAll('file:///…/.demo-data', dataUri).replace('<the id createMonitor returned>', id)) as Record<string, unknown>;
  const monitorId: string = (await ok(url, secret, createMonitor, vars('')))['createMonitor'].id;
  const answer = await ok(url, secret, setUp, vars(monitorId));
  expect(answer['requestBaseline'].status).not.toBe('COMPLETED'); // the one-time run below it is made before its baseline exists

  const monitor = await untilViolations(secret, monitorId);
  expect(monitor.activeBaseline?.status).toBe('COMPLETED');
  const found = (await ok(url, secret, violations))['violations'].edges;
  expect(found.length).toBeGreaterThan(0);
  // The one-time schedule ends once its run has; the hourly one stays active.
  const end = Date.now() + 30_000;
  let statuses = monitor.schedules.edges.map((e) => e.node);
  while (!statuses.some((s) => s.name === 'churn-now' && s.status === 'COMPLETED') && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 500));
    statuses = (await ok<RunsView>(url, secret, RUNS, { m: monitorId })).monitor.schedules.edges.map((e) => e.node);
  }
  expect(statuses).toEqual(expect.arrayContaining([{ name: 'churn-now', status: 'COMPLETED' }, { name: 'churn-hourly', status: 'SCHEDULED' }]));
  expect((await ok<RunsView>(url, secret, RUNS, { m: monitorId })).monitor.activeSchedules).toEqual([{ name: 'churn-hourly' }]);

  // The demo key's first query of the section: the demo's monitors and their violations.
  const demo = await ok(url, demoKey, demoQuery.text);
  expect(demo['monitors'].edges.map((e: { node: { name: string } }) => e.node.name)).toContain('churn-model-quality');
}, 240_000);

test('the playground tabs, as written: CreateMonitor → RequestBaseline → RunOnce twice on the demo endpoint', async () => {
  const page = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
  const served = JSON.parse(/id="playground-config">(.*?)<\/script>/s.exec(page)![1]!) as { tabs: unknown };
  const tabs = exampleTabs(new URL(dataUri).pathname);
  expect(served.tabs).toEqual(tabs); // the page serves these, variables naming the demo's files
  const byName = (name: string) => tabs.find((t) => new RegExp(`^mutation ${name}\\b`, 'm').test(t.query))!;
  const send = (name: string, monitorId?: string) => {
    const tab = byName(name);
    const variables = JSON.parse(tab.variables ?? '{}') as Record<string, unknown>;
    return gql(url, demoKey, tab.query, monitorId ? { ...variables, monitorId } : variables);
  };

  const created = await send('CreateMonitor');
  expect(created.errors).toBeUndefined();
  const monitorId: string = created.data!['createMonitor'].id;
  expect((await send('RequestBaseline', monitorId)).errors).toBeUndefined();
  const first = await send('RunOnce', monitorId);
  const second = await send('RunOnce', monitorId);
  expect([first.errors, second.errors]).toEqual([undefined, undefined]);
  expect(first.data!['runMonitorNow'].execution.status).toBe('PENDING');
  expect(second.data!['runMonitorNow'].schedule.name).not.toBe(first.data!['runMonitorNow'].schedule.name);

  const monitor = await untilViolations(demoKey, monitorId);
  expect(monitor.activeBaseline?.status).toBe('COMPLETED');
}, 240_000);

/** The GraphQL blocks of the README's "Dashboards" section, in order. */
async function dashboardBlocks(): Promise<string[]> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^## Dashboards$/m)[1]!.split(/^## /m)[0]!;
  return [...section.matchAll(/^```graphql\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

interface Trouble { id: string; type: string; health: { status: string; openViolations: number; lastExecution: { id: string } | null } }

test('the README dashboards, as written: the demo monitors in trouble, counted, per day; one run next to its baseline and two series', async () => {
  const [dashboard, run] = (await dashboardBlocks()) as [string, string];
  const end = Date.now() + 120_000;
  let answer = await ok(url, demoKey, dashboard);
  const dataQualityInTrouble = () => (answer['trouble'].edges as Array<{ node: Trouble }>).map((e) => e.node).find((n) => n.type === 'DATA_QUALITY' && n.health.lastExecution);
  while (!dataQualityInTrouble() && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 1000));
    answer = await ok(url, demoKey, dashboard);
  }
  const monitor = dataQualityInTrouble();
  expect(monitor?.health).toMatchObject({ status: 'VIOLATING', openViolations: expect.any(Number) });
  expect(monitor!.health.openViolations).toBeGreaterThan(0);
  expect(answer['trouble'].totalCount).toBe(answer['trouble'].edges.length);
  expect(answer['perDay'].groups.length).toBeGreaterThan(0);
  expect(answer['worst'].groups[0]).toMatchObject({ monitor: { name: expect.any(String) }, count: expect.any(Number) });

  const detail = await ok(url, demoKey, run, { m: monitor!.id, e: monitor!.health.lastExecution!.id });
  expect(detail['execution'].report.violations.violations.length).toBeGreaterThan(0);
  expect(detail['execution'].featureStatistics).toMatchObject({ name: 'tenure_months', baseline: { name: 'tenure_months' }, current: { name: 'tenure_months' } });
  expect(detail['metricSeriesList'].map((s: { feature: string }) => s.feature)).toEqual(['tenure_months', 'age']);
  expect(detail['metricSeriesList'][0].points.length).toBeGreaterThan(0);
}, 240_000);
