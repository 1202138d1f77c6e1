// The monitor pages in a real browser (Debian's chromium driven by playwright-core) on the
// demo as `npm start` seeds it (a gateway with its worker, DEMO=true, a few hours of history,
// on a database of its own), with every request off the gateway's origin blocked: the list
// shows the monitors the API calls VIOLATING; a monitor page draws its trends with the points
// and violations the API has; a run started through the API appears without a reload; a
// wrong key is explained. Prints the time to the first paint and to the drawn data (not
// asserted: no timing assertions). Leaves test-output/monitors-list.png and monitor-page.png.
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumPresent, openGatewayPage } from '../support/browser.js';
import { config } from '../../src/config.js';
import { dropDatabase } from '../../src/db/admin.js';
import { ok } from '../support/gateway.js';
import { killSpawned, spawnEntry, type Child } from '../support/processes.js';

const maybe = chromiumPresent('test/browser/monitor-pages.test.ts') ? describe : describe.skip;

const HISTORY_HOURS = 6;
const FINAL = ['COMPLETED', 'COMPLETED_WITH_VIOLATIONS', 'FAILED', 'STOPPED'];

const MONITORS = '{ monitors(first: 10) { edges { node { id name type health { status } executions(first: 100) { edges { node { id status violations { featureName metricName } } } } } } } }';

