// Debian's chromium (apt-get install -y chromium; .ci/run installs it) driven by playwright-core,
// for the tests of the pages the gateway serves: every request off the gateway's origin is
// blocked and recorded, and the page's console errors are collected, so a test can assert both empty.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Whether chromium is installed; if not, says on stderr that `file` is skipped. */
export function chromiumPresent(file: string): boolean {
  const present = existsSync(CHROMIUM);
  if (!present) process.stderr.write(`${file}: SKIPPED, ${CHROMIUM} is not installed (apt-get install -y chromium)\n`);
  return present;
}

export interface GatewayPage {
  browser: Browser;
  page: Page;
  /** Requests off the gateway's origin (aborted). */
  offOrigin: string[];
  /** Console errors and uncaught page errors. */
  problems: string[];
}

/** A new headless browser with one page that may load only from `origin` (and data: URLs). */
export async function openGatewayPage(origin: string, viewport: { width: number; height: number }): Promise<GatewayPage> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const page = await browser.newPage({ viewport });
  const offOrigin: string[] = [];
  const problems: string[] = [];
  await page.route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith(origin) || target.startsWith('data:')) return route.continue();
    offOrigin.push(target);
    return route.abort();
  });
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => void problems.push(e.message));
  return { browser, page, offOrigin, problems };
}
