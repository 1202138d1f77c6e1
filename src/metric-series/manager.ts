// Metrics over time: numbers of each synced execution's report, stored with the
// sync (recordMetrics) and read back as series for dashboards.
import type { Db } from '../db/client.js';
import type { Tx } from '../db/client.js';
import type { BackendMonitor, ExecutionReport } from '../backends/types.js';
import { loadBackendMonitor } from '../storage/backend-inputs.js';
import { monitorStorage } from '../storage/monitors.js';
import { badInput, notFound } from '../shared/errors.js';
import { requireId } from '../shared/ids.js';
import { metricSamples, metricThreshold } from './extract.js';
import { MODEL_LEVEL, type ThresholdSide } from './model.js';
import { metricStorage as storage } from '../storage/metric-series.js';

/** Most points one series answer holds; a wider range is refused (narrow from/to). */
export const MAX_SERIES_POINTS = 5000;
/** Most (feature, metric) pairs metricNames lists. */
export const MAX_METRIC_NAMES = 10_000;
const MAX_NAME_LENGTH = 256;

/**
 * Stores the report's metrics of one execution, in the caller's transaction (the
 * execution's own). Thresholds are those of the baseline the execution was checked
 * against. Idempotent: a point already stored for (execution, feature, metric) stays.
 */
export async function recordMetrics(
  tx: Tx, monitor: BackendMonitor, execution: { id: string; scheduledTime: Date }, report: ExecutionReport,
): Promise<number> {
  const samples = metricSamples(monitor.type, monitor, { document: report.statistics, violations: report.violations });
  const rows = samples.map((s) => ({ teamId: monitor.teamId, monitorId: monitor.id, executionId: execution.id, time: execution.scheduledTime, ...s }));
  return (await storage.add(tx, rows)).count;
}

export interface SeriesArgs {
  monitorId: string;
  feature?: string | null | undefined;
  metric: string;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export interface MetricSeries {
  monitorId: string;
  feature: string;
  metric: string;
  points: Array<{ time: Date; value: number; threshold: number | null; executionId: string }>;
  threshold: number | null;
  breachedWhen: ThresholdSide | null;
}

/** Most (feature, metric) pairs one metricSeriesList answers. */
export const MAX_SERIES_PAIRS = 20;

/** A pair's name checks; `at` prefixes the fields named (e.g. "series[2]."). */
function checkKey(key: { feature?: string | null | undefined; metric: string }, at = ''): void {
  if (key.metric.trim() === '') throw badInput(`${at}metric`, 'metric must name a metric, e.g. "completeness" (see metricNames)');
  if (key.metric.length > MAX_NAME_LENGTH) throw badInput(`${at}metric`, `metric must be at most ${MAX_NAME_LENGTH} characters`);
  if ((key.feature ?? '').length > MAX_NAME_LENGTH) throw badInput(`${at}feature`, `feature must be at most ${MAX_NAME_LENGTH} characters`);
}

function checkRange(args: { from?: Date | null | undefined; to?: Date | null | undefined }): void {
  if (args.from && args.to && args.from.getTime() >= args.to.getTime()) throw badInput('to', '`to` must be after `from`');
}

export interface SeriesListArgs {
  monitorId: string;
  series: ReadonlyArray<{ feature?: string | null | undefined; metric: string }>;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export class MetricSeriesManager {
  constructor(private readonly db: Db) {}

  private async monitor(teamId: string, monitorId: string) {
    const row = await monitorStorage.get(this.db, teamId, requireId('Monitor', monitorId));
    if (!row) throw notFound('Monitor', monitorId);
    return row;
  }

  /** The series of (feature, metric) of a monitor, oldest first, with the current baseline's threshold. */
  async series(teamId: string, args: SeriesArgs): Promise<MetricSeries> {
    checkKey(args);
    checkRange(args);
    const [one] = await this.read(teamId, { monitorId: args.monitorId, series: [args], from: args.from, to: args.to }, () => '');
    return one!;
  }

  /** Several series of a monitor at once (one statement for all), in the order asked. */
  async seriesList(teamId: string, args: SeriesListArgs): Promise<MetricSeries[]> {
    if (args.series.length === 0) throw badInput('series', 'series must name at least one (feature, metric) pair');
    if (args.series.length > MAX_SERIES_PAIRS) throw badInput('series', `series takes at most ${MAX_SERIES_PAIRS} pairs`);
    args.series.forEach((key, i) => checkKey(key, `series[${i}].`));
    checkRange(args);
    return this.read(teamId, args, (i) => `series[${i}].`);
  }

  /**
   * A pair is known when the monitor has stored a point of it (see metricNames): an unknown one
   * is BAD_USER_INPUT on its metric when the feature is known, else on its feature.
   */
  private async read(teamId: string, args: SeriesListArgs, at: (i: number) => string): Promise<MetricSeries[]> {
    const row = await this.monitor(teamId, args.monitorId);
    const pairs = args.series.map((k) => ({ feature: k.feature ?? MODEL_LEVEL, metric: k.metric }));
    const stored = await storage.series(this.db, { teamId, monitorId: row.id, pairs, from: args.from, to: args.to, take: MAX_SERIES_POINTS + 1 });
    stored.forEach((s, i) => {
      const { feature, metric } = pairs[i]!;
      if (!s.known && (s.featureKnown || feature === MODEL_LEVEL)) throw badInput(`${at(i)}metric`, `the monitor has no metric "${metric}" for feature "${feature}" (see metricNames)`);
      if (!s.known) throw badInput(`${at(i)}feature`, `the monitor has no metrics for feature "${feature}" (see metricNames)`);
      if (s.points.length > MAX_SERIES_POINTS) throw badInput('from', `the range holds more than ${MAX_SERIES_POINTS} points: narrow it with from/to`);
    });
    const monitor = await loadBackendMonitor(this.db, row);
    return stored.map(({ points }, i) => {
      const { feature, metric } = pairs[i]!;
      // Two-sided (bias) thresholds: the side of the newest value.
      const current = metricThreshold(row.type, monitor, feature, metric, points.at(-1)?.value);
      return { monitorId: row.id, feature, metric, points, threshold: current?.value ?? null, breachedWhen: current?.breachedWhen ?? null };
    });
  }

  /** The (feature, metric) pairs stored for a monitor, sorted. */
  async names(teamId: string, monitorId: string): Promise<Array<{ feature: string; metric: string }>> {
    const row = await this.monitor(teamId, monitorId);
    return storage.names(this.db, teamId, row.id, MAX_METRIC_NAMES);
  }
}