maybe('monitor pages on the demo', () => {
  const dbUrl = new URL(config().DATABASE_URL);
  dbUrl.pathname = `${dbUrl.pathname}_pages`;
  let dataDir: string;
  let child: Child | undefined;
  let url: string;
  let origin: string;
  let key: string;
  let browser: Browser;
  let page: Page;
  let offOrigin: string[] = [];
  let problems: string[] = [];

  const monitors = async () => (await ok(url, key, MONITORS)).monitors.edges.map((e: any) => e.node);

  beforeAll(async () => {
    await dropDatabase(dbUrl.toString());
    dataDir = await mkdtemp(join(tmpdir(), 'pages-demo-'));
    child = spawnEntry('src/main.ts', {
      DATABASE_URL: dbUrl.toString(), PORT: '0', RUN_WORKER: 'true', DEMO: 'true', DEMO_DATA_DIR: dataDir, DEMO_HISTORY_HOURS: String(HISTORY_HOURS),
      REDIS_PREFIX: `${config().REDIS_PREFIX}_pages`, SYNC_INTERVAL_MS: '1000', SYNC_RUNNING_POLL_MS: '1000', SYNC_DUE_POLL_MS: '1000', PLAYGROUND_API_KEY: undefined,
    });
    url = (await child.waitFor(/gateway ready: (http:\/\/\S+\/graphql)/, 90_000))[1]!;
    origin = new URL(url).origin;
    key = (await child.waitFor(/ADMIN API key \(shown once\): (mmg_\S+)/, 30_000))[1]!;
    await child.waitFor(/Demo seeded: 4 monitors/, 240_000);
    // Every run stored and ended, so that the pages and the API count the same points.
    for (let i = 0; ; i++) {
      const all = await monitors();
      const settled = all.every((m: any) => m.health.status !== 'PENDING' && m.executions.edges.every((e: any) => FINAL.includes(e.node.status)));
      if (settled) break;
      if (i > 120) throw new Error(`demo runs still going: ${JSON.stringify(all.map((m: any) => [m.name, m.health.status]))}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    ({ browser, page, offOrigin, problems } = await openGatewayPage(origin, { width: 1400, height: 1000 }));
  }, 420_000);
  afterAll(async () => {
    await browser?.close();
    await killSpawned();
    await dropDatabase(dbUrl.toString());
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Since the navigation: the first contentful paint, and the page drawn with its data (the page's mark). */
  const paintTimes = () => page.evaluate<{ fcp: number; drawn: number }>(`(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    drawn: performance.getEntriesByName('monitors:drawn')[0]?.startTime,
  }))()`);

  const drawn = (what: string) => page.waitForSelector(`body[data-drawn="${what}"]`, { timeout: 30_000 });

  it('lists the monitors with their health (the VIOLATING ones as the API says), from the gateway alone, with the preset key', async () => {
    const res = await page.goto(`${origin}/monitors`, { waitUntil: 'load' });
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await drawn('list');
    const timing = await paintTimes();
    console.info(`monitor list: first contentful paint ${Math.round(timing.fcp)} ms, table drawn with its data ${Math.round(timing.drawn)} ms after navigation`);
    const all = await monitors();
    const violating = (await ok(url, key, '{ monitors(filter: { health: [VIOLATING] }) { edges { node { id } } } }')).monitors.edges.map((e: any) => e.node.id).sort();
    expect(violating.length).toBeGreaterThan(0);
    const rows = page.locator('tbody tr[data-monitor-id]');
    expect(await rows.count()).toBe(all.length);
    const healthOf = async (state: string) => (await page.locator(`tbody tr[data-health="${state}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-monitor-id')))).sort();
    expect(await healthOf('VIOLATING')).toEqual(violating);
    // The health filter keeps the VIOLATING ones only.
    await page.selectOption('select[name="health"]', 'VIOLATING');
    expect((await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-monitor-id')))).sort()).toEqual(violating);
    await page.selectOption('select[name="health"]', '');
    await page.fill('input[name="q"]', 'churn-bias');
    expect(await rows.count()).toBe(1);
    await page.fill('input[name="q"]', '');
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/monitors-list.png', fullPage: true });
    expect(offOrigin).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
  /** What each trend figure says it drew: [feature, metric, points, violations]. */
  const figures = () => page.locator('figure.trend').evaluateAll((els) => els.map((e) => [
    e.getAttribute('data-feature'), e.getAttribute('data-metric'), Number(e.getAttribute('data-points')), Number(e.getAttribute('data-violations')), e.querySelectorAll('canvas').length,
  ]));

  /** The same from the API: metricSeriesList's points, and those of a run with a violation of the series. */
  async function apiCounts(monitor: any, keys: Array<[string, string]>) {
    const out: Array<[string, string, number, number, number]> = [];
    for (let i = 0; i < keys.length; i += 20) {
      const series = keys.slice(i, i + 20).map(([feature, metric]) => ({ feature, metric }));
      const list = (await ok(url, key, 'query($m: ID!, $s: [MetricSeriesKey!]!) { metricSeriesList(monitorId: $m, series: $s) { feature metric points { executionId } } }', { m: monitor.id, s: series })).metricSeriesList;
      for (const s of list) {
        const violating = new Set(monitor.executions.edges.filter((e: any) => e.node.violations.some((v: any) => v.featureName === s.feature && v.metricName === s.metric)).map((e: any) => e.node.id));
        out.push([s.feature, s.metric, s.points.length, s.points.filter((p: any) => violating.has(p.executionId)).length, 1]);
      }
    }
    return out;
  }

  it('draws each monitor\'s trends with the points and the violations the API has, and the baseline against the latest run', async () => {
    let marked = 0;
    for (const m of await monitors()) {
      await page.goto(`${origin}/monitors/${m.id}`, { waitUntil: 'load' });
      await drawn('monitor');
      const drawnFigures = await figures();
      expect(drawnFigures.length).toBeGreaterThan(0);
      expect(await apiCounts(m, drawnFigures.map(([f, metric]) => [f, metric]))).toEqual(drawnFigures);
      marked += drawnFigures.reduce((n, f) => n + f[3], 0);
      const kinds = new Set(drawnFigures.map((f) => f[1]));
      if (m.type === 'DATA_QUALITY') {
        expect([...kinds].every((k) => k.startsWith('baseline_drift'))).toBe(true);
        const bars = page.locator('figure.bars[data-feature]');
        expect(await bars.count()).toBe(drawnFigures.length); // one distribution per drifting feature
        expect(await page.locator('figure.bars[data-feature] canvas').count()).toBe(drawnFigures.length);
        const timing = await paintTimes();
        console.info(`monitor page (${drawnFigures.length} trends, ${await bars.count()} distributions): first contentful paint ${Math.round(timing.fcp)} ms, charts drawn ${Math.round(timing.drawn)} ms after navigation`);
        await page.screenshot({ path: 'test-output/monitor-page.png', fullPage: true, clip: { x: 0, y: 0, width: 1400, height: 1450 } }); // the trends and the distributions
        // Another window width resizes the charts with their grid cells, without a reload (at
        // 1000 px the grid has two columns instead of three, so each chart grows).
        const sizes = () => page.locator('figure.trend').first().evaluate((f) => [f.clientWidth, f.querySelector('canvas')!.getBoundingClientRect().width]);
        const [, before] = await sizes();
        await page.setViewportSize({ width: 1000, height: 1000 });
        let [cell, canvas] = await sizes();
        for (let i = 0; canvas === before; i++) {
          if (i > 50) throw new Error(`the chart kept its width ${before} px in another window width`);
          await page.waitForTimeout(100);
          [cell, canvas] = await sizes();
        }
        expect(canvas).toBeGreaterThan(before);
        expect(canvas).toBeLessThanOrEqual(cell);
        await page.setViewportSize({ width: 1400, height: 1000 });
      }
      if (m.type === 'MODEL_EXPLAINABILITY') {
        expect([...kinds].every((k) => k.startsWith('ndcg'))).toBe(true);
        expect(Number(await page.locator('figure.bars[data-attributions]').getAttribute('data-attributions'))).toBeGreaterThan(0);
        expect(await page.locator('figure.bars[data-attributions] canvas').count()).toBe(1);
      }
      await page.screenshot({ path: `test-output/monitor-page-${m.type.toLowerCase().replace(/_/g, '-')}.png`, fullPage: true });
      if (m.type === 'MODEL_BIAS') expect(drawnFigures.every((f) => String(f[0]).includes('/'))).toBe(true);
      if (m.type === 'MODEL_QUALITY') expect(drawnFigures.every((f) => f[0] === '')).toBe(true);
      // Each run is listed, with a link to its report in the playground.
      expect(await page.locator('table.runs tr[data-execution-id]').count()).toBe(m.executions.edges.length);
      const report = await page.locator('table.runs td.links a', { hasText: 'report' }).first().getAttribute('href');
      expect(report).toMatch(new RegExp(`^${origin}/playground\\?query=`));
      expect(new URL(report!).searchParams.get('query')).toContain('report {');
    }
    expect(marked).toBeGreaterThan(0); // the demo's drifted hours are marked somewhere
    expect(offOrigin).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  it('shows a run started through the API without a reload', async () => {
    const m = (await monitors()).find((x: any) => x.type === 'DATA_QUALITY');
    await page.goto(`${origin}/monitors/${m.id}`, { waitUntil: 'load' });
    await drawn('monitor');
    await page.waitForTimeout(500); // the subscriptions are acknowledged
    const before = await page.locator('table.runs tr[data-execution-id]').count();
    const run = (await ok(url, key, 'mutation($m: ID!) { runMonitorNow(monitorId: $m, window: { dataAnalysisStartTime: "-PT2H", dataAnalysisEndTime: "-PT0H" }) { execution { id } } }', { m: m.id })).runMonitorNow;
    const id = run.execution.id;
    await page.locator(`table.runs tr[data-execution-id="${id}"][data-status="COMPLETED_WITH_VIOLATIONS"]`).waitFor({ timeout: 90_000 });
    expect(await page.locator('table.runs tr[data-execution-id]').count()).toBe(before + 1);
    expect(offOrigin).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  it('explains a wrong key: the API\'s UNAUTHENTICATED, and how to get a key', async () => {
    await page.goto(`${origin}/monitors`, { waitUntil: 'load' });
    await drawn('list');
    await page.fill('input[name="api-key"]', 'mmg_not_a_key_of_anyone');
    await page.click('button[type="submit"]');
    const alert = page.locator('[role="alert"][data-code="UNAUTHENTICATED"]');
    await alert.waitFor({ timeout: 15_000 });
    const text = await alert.innerText();
    expect(text).toContain('did not accept this API key');
    expect(text).toContain('createApiKey');
    // The stored key is the wrong one; the gateway's preset key is one click away.
    await page.reload({ waitUntil: 'load' });
    await alert.waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Use the gateway’s key' }).click();
    await drawn('list');
    // The console shows the refused requests (HTTP 401); nothing else went wrong.
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    expect(offOrigin).toEqual([]);
  }, 60_000);
});
