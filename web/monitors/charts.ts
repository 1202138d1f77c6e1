// The charts, drawn with uPlot (canvas): a metric's trend over time with its threshold and
// its violations marked, and bars side by side (baseline against the latest run). Each chart
// sits in a <figure> whose data attributes and caption say what is drawn (points, violations,
// threshold), so that what the canvas shows can be read and tested.
import uPlot from 'uplot';
import { h, num } from './dom';
import type { Point, Series } from './series';

const BLUE = '#2563eb';
const AMBER = '#b45309';
const RED = '#dc2626';
const GREY = '#94a3b8';

const width = (el: HTMLElement) => Math.max(260, el.clientWidth - 4);

/** Keeps a chart as wide as its figure when the window (or the grid around it) is resized. */
function fit(plot: uPlot, figure: HTMLElement): void {
  new ResizeObserver(() => {
    const w = width(figure);
    if (w !== plot.width) plot.setSize({ width: w, height: plot.height });
  }).observe(figure);
}

/** Room on both sides of the first and last run, so their markers are drawn whole. */
const timeRange = (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => {
  const pad = max > min ? (max - min) * 0.03 : 1800;
  return [min - pad, max + pad];
};

/** A trend figure, appended to `parent` (which must be in the document: the chart takes its width). */
export function trendChart(parent: HTMLElement, title: string, s: Series, violations: readonly Point[]): HTMLElement {
  const marked = new Set(violations.map((p) => p.executionId));
  const side = s.breachedWhen === 'BELOW' ? 'below' : 'above';
  const figure = h('figure', {
    class: 'chart trend', 'data-feature': s.feature, 'data-metric': s.metric,
    'data-points': s.points.length, 'data-violations': violations.length, 'data-threshold': s.threshold ?? '',
  },
  h('figcaption', {}, h('strong', {}, title), h('span', { class: 'facts' },
    `${s.points.length} points · `, h('span', { class: violations.length > 0 ? 'bad' : '' }, `${violations.length} violation${violations.length === 1 ? '' : 's'}`),
    s.threshold === null ? ' · no threshold' : ` · threshold ${num(s.threshold)} (breach ${side})`,
    s.points.length > 0 ? ` · latest ${num(s.points[s.points.length - 1]!.value)}` : '')));
  parent.append(figure);
  if (s.points.length === 0) {
    figure.append(h('p', { class: 'empty' }, 'No points in this time.'));
    return figure;
  }
  const xs = s.points.map((p) => Date.parse(p.time) / 1000);
  const data: uPlot.AlignedData = [
    xs,
    s.points.map((p) => p.value),
    s.points.map(() => s.threshold),
    s.points.map((p) => (marked.has(p.executionId) ? p.value : null)),
  ];
  const plot = new uPlot({
    width: width(figure),
    height: 170,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true, range: timeRange } },
    series: [
      {},
      { label: s.metric, stroke: BLUE, width: 2, points: { show: true, size: 4, fill: BLUE } },
      { label: 'threshold', stroke: AMBER, width: 1.5, dash: [6, 4], points: { show: false } },
      { label: 'violation', stroke: RED, paths: () => null, points: { show: true, size: 11, width: 2, stroke: RED, fill: '#fecaca' } },
    ],
    axes: [{ stroke: '#475569', grid: { stroke: '#e2e8f0' } }, { stroke: '#475569', size: 56, grid: { stroke: '#e2e8f0' }, values: (_u, ticks) => ticks.map((v) => num(v)) }],
  }, data, figure);
  fit(plot, figure);
  return figure;
}

export interface BarSide {
  label: string;
  values: number[];
}

/** Two bar series side by side per label (baseline, then the latest run), appended to `parent`. */
export function barChart(parent: HTMLElement, title: string, labels: readonly string[], sides: [BarSide, BarSide], unit: 'fraction' | 'value', attrs: Record<string, string> = {}): HTMLElement {
  const figure = h('figure', { class: 'chart bars', 'data-bars': labels.length, ...attrs },
    h('figcaption', {}, h('strong', {}, title), h('span', { class: 'facts' }, h('i', { class: 'key base' }), ` ${sides[0].label} `, h('i', { class: 'key live' }), ` ${sides[1].label}`)));
  parent.append(figure);
  const bars = uPlot.paths.bars;
  if (!bars) return figure;
  const xs = labels.map((_, i) => i);
  const fmt = (v: number) => (unit === 'fraction' ? `${Math.round(v * 100)}%` : num(v));
  const max = Math.max(...sides.flatMap((s) => s.values), 0);
  const w = width(figure);
  // Labels turn when they would not fit their slot side by side (about 8 px a character, with a gap).
  const turned = (Math.max(...labels.map((l) => l.length)) + 1) * 8 > (w - 60) / Math.max(1, labels.length);
  const plot = new uPlot({
    width: w,
    height: 200,
    legend: { show: false },
    cursor: { show: false },
    padding: [8, turned ? 44 : 16, 0, 0], // a turned label runs on to the right of its bar
    scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: [0, max > 0 ? max * 1.1 : 1] } },
    series: [
      {},
      { label: sides[0].label, stroke: GREY, fill: GREY, width: 0, paths: bars({ size: [0.4, 40], align: -1 }), points: { show: false } },
      { label: sides[1].label, stroke: BLUE, fill: BLUE, width: 0, paths: bars({ size: [0.4, 40], align: 1 }), points: { show: false } },
    ],
    axes: [
      { stroke: '#475569', grid: { show: false }, splits: () => xs, values: (_u, ticks) => ticks.map((i) => labels[i] ?? ''), rotate: turned ? -30 : 0, size: turned ? 70 : 30, font: '11px system-ui, sans-serif' },
      { stroke: '#475569', size: 48, grid: { stroke: '#e2e8f0' }, values: (_u, ticks) => ticks.map(fmt) },
    ],
  }, [xs, sides[0].values, sides[1].values], figure);
  fit(plot, figure);
  return figure;
}
