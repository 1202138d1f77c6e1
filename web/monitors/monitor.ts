// /monitors/<id>: one monitor's trends (every chart from one request: metricSeriesList, 20
// series per field), the baseline against the latest run (data quality: distributions from
// featureStatistics; feature attribution: attributions), and its runs. Live: a run or a
// violation of this monitor reloads the page's data (two requests), without a reload.
import { MONITORS_PATH } from '../../src/shared/page-links';
import { ApiError } from './api';
import { barChart, trendChart } from './charts';
import { attributions, compareDistributions } from './distributions';
import { badge, h, relative, TYPE_LABELS, when } from './dom';
import type { PageContext } from './main';
import { chartsQuery, LIVE_RUNS, LIVE_VIOLATIONS, MONITOR, RUNS_SHOWN } from './queries';
import { runsTable, type Run } from './runs';
import { attributionKeys, chartKeys, chunks, seriesTitle, violatingRuns, violationPoints, type Series, type SeriesKey } from './series';

interface MonitorData {
  id: string;
  name: string;
  type: string;
  backend: string;
  endpointName: string | null;
  problemType: string | null;
  health: { status: string; since: string | null; openViolations: number; nextRunAt: string | null };
  activeBaseline: { id: string; version: number; createdAt: string } | null;
  executions: { edges: Array<{ node: Run }> };
}

interface PageData {
  monitor: MonitorData | null;
  metricNames: SeriesKey[];
}

type Compared = { name: string; baseline: unknown; current: unknown } | null;
type ChartsData = Record<string, Series[] | null> & {
  run?: ({ id: string; scheduledTime: string } & Record<string, Compared>) | null;
  baseline?: { activeBaseline: { version: number; constraints: unknown } | null } | null;
};

/** Data-quality features compared in the latest run, at most. */
const MAX_FEATURES = 12;
const BURST_MS = 500;
const FINISHED = new Set(['COMPLETED', 'COMPLETED_WITH_VIOLATIONS']);

const section = (title: string, note: string, ...children: HTMLElement[]) =>
  h('section', {}, h('h2', {}, title), note ? h('p', { class: 'note' }, note) : null, ...children);

function header(m: MonitorData, runs: readonly Run[]): HTMLElement {
  const last = runs.find((r) => r.endedAt !== null);
  const fact = (term: string, ...value: Array<Node | string>) => [h('div', {}, h('dt', {}, term), h('dd', {}, ...value))];
  return h('div', { class: 'monitor-head' },
    h('p', {}, h('a', { href: MONITORS_PATH, 'data-route': '' }, '← All monitors')),
    h('h1', {}, m.name, ' ', badge(m.health.status)),
    h('dl', { class: 'facts' },
      ...fact('Type', `${TYPE_LABELS[m.type] ?? m.type}${m.problemType ? ` (${m.problemType.toLowerCase().replace(/_/g, ' ')})` : ''}`),
      ...fact('Endpoint', m.endpointName ?? '—'),
      ...fact('Backend', m.backend),
      ...fact('Health since', relative(m.health.since)),
      ...fact('Open violations', String(m.health.openViolations)),
      ...fact('Last run', last ? `${relative(last.endedAt)} (${last.status.toLowerCase().replace(/_/g, ' ')})` : '—'),
      ...fact('Next run', relative(m.health.nextRunAt)),
      ...fact('Baseline', m.activeBaseline ? `v${m.activeBaseline.version}, ${when(m.activeBaseline.createdAt)}` : 'none yet')));
}

