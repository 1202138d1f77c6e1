// /monitors: the team's monitors with their health, filterable in the page (health, type, text
// on name or endpoint; kept in the URL), refreshed live: each violationDetected or
// executionStatusChanged event re-reads only the rows it names, in one request per burst.
import { badge, h, relative, TYPE_LABELS, when } from './dom';
import type { PageContext } from './main';
import { LIST, LIVE_RUNS, LIVE_VIOLATIONS, ROWS_PER_REQUEST, rowsQuery } from './queries';

interface Row {
  id: string;
  name: string;
  type: string;
  backend: string;
  endpointName: string | null;
  health: {
    status: string;
    since: string | null;
    openViolations: number;
    nextRunAt: string | null;
    lastExecution: { id: string; status: string; scheduledTime: string; endedAt: string | null } | null;
  };
}

interface ListData {
  monitors: { edges: Array<{ node: Row }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export const HEALTH = ['VIOLATING', 'FAILING', 'NO_DATA', 'PENDING', 'OK'];
const BURST_MS = 300;

export function listPage(ctx: PageContext): () => void {
  const rows = new Map<string, Row>();
  const params = new URLSearchParams(location.search);
  const filter = { health: params.get('health') ?? '', type: params.get('type') ?? '', text: params.get('q') ?? '' };
  const tbody = h('tbody', {});
  const counts = h('p', { class: 'counts' });
  const live = h('span', { class: 'live', role: 'status' }, 'connecting…');

  const select = (name: 'health' | 'type', label: string, options: Record<string, string>) => {
    const el = h('select', { name, 'aria-label': label }, h('option', { value: '' }, `Any ${label.toLowerCase()}`),
      ...Object.entries(options).map(([value, text]) => h('option', { value, selected: filter[name] === value }, text)));
    el.addEventListener('change', () => setFilter(name, el.value));
    return el;
  };
  const text = h('input', { type: 'search', name: 'q', placeholder: 'Name or endpoint', 'aria-label': 'Name or endpoint', value: filter.text });
  text.addEventListener('input', () => setFilter('text', text.value));

  function setFilter(name: keyof typeof filter, value: string): void {
    filter[name] = value;
    const next = new URLSearchParams();
    if (filter.health) next.set('health', filter.health);
    if (filter.type) next.set('type', filter.type);
    if (filter.text) next.set('q', filter.text);
    history.replaceState(null, '', `${location.pathname}${next.size > 0 ? `?${next.toString()}` : ''}`);
    draw();
  }

  const shown = (r: Row) => (!filter.health || r.health.status === filter.health) && (!filter.type || r.type === filter.type) &&
    (!filter.text || `${r.name} ${r.endpointName ?? ''}`.toLowerCase().includes(filter.text.toLowerCase()));

  function row(r: Row): HTMLElement {
    const last = r.health.lastExecution;
    return h('tr', { 'data-monitor-id': r.id, 'data-health': r.health.status },
      h('td', {}, h('a', { href: `${ctx.config.base}/${encodeURIComponent(r.id)}`, 'data-route': '' }, r.name)),
      h('td', {}, TYPE_LABELS[r.type] ?? r.type),
      h('td', {}, r.endpointName ?? '—'),
      h('td', {}, badge(r.health.status), h('small', { title: when(r.health.since) }, r.health.since ? ` since ${relative(r.health.since)}` : '')),
      h('td', { class: 'n' }, r.health.openViolations),
      h('td', {}, last ? h('span', { title: `${last.status} · scheduled ${when(last.scheduledTime)}` }, relative(last.endedAt ?? last.scheduledTime)) : '—'),
      h('td', {}, relative(r.health.nextRunAt)),
    );
  }

  function draw(): void {
    const all = [...rows.values()].sort((a, b) => HEALTH.indexOf(a.health.status) - HEALTH.indexOf(b.health.status) || a.name.localeCompare(b.name));
    const visible = all.filter(shown);
    tbody.replaceChildren(...visible.map(row));
    if (visible.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 7, class: 'empty' }, rows.size === 0 ? 'No monitors yet: create one in the playground (createMonitor).' : 'No monitor matches the filter.')));
    counts.replaceChildren(`${visible.length} of ${all.length} monitors · `, ...HEALTH.flatMap((s) => {
      const n = all.filter((r) => r.health.status === s).length;
      return n === 0 ? [] : [h('button', { type: 'button', class: 'count', 'data-health': s, onclick: () => setFilter('health', filter.health === s ? '' : s) }, badge(s), ` ${n}`)];
    }));
  }

  async function loadAll(): Promise<void> {
    rows.clear();
    let after: string | null = null;
    do {
      const { data }: { data: ListData } = await ctx.api.query<ListData>(LIST, { after });
      for (const e of data.monitors.edges) rows.set(e.node.id, e.node);
      after = data.monitors.pageInfo.hasNextPage ? data.monitors.pageInfo.endCursor : null;
    } while (after);
    draw();
  }

  // Live: the monitors named by a burst of events are read again together.
  const pending = new Set<string>();
  let timer: number | undefined;
  async function refresh(): Promise<void> {
    const ids = [...pending];
    pending.clear();
    if (ids.some((id) => !rows.has(id)) || ids.length > ROWS_PER_REQUEST) return loadAll();
    const vars = Object.fromEntries(ids.map((id, i) => [`m${i}`, id]));
    const { data } = await ctx.api.query<Record<string, Row | null>>(rowsQuery(ids.length), vars);
    ids.forEach((id, i) => {
      const r = data[`m${i}`];
      if (r) rows.set(id, r);
      else rows.delete(id);
    });
    draw();
  }
  const changed = (monitorId: string) => {
    pending.add(monitorId);
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refresh().catch(ctx.fail), BURST_MS);
  };
  const lost = (message: string) => live.replaceChildren(`live updates stopped: ${message}`);
  const stops = [
    ctx.api.subscribe<{ violationDetected: { monitorId: string } }>(LIVE_VIOLATIONS, {}, (d) => changed(d.violationDetected.monitorId), lost),
    ctx.api.subscribe<{ executionStatusChanged: { monitorId: string } }>(LIVE_RUNS, {}, (d) => changed(d.executionStatusChanged.monitorId), lost),
  ];

  ctx.root.append(
    h('div', { class: 'toolbar' }, h('h1', {}, 'Monitors'), select('health', 'Health', Object.fromEntries(HEALTH.map((s) => [s, s.replace('_', ' ')]))), select('type', 'Type', TYPE_LABELS), text, live),
    counts,
    h('table', { class: 'monitors' },
      h('thead', {}, h('tr', {}, ...['Monitor', 'Type', 'Endpoint', 'Health', 'Open violations', 'Last run', 'Next run'].map((t) => h('th', { scope: 'col', class: t === 'Open violations' ? 'n' : null }, t)))),
      tbody),
  );
  loadAll().then(() => {
    live.replaceChildren('● live');
    ctx.drawn('list');
  }, ctx.fail);
  return () => {
    window.clearTimeout(timer);
    for (const stop of stops) stop();
  };
}
