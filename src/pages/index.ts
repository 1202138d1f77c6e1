// The monitor pages: GET /monitors (the team's monitors and their health) and
// /monitors/<id> (one monitor's trends, distributions and runs), one HTML shell routed in
// the browser, drawn from the public GraphQL API only. Its script and styles (web/monitors,
// bundled at build time) are under PAGES_ASSETS_PATH. Like the playground, the page starts
// with the preset API key (config PLAYGROUND_API_KEY, or the demo team's), when there is one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MONITORS_PATH, PLAYGROUND_PATH } from '../shared/page-links.js';
import { htmlShell, sendPage, serveAsset } from '../shared/static-assets.js';
import type { Logger } from '../shared/logger.js';
import { BUILD_COMMAND, readBundle } from './assets.js';

export const PAGES_ASSETS_PATH = '/pages/assets';

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

const shell = (config: Record<string, unknown>): string => htmlShell({
  title: 'Monitors · Model Monitor gateway', assetsPath: PAGES_ASSETS_PATH, styles: ['monitors.css'], scripts: ['monitors.js'],
  placeholder: '<div id="app"><p class="loading">Loading the monitors…</p></div>', configId: 'pages-config', config,
});

const notBuilt = (missing: string) => [
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Monitor pages not built</title></head><body>',
  '<h1>The monitor pages are not built</h1>',
  `<p>The gateway found no ${escapeHtml(missing)}. Build them in the gateway's folder with ${escapeHtml(BUILD_COMMAND)}, then restart the gateway.</p>`,
  `<p>The API itself works: <a href="${PLAYGROUND_PATH}">the playground</a>.</p>`,
  '</body></html>',
  '',
].join('\n');

export interface MonitorPages {
  /** Serves the shell or an asset when the request is one; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  /** Presets another API key for pages served from now on. */
  setApiKey: (key: string | undefined) => void;
}

/** MONITORS_PATH, or one segment under it (a monitor's id; routed in the browser). */
function isPagePath(path: string): boolean {
  if (path === MONITORS_PATH) return true;
  return path.startsWith(`${MONITORS_PATH}/`) && /^[^/]*\/?$/.test(path.slice(MONITORS_PATH.length + 1));
}

/** `bundleDir`: where the built bundle is (default: found from this module, see ./assets.ts). */
export function createMonitorPages(options: { endpoint: string; apiKey: string | undefined; log: Logger; bundleDir?: string }): MonitorPages {
  const bundle = readBundle(options.bundleDir); // read at start, once
  if (!bundle.ok) options.log.warn({ missing: bundle.missing }, `monitor pages not built: ${MONITORS_PATH} answers 503 until ${BUILD_COMMAND}`);
  let apiKey = options.apiKey;
  const handle = (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    if (bundle.ok && serveAsset(req, res, url, PAGES_ASSETS_PATH, bundle.assets)) return true;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isPagePath(url.pathname)) return false;
    if (!bundle.ok) {
      sendPage(req, res, 503, notBuilt(bundle.missing));
      return true;
    }
    sendPage(req, res, 200, shell({ endpoint: options.endpoint, base: MONITORS_PATH, playground: PLAYGROUND_PATH, presetKey: apiKey ?? null }));
    return true;
  };
  return { handle, setApiKey: (key) => void (apiKey = key) };
}