export function monitorPage(ctx: PageContext, id: string): () => void {
  let loads = 0;
  const live = h('span', { class: 'live', role: 'status' }, 'connecting…');

  async function load(): Promise<void> {
    const seq = ++loads;
    const page = await ctx.api.query<PageData>(MONITOR, { id });
    const m = page.data.monitor;
    if (!m) throw new ApiError(String(page.errors[0]?.extensions?.code ?? 'NOT_FOUND'), page.errors[0]?.message ?? `No monitor ${id}`);
    const runs = m.executions.edges.map((e) => e.node);
    const charts = chartKeys(m.type, page.data.metricNames);
    const shap = attributionKeys(m.type, page.data.metricNames);
    const keyChunks = chunks([...charts, ...shap]);
    const latest = runs.find((r) => r.reportUri !== null && FINISHED.has(r.status));
    const features = m.type === 'DATA_QUALITY' && latest ? [...new Set(charts.map((k) => k.feature))].slice(0, MAX_FEATURES) : [];
    const explain = m.type === 'MODEL_EXPLAINABILITY';
    const vars: Record<string, unknown> = { id, from: runs.length === RUNS_SHOWN ? runs[runs.length - 1]!.scheduledTime : null };
    keyChunks.forEach((c, i) => (vars[`s${i}`] = c));
    if (features.length > 0) vars.run = latest!.id;
    features.forEach((f, i) => (vars[`f${i}`] = f));
    const needed = keyChunks.length > 0 || features.length > 0 || explain;
    const details = needed ? (await ctx.api.query<ChartsData>(chartsQuery({ chunks: keyChunks.length, features: features.length, baselineConstraints: explain }), vars)).data : ({} as ChartsData);
    if (seq !== loads) return; // a newer load draws
    const series = keyChunks.flatMap((_, i) => details[`s${i}`] ?? []);

    const trends = h('div', { class: 'grid' });
    const comparisons = h('div', { class: 'grid' });
    ctx.root.replaceChildren(header(m, runs), h('p', {}, live));
    ctx.root.append(section('Trends', charts.length === 0 ? 'No metrics yet: the charts start with the first run that writes a report.' : `The last ${runs.length} runs; a red ring is a run that violated the threshold (dashed).`, trends));
    for (const key of charts) {
      const s = series.find((x) => x.feature === key.feature && x.metric === key.metric);
      if (s) trendChart(trends, seriesTitle(m.type, key), s, violationPoints(s, violatingRuns(runs, key)));
    }
    if (m.type === 'DATA_QUALITY') {
      ctx.root.append(section('Baseline against the latest run', latest ? `Share of records per bucket: baseline v${m.activeBaseline?.version ?? '?'} (grey) and the run of ${when(latest.scheduledTime)} (blue).` : 'No finished run with a report yet.', comparisons));
      features.forEach((name, i) => {
        const f = details.run?.[`f${i}`];
        const c = f ? compareDistributions(f.baseline, f.current) : null;
        if (c) barChart(comparisons, `${name} (${c.kind})`, c.labels, [{ label: 'baseline', values: c.baseline }, { label: 'latest run', values: c.current }], 'fraction', { 'data-feature': name, 'data-kind': c.kind });
      });
    }
    if (explain) {
      const base = attributions(details.baseline?.activeBaseline?.constraints);
      const current = Object.fromEntries(series.filter((s) => s.metric === 'global_shap' && s.points.length > 0).map((s) => [s.feature, s.points[s.points.length - 1]!.value]));
      const names = [...new Set([...Object.keys(base), ...Object.keys(current)])].sort((a, b) => (base[b] ?? 0) - (base[a] ?? 0));
      ctx.root.append(section('Attributions: baseline against the latest run', 'Global SHAP value per feature: the active baseline (grey) and the newest run (blue).', comparisons));
      if (names.length > 0) barChart(comparisons, 'global SHAP per feature', names, [{ label: 'baseline', values: names.map((n) => base[n] ?? 0) }, { label: 'latest run', values: names.map((n) => current[n] ?? 0) }], 'value', { 'data-attributions': String(names.length) });
    }
    ctx.root.append(section('Runs', `Newest first (the last ${RUNS_SHOWN} at most).`, runsTable(runs)));
    live.replaceChildren('● live');
    ctx.drawn('monitor');
  }

  let timer: number | undefined;
  const reload = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void load().catch(ctx.fail), BURST_MS);
  };
  const lost = (message: string) => live.replaceChildren(`live updates stopped: ${message}`);
  const stops = [
    ctx.api.subscribe(LIVE_RUNS, { monitorId: id }, reload, lost),
    ctx.api.subscribe(LIVE_VIOLATIONS, { monitorId: id }, reload, lost),
  ];
  ctx.root.append(h('p', { class: 'loading' }, 'Loading the monitor…'));
  load().catch(ctx.fail);
  return () => {
    window.clearTimeout(timer);
    for (const stop of stops) stop();
  };
}
