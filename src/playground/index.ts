// The GraphQL playground: GraphiQL served by the gateway itself at GET /graphql (for
// browsers: Accept text/html) and /playground, working with no internet access. Its
// headers editor starts with the API key of config PLAYGROUND_API_KEY (or one set at run
// time, e.g. the demo team's new key): anyone who can open the page can use that key,
// so set it only for demos.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ASSETS_PATH, SCRIPTS, STYLES, playgroundAssets } from './assets.js';
import { exampleTabs, type ExampleTab } from './examples.js';
import { MONITORS_PATH, PLAYGROUND_PATH } from '../shared/page-links.js';
import { htmlShell, sendPage, serveAsset } from '../shared/static-assets.js';

const KEY_PLACEHOLDER = '<API key>';

/** A browser navigating to the GraphQL URL (not a GET query, which still gets JSON). */
export function wantsPlayground(req: IncomingMessage, url: URL): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html') && !url.searchParams.has('query');
}

function page(endpoint: string, apiKey: string | undefined, tabs: ExampleTab[]): string {
  const config = { endpoint, monitorsPath: MONITORS_PATH, headers: JSON.stringify({ authorization: `Bearer ${apiKey ?? KEY_PLACEHOLDER}` }, null, 2), tabs };
  return htmlShell({
    title: 'Model Monitor gateway · GraphQL playground', assetsPath: ASSETS_PATH, styles: STYLES, scripts: SCRIPTS,
    placeholder: '<div id="graphiql">Loading the playground…</div>', configId: 'playground-config', config,
  });
}

export interface Playground {
  /** Serves the page or an asset when the request is one; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  /** Presets another API key in the headers editor of pages served from now on. */
  setApiKey: (key: string | undefined) => void;
}

/** `demoDataDir`: the example tabs' variables point at the demo's files there. */
export function createPlayground(options: { endpoint: string; apiKey: string | undefined; demoDataDir?: string | undefined }): Playground {
  const tabs = exampleTabs(options.demoDataDir);
  const assets = playgroundAssets(); // read at start: a missing package fails the start, not a visit
  let apiKey = options.apiKey;
  const handle = (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    if (serveAsset(req, res, url, ASSETS_PATH, assets)) return true;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname !== PLAYGROUND_PATH && !(url.pathname === options.endpoint && wantsPlayground(req, url))) return false;
    sendPage(req, res, 200, page(options.endpoint, apiKey, tabs));
    return true;
  };
  return { handle, setApiKey: (key) => void (apiKey = key) };
}
