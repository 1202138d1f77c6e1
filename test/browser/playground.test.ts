// The playground in a real browser (Debian's chromium driven by playwright-core), with
// every request off the gateway's origin blocked: the page loads from the gateway alone,
// runs a query over HTTP, links to the monitor pages, opens a query linked in its URL, and shows the violationDetected events pushed over graphql-ws as a
// log, newest first.
// Leaves a screenshot in test-output/playground.png.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { chromiumPresent, openGatewayPage } from '../support/browser.js';
import { metrics } from '../../src/ops/metrics.js';
import { playgroundLink } from '../../src/shared/page-links.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';

const maybe = chromiumPresent('test/browser/playground.test.ts') ? describe : describe.skip;

maybe('GraphiQL playground at GET /graphql', () => {
  let env: TestGateway;
  let team: TeamFixture;
  let browser: Browser;
  let page: Page;
  let offOrigin: string[] = [];
  let problems: string[] = [];

  beforeAll(async () => {
    env = await startTestGateway();
    team = await seed(env).createTeam();
    env.gateway.setPlaygroundKey(team.adminKey);
    ({ browser, page, offOrigin, problems } = await openGatewayPage(new URL(env.url).origin, { width: 1400, height: 900 }));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  const result = () => page.locator('.graphiql-response .CodeMirror-code').innerText();

  const waitForResult = (text: string) => page.locator('.graphiql-response', { hasText: text }).waitFor({ timeout: 15_000 });

  it('loads from the gateway alone, with the API key preset, and runs a query', async () => {
    const res = await page.goto(env.url, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('.graphiql-container', { timeout: 15_000 });
    await page.getByRole('button', { name: 'Headers' }).click().catch(() => undefined);
    expect(await page.locator('.graphiql-editor-tool').innerText()).toContain(`Bearer ${team.adminKey}`);
    // The logo's corner links to the monitor pages.
    const monitorsLink = page.getByRole('link', { name: 'Monitor pages →' });
    expect(await monitorsLink.isVisible()).toBe(true);
    expect(await monitorsLink.getAttribute('href')).toBe('/monitors');
    await page.locator('.graphiql-execute-button').click();
    await waitForResult('"role": "ADMIN"');
    expect(await result()).toContain(`"slug": "${team.slug}"`);
    expect(offOrigin).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('opens a linked query (?query=…&variables=…, as webhook digests link to a run) in a tab of its own, ready to run', async () => {
    const link = playgroundLink(new URL(env.url).origin, 'query Linked($first: Int) { viewer { team { slug } } monitors(first: $first) { totalCount } }', { first: 7 });
    await page.goto(link, { waitUntil: 'load' });
    await page.locator('.graphiql-query-editor', { hasText: 'query Linked' }).waitFor({ timeout: 15_000 });
    await page.locator('.graphiql-tab', { hasText: 'Linked' }).waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Variables' }).click().catch(() => undefined);
    expect(await page.locator('.graphiql-editor-tool').innerText()).toContain('"first": 7');
    await page.waitForTimeout(500); // GraphiQL re-reads the operation name after a debounce
    await page.locator('.graphiql-execute-button').click();
    await waitForResult(`"slug": "${team.slug}"`);
    expect(offOrigin).toEqual([]);
    expect(problems).toEqual([]);
    await page.goto(env.url, { waitUntil: 'load' }); // back to the page the next test expects
    await page.waitForSelector('.graphiql-container', { timeout: 15_000 });
  }, 60_000);

  it('shows a violationDetected event pushed over WebSocket', async () => {
    await page.locator('.graphiql-tab', { hasText: 'ViolationDetected' }).click();
    await page.locator('.graphiql-query-editor', { hasText: 'subscription ViolationDetected' }).waitFor();
    await page.waitForTimeout(500); // GraphiQL re-reads the operation name of the new tab after a debounce
    const open = async () => (await metrics.subscriptions.get()).values[0]?.value ?? 0;
    const before = await open();
    await page.locator('.graphiql-execute-button').click();
    for (let i = 0; i < 200 && (await open()) <= before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await open()).toBe(before + 1);

    const monitor = await team.createMonitor('DATA_QUALITY');
    const schedule = await team.createSchedule(monitor.id, { kind: 'HOURLY' });
    env.backends.BUILTIN.putExecution(
      schedule.name,
      { executionId: 'browser-exec-1', status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: new Date('2026-11-22T10:00:00Z'), startedAt: null, endedAt: null, failureReason: null, reportUri: 's3://r/x' },
      { violations: [{ featureName: 'age_in_playground', checkType: 'baseline_drift_check', description: 'drift 0.4 > 0.1' }], statistics: null },
    );
    await env.gateway.services.executions.syncSchedule(team.id, schedule.id);
    await waitForResult('"featureName": "age_in_playground"');
    expect(await result()).toContain(`"monitorName": "${monitor.name}"`);

    // A second event joins the pane's log above the first (newest first, each with its arrival time).
    env.backends.BUILTIN.putExecution(
      schedule.name,
      { executionId: 'browser-exec-2', status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: new Date('2026-11-22T11:00:00Z'), startedAt: null, endedAt: null, failureReason: null, reportUri: 's3://r/y' },
      { violations: [{ featureName: 'plan_in_playground', checkType: 'categorical_values_check', description: 'new value enterprise' }], statistics: null },
    );
    await env.gateway.services.executions.syncSchedule(team.id, schedule.id);
    await waitForResult('"featureName": "plan_in_playground"');
    const log = await result();
    expect(log).toContain('"received": 2');
    expect(log.indexOf('plan_in_playground')).toBeLessThan(log.indexOf('age_in_playground'));
    expect(log.match(/"receivedAt": "\d{4}-\d\d-\d\dT[\d:.]+Z"/g)).toHaveLength(2);
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/playground.png', fullPage: true });
    expect(offOrigin).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
});
