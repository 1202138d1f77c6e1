// The caller's API key: entered once and kept in this browser (localStorage), else the
// gateway's preset key (PLAYGROUND_API_KEY or the demo team's), as the playground starts with.
import { ApiError } from './api';
import { MONITORS_PATH } from '../../src/shared/page-links';
import { h } from './dom';

const STORAGE = 'mmg.monitors.apiKey';

export function storedKey(): string | null {
  try {
    return localStorage.getItem(STORAGE);
  } catch {
    return null; // storage blocked: the preset key, or one entered for this visit
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key) localStorage.setItem(STORAGE, key);
    else localStorage.removeItem(STORAGE);
  } catch {
    /* kept for this visit only */
  }
}

const masked = (key: string) => (key.length > 12 ? `${key.slice(0, 8)}…${key.slice(-4)}` : '…');

/** The header's key control: the key in use (masked) and a form to enter another. */
export function keyForm(current: string | null, preset: string | null, onChange: (key: string | null) => void): HTMLElement {
  const input = h('input', { type: 'password', name: 'api-key', placeholder: 'mmg_…', autocomplete: 'off', 'aria-label': 'API key', size: 28 });
  const form = h('form', { class: 'key-form' },
    h('span', { class: 'key-current' }, current ? `API key ${masked(current)}${current === preset && !storedKey() ? ' (preset by the gateway)' : ''}` : 'No API key'),
    input,
    h('button', { type: 'submit' }, 'Use key'),
    storedKey() ? h('button', { type: 'button', onclick: () => onChange(null) }, preset ? 'Use the gateway’s key' : 'Forget key') : null,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim().replace(/^Bearer\s+/i, '');
    if (key) onChange(key);
  });
  return form;
}

const HOW_TO_GET_A_KEY = [
  'Enter an API key of your team above (it starts with mmg_). ',
  'The first npm start with DEMO=true prints the demo team’s key; an ADMIN of a team creates another with ',
];

/** An error for the person: what happened and how to fix it (UNAUTHENTICATED: which key to enter). */
export function errorBox(error: unknown): HTMLElement {
  const code = error instanceof ApiError ? error.code : 'ERROR';
  const message = error instanceof Error ? error.message : String(error);
  const box = h('div', { class: 'error', role: 'alert', 'data-code': code });
  if (code === 'UNAUTHENTICATED') {
    box.append(
      h('h2', {}, 'The gateway did not accept this API key'),
      h('p', {}, `${message} (UNAUTHENTICATED).`),
      h('p', {}, ...HOW_TO_GET_A_KEY, h('code', {}, 'mutation { createApiKey(input: { name: "pages", role: VIEWER }) { secret } }'), ' in the playground.'),
    );
  } else if (code === 'FORBIDDEN') {
    box.append(h('h2', {}, 'This API key may not read this'), h('p', {}, `${message} (FORBIDDEN).`));
  } else if (code === 'NOT_FOUND') {
    box.append(h('h2', {}, 'No such monitor in your team'), h('p', {}, `${message}. `, h('a', { href: MONITORS_PATH, 'data-route': '' }, 'All monitors')));
  } else {
    box.append(h('h2', {}, 'The page could not load its data'), h('p', {}, `${message} (${code}). Reload the page to try again.`));
  }
  return box;
}
