// The GraphQL playground: GraphiQL served by the gateway itself at GET /graphql (for
// browsers: Accept text/html) and /playground, working with no internet access. Its
// headers editor starts with the API key of config PLAYGROUND_API_KEY (or one set at run
// time, e.g. the demo team's new key): anyone who can open the page can use that key,
// so set it only for demos.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ASSETS_PATH, SCRIPTS, STYLES, playgroundAssets } from './assets.js';
import { exampleTabs, type ExampleTab } from './examples.js';

export const PLAYGROUND_PATH = '/playground';

const KEY_PLACEHOLDER = '<API key>';

/** Same origin only: no CDN, no inline script, no framing. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/** A browser navigating to the GraphQL URL (not a GET query, which still gets JSON). */
export function wantsPlayground(req: IncomingMessage, url: URL): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html') && !url.searchParams.has('query');
}

/** JSON inside <script>: `<` escaped so no string can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(endpoint: string, apiKey: string | undefined, tabs: ExampleTab[]): string {
  const config = { endpoint, headers: JSON.stringify({ authorization: `Bearer ${apiKey ?? KEY_PLACEHOLDER}` }, null, 2), tabs };
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Model Monitor gateway · GraphQL playground</title>',
    ...STYLES.map((name) => `<link rel="stylesheet" href="${ASSETS_PATH}/${name}">`),
    '</head>',
    '<body>',
    '<div id="graphiql">Loading the playground…</div>',
    `<script type="application/json" id="playground-config">${scriptJson(config)}</script>`,
    ...SCRIPTS.map((name) => `<script src="${ASSETS_PATH}/${name}"></script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
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
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname.startsWith(`${ASSETS_PATH}/`)) {
      const file = assets.get(url.pathname.slice(ASSETS_PATH.length + 1));
      if (!file) return false;
      if (req.headers['if-none-match'] === file.etag) {
        res.writeHead(304, { etag: file.etag });
        res.end();
        return true;
      }
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length, etag: file.etag, 'cache-control': 'public, max-age=3600', ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return true;
    }
    if (url.pathname !== PLAYGROUND_PATH && !(url.pathname === options.endpoint && wantsPlayground(req, url))) return false;
    const html = Buffer.from(page(options.endpoint, apiKey, tabs));
    // no-store: the page carries an API key.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': html.length, 'cache-control': 'no-store', 'content-security-policy': CSP, ...SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : html);
    return true;
  };
  return { handle, setApiKey: (key) => void (apiKey = key) };
}
