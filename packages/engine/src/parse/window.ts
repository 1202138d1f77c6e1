// Which data a monitoring run analyses, and where it lives in S3.
import { parseNegativeDuration, HOUR_MS } from '../durations.js';
import { err, ok, type Result } from '../errors.js';

export interface TimeWindow {
  /** inclusive */
  start: Date;
  /** exclusive */
  end: Date;
}

export type WindowSpec =
  /** Scheduled (cron) run: EndpointInput/BatchTransformInput Start/EndTimeOffset, both optional. */
  | { kind: 'scheduled'; startTimeOffset?: string; endTimeOffset?: string }
  /** One-time (NOW) schedule: DataAnalysisStartTime/EndTime, both required. */
  | { kind: 'oneTime'; dataAnalysisStartTime: string; dataAnalysisEndTime: string };

const MAX_ONE_TIME_MS = 24 * HOUR_MS;

/**
 * Analysis window of a run.
 * - scheduled: anchored at the run's scheduled hour (runTime floored to the hour,
 *   because executions start 0–20 min late). Without offsets: the previous hour
 *   [anchor-1h, anchor). With offsets: [anchor+start, anchor+end) — e.g. run at
 *   2020-01-09T13:00, -P8D/-P1D → 2020-01-01T13:00..2020-01-08T13:00. A missing
 *   end offset means -PT0H; a missing start offset means end-1h; start must
 *   precede end.
 * - oneTime: relative to runTime itself (not floored); both required, start < end,
 *   at most 24 hours apart.
 */
export function computeAnalysisWindow(runTime: Date, spec: WindowSpec): Result<TimeWindow> {
  if (spec.kind === 'oneTime') {
    const s = duration(spec.dataAnalysisStartTime, 'DataAnalysisStartTime');
    if (!s.ok) return s;
    const e = duration(spec.dataAnalysisEndTime, 'DataAnalysisEndTime');
    if (!e.ok) return e;
    if (s.value >= e.value) {
      return err({ kind: 'INVALID_WINDOW', message: `DataAnalysisStartTime ${spec.dataAnalysisStartTime} must be earlier than DataAnalysisEndTime ${spec.dataAnalysisEndTime}` });
    }
    if (e.value - s.value > MAX_ONE_TIME_MS) {
      return err({ kind: 'INVALID_WINDOW', message: 'a one-time window may not span more than 24 hours' });
    }
    return ok({ start: new Date(runTime.getTime() + s.value), end: new Date(runTime.getTime() + e.value) });
  }
  const anchor = Math.floor(runTime.getTime() / HOUR_MS) * HOUR_MS;
  let endMs = 0;
  if (spec.endTimeOffset !== undefined) {
    const e = duration(spec.endTimeOffset, 'EndTimeOffset');
    if (!e.ok) return e;
    endMs = e.value;
  }
  let startMs = endMs - HOUR_MS;
  if (spec.startTimeOffset !== undefined) {
    const s = duration(spec.startTimeOffset, 'StartTimeOffset');
    if (!s.ok) return s;
    startMs = s.value;
  }
  if (startMs >= endMs) {
    return err({ kind: 'INVALID_WINDOW', message: `StartTimeOffset ${spec.startTimeOffset ?? ''} must be earlier than EndTimeOffset ${spec.endTimeOffset ?? '-PT0H'}` });
  }
  return ok({ start: new Date(anchor + startMs), end: new Date(anchor + endMs) });
}

function duration(text: string, field: string): Result<number> {
  const ms = parseNegativeDuration(text);
  if (ms === null) {
    return err({ kind: 'INVALID_DURATION', message: `${field} "${text}" is not a negative ISO-8601 duration such as -PT1H, -P1D or -PT30M` });
  }
  return ok(ms);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "yyyy/mm/dd/hh/" (UTC) of the hour containing `t`. */
export function hourPartition(t: Date): string {
  return `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/${pad(t.getUTCHours())}/`;
}

/**
 * Key prefixes of the hour partitions overlapping [start, end):
 * `{prefix}/{endpoint}/{variant}/yyyy/mm/dd/hh/` (endpoint/variant omitted for
 * ground truth, whose layout is `{prefix}/yyyy/mm/dd/hh/`). `prefix` is a key
 * prefix without bucket (a trailing "/" is ignored). Records must still be
 * filtered by `inWindow`, because an hour partition can straddle the window.
 */
export function hourPartitionPrefixes(loc: { prefix: string; endpoint?: string; variant?: string }, w: TimeWindow): string[] {
  const base = [loc.prefix.replace(/\/+$/, ''), loc.endpoint, loc.variant].filter((p): p is string => p !== undefined && p !== '').join('/');
  const out: string[] = [];
  for (let h = Math.floor(w.start.getTime() / HOUR_MS) * HOUR_MS; h < w.end.getTime(); h += HOUR_MS) {
    out.push(`${base}/${hourPartition(new Date(h))}`);
  }
  return out;
}

export const inWindow = (t: Date, w: TimeWindow): boolean => t.getTime() >= w.start.getTime() && t.getTime() < w.end.getTime();
