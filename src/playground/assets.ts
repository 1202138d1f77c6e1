// The playground's static files: GraphiQL, React and the graphql-ws client from the
// installed npm packages (never a CDN), read once into memory, plus the page's script.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { asset, CSS, JS, type Asset } from '../shared/static-assets.js';
import { PLAYGROUND_SCRIPT } from './client-script.js';

export const ASSETS_PATH = '/playground/assets';

/** Served name → [package, file inside the package]. Load order of the scripts matters. */
const FILES: Record<string, [string, string, string]> = {
  'react.js': ['react', 'umd/react.production.min.js', JS],
  'react-dom.js': ['react-dom', 'umd/react-dom.production.min.js', JS],
  'graphiql.js': ['graphiql', 'graphiql.min.js', JS],
  'graphiql.css': ['graphiql', 'graphiql.min.css', CSS],
  'graphql-ws.js': ['graphql-ws', 'umd/graphql-ws.min.js', JS],
};

export const SCRIPTS = ['react.js', 'react-dom.js', 'graphiql.js', 'graphql-ws.js', 'playground.js'];
export const STYLES = ['graphiql.css', 'playground.css'];

const PAGE_CSS = 'html, body, #graphiql { height: 100%; margin: 0; }\n.monitor-pages-link { font-size: 14px; white-space: nowrap; }\n';

/** The package's directory, looked up like Node's resolution (its `exports` hide the UMD files). */
function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  throw new Error(`The playground needs the npm package ${name}; run npm install`);
}

let loaded: Map<string, Asset> | undefined;

/** Every asset by served name, read on first use and kept. */
export function playgroundAssets(): Map<string, Asset> {
  if (!loaded) {
    const assets = new Map<string, Asset>();
    for (const [served, [pkg, file, type]] of Object.entries(FILES)) assets.set(served, asset(readFileSync(join(packageDir(pkg), file)), type));
    assets.set('playground.js', asset(Buffer.from(PLAYGROUND_SCRIPT), JS));
    assets.set('playground.css', asset(Buffer.from(PAGE_CSS), CSS));
    loaded = assets;
  }
  return loaded;
}
