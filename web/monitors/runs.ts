// A monitor's executions: status, times, violations and failure reason, with links into the
// playground on the run and on its report (the links webhook alerts carry: src/shared/page-links.ts).
import { executionLinks } from '../../src/shared/page-links';
import { badge, h, when } from './dom';

export interface Run {
  id: string;
  status: string;
  scheduledTime: string;
  startedAt: string | null;
  endedAt: string | null;
  failureReason: string | null;
  reportUri: string | null;
  reportError: string | null;
  violations: Array<{ featureName: string; metricName: string | null; checkType: string; description: string }>;
}

const duration = (r: Run): string => {
  if (!r.startedAt) return '—';
  const ms = Date.parse(r.endedAt ?? new Date().toISOString()) - Date.parse(r.startedAt);
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
};

function violationsCell(r: Run): HTMLElement {
  if (r.violations.length === 0) return h('td', {}, '0');
  const checks = [...new Set(r.violations.map((v) => v.featureName ? `${v.featureName}: ${v.checkType}` : v.checkType))];
  return h('td', { class: 'bad', title: r.violations.map((v) => v.description).join('\n') }, `${r.violations.length}`, h('small', {}, ` ${checks.slice(0, 3).join(', ')}${checks.length > 3 ? ', …' : ''}`));
}

/** Runs listed at once; the older ones fold under a summary. */
const FIRST_ROWS = 20;

const table = (rows: HTMLElement[]) => h('table', { class: 'runs' },
  h('thead', {}, h('tr', {}, ...['Scheduled', 'Status', 'Took', 'Violations', 'Failure reason', 'Open in playground'].map((t) => h('th', { scope: 'col' }, t)))),
  h('tbody', {}, ...rows));

export function runsTable(runs: readonly Run[]): HTMLElement {
  const origin = window.location.origin;
  const rows = runs.map((r) => {
    const links = executionLinks(origin, r.id, r.reportUri);
    return h('tr', { 'data-execution-id': r.id, 'data-status': r.status },
      h('td', {}, when(r.scheduledTime)),
      h('td', {}, badge(r.status)),
      h('td', {}, duration(r)),
      violationsCell(r),
      h('td', { class: 'reason' }, r.failureReason ?? r.reportError ?? ''),
      h('td', { class: 'links' },
        h('a', { href: links.execution, title: 'This run in the playground' }, 'run'),
        r.reportUri ? h('a', { href: links.report, title: 'Its report (Execution.report) in the playground' }, 'report') : null),
    );
  });
  if (rows.length === 0) return table([h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No runs yet.'))]);
  const older = rows.slice(FIRST_ROWS);
  return h('div', {}, table(rows.slice(0, FIRST_ROWS)),
    older.length > 0 ? h('details', {}, h('summary', {}, `${older.length} older runs`), table(older)) : null);
}
