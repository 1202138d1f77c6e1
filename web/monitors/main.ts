// The monitor pages in the browser: one shell for /monitors (the list) and /monitors/<id>
// (one monitor), routed here, drawn from the public GraphQL API only. Settings come from the
// shell's <script type="application/json" id="pages-config"> (src/pages/index.ts).
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { Api } from './api';
import { h } from './dom';
import { errorBox, keyForm, storedKey, storeKey } from './key';
import { listPage } from './list';
import { monitorPage } from './monitor';

export interface PagesConfig {
  endpoint: string;
  base: string;
  playground: string;
  presetKey: string | null;
}

/** What a page gets: the API, where to draw, and how to report an error or go elsewhere. */
export interface PageContext {
  api: Api;
  config: PagesConfig;
  root: HTMLElement;
  fail: (error: unknown) => void;
  /** Marks the page drawn with its data (the browser test waits for it; first paint is measured to it). */
  drawn: (page: string) => void;
}

const config = JSON.parse(document.getElementById('pages-config')?.textContent ?? '{}') as PagesConfig;
const app = document.getElementById('app') as HTMLElement;
let dispose: (() => void) | undefined;
let api: Api | undefined;

function route(): void {
  dispose?.();
  api?.close();
  dispose = undefined;
  const key = storedKey() ?? config.presetKey;
  const main = h('main', {});
  const header = h('header', {},
    h('a', { class: 'brand', href: config.base, 'data-route': '' }, 'Model Monitor · monitors'),
    h('a', { href: config.playground }, 'Playground'),
    keyForm(key, config.presetKey, (next) => {
      storeKey(next);
      route();
    }),
  );
  app.replaceChildren(header, main);
  if (!key) {
    main.append(h('div', { class: 'error', role: 'alert', 'data-code': 'NO_KEY' }, h('h2', {}, 'An API key is needed'), h('p', {}, 'Enter an API key of your team above (mmg_…); this browser keeps it.')));
    return;
  }
  api = new Api(config.endpoint, key);
  const ctx: PageContext = {
    api,
    config,
    root: main,
    fail: (error) => main.replaceChildren(errorBox(error)),
    drawn: (page) => {
      document.body.dataset.drawn = page;
      if (performance.getEntriesByName('monitors:drawn').length === 0) performance.mark('monitors:drawn');
    },
  };
  const id = decodeURIComponent(location.pathname.slice(config.base.length + 1).replace(/\/$/, ''));
  document.body.dataset.drawn = '';
  dispose = id ? monitorPage(ctx, id) : listPage(ctx);
}

// Links marked data-route change the page without reloading it.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest('a[data-route]');
  if (!(link instanceof HTMLAnchorElement) || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  history.pushState(null, '', link.href);
  route();
});
window.addEventListener('popstate', route);
route();
