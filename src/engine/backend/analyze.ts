// One execution's computation: window → inputs → analyzer → reports in the store.
// Returns a terminal outcome; throws only on infrastructure errors (the queue retries).
import { formatEngineError, stringifyJson, type TimeWindow } from '@mmg/engine';
import type { MonitorAnalyzer } from '@mmg/engine';
import { analyzeInThreads, groundTruthPrefixes, joinUri, Tally, tallyFailure, type JoinStats, type WindowInputs } from '@mmg/engine/io';
import type { BackendMonitor, BackendSchedule, ReportViolation } from '../../backends/types.js';
import { toReportViolation } from '../../backends/violations.js';
import { KINDS, isMissingObject, type EngineContext } from './context.js';
import { analysisWindow, capturePrefixes, describeWindow, reportPrefix } from './layout.js';
import { JobProgress } from './progress.js';

export type Outcome =
  | { status: 'FAILED'; failureReason: string; window: TimeWindow | null; records: number }
  | { status: 'COMPLETED' | 'COMPLETED_WITH_VIOLATIONS'; reportUri: string; violations: ReportViolation[]; window: TimeWindow; records: number };

/** A run handed to part jobs (flows.ts): it goes on in their parent job. */
export interface Split {
  status: 'SPLIT';
  parts: number;
}

/** What a run reads and with which analysis. */
export interface Plan {
  window: TimeWindow;
  analyzer: MonitorAnalyzer;
  input: WindowInputs;
  /** Where the captures are, in words. */
  where: string;
  /** The monitor's ground truth, when its type needs it. */
  gtUri: string | undefined;
  needsGroundTruth: boolean;
}

/** The run's window, analysis and inputs, or the run's failure. */
export function planExecution(ctx: EngineContext, monitor: BackendMonitor, schedule: BackendSchedule, scheduledTime: Date): { ok: true; plan: Plan } | { ok: false; outcome: Outcome } {
  const fail = (failureReason: string, window: TimeWindow | null = null) => ({ ok: false as const, outcome: { status: 'FAILED' as const, failureReason, window, records: 0 } });
  const w = analysisWindow(monitor, schedule, scheduledTime);
  if (!w.ok) return fail(w.error.message);
  const window = w.value;
  const analyzer = KINDS[monitor.type].execution(monitor);
  if (!analyzer.ok) return fail(analyzer.error.message, window);
  const loc = capturePrefixes(monitor, ctx.captureRoot, window);
  if (!loc.ok) return fail(loc.error.message, window);
  const gtUri = monitor.config.groundTruthS3Uri;
  const needsGroundTruth = analyzer.value.needsGroundTruth;
  const groundTruth = needsGroundTruth && gtUri ? groundTruthPrefixes(gtUri, window, scheduledTime) : [];
  const input = { store: ctx.store, captures: loc.value.prefixes, groundTruth, window, maxGroundTruth: ctx.maxGroundTruth, blockBytes: ctx.blockBytes };
  return { ok: true, plan: { window, analyzer: analyzer.value, input, where: loc.value.where, gtUri, needsGroundTruth } };
}

/**
 * How a run's captures reach its analysis: read on this worker's threads (analyzeExecution), or
 * handed to part jobs (a Split: the run goes on in their parent), or merged from the parts' results.
 */
export type CaptureReader<S extends Split = never> = (input: WindowInputs, analyzer: MonitorAnalyzer, captures: Tally, groundTruth: Tally) => Promise<JoinStats | undefined | S>;

/** `progress` hears of each phase and of what was read (default: log lines only). */
export function analyzeExecution(ctx: EngineContext, monitor: BackendMonitor, schedule: BackendSchedule, scheduledTime: Date, progress?: JobProgress): Promise<Outcome> {
  return readExecution<never>(ctx, monitor, schedule, scheduledTime, progress, (input, analyzer, captures, groundTruth) =>
    analyzeInThreads(input, analyzer, captures, groundTruth, ctx.threads, ctx.partMinPartitions));
}

/** analyzeExecution with its captures read by `read`. */
export async function readExecution<S extends Split = never>(ctx: EngineContext, monitor: BackendMonitor, schedule: BackendSchedule, scheduledTime: Date, progress: JobProgress | undefined, read: CaptureReader<S>): Promise<Outcome | S> {
  const fail = (failureReason: string, window: TimeWindow | null = null, records = 0): Outcome => ({ status: 'FAILED', failureReason, window, records });
  const planned = planExecution(ctx, monitor, schedule, scheduledTime);
  if (!planned.ok) return planned.outcome;
  const { window, analyzer, input, where, gtUri, needsGroundTruth } = planned.plan;
  const inWords = describeWindow(window);

  try {
    const job = { job: 'execution', monitorId: monitor.id, schedule: schedule.name, scheduledTime };
    const p = progress ?? new JobProgress({ log: ctx.log, fields: job, now: ctx.now });
    const tally = p.tally('READING_CAPTURES', 'captures');
    if (needsGroundTruth && !gtUri) return fail(`a ${monitor.type} monitor needs groundTruthS3Uri`, window);
    const gtTally = needsGroundTruth ? p.tally('READING_GROUND_TRUTH', 'ground truth') : undefined;
    p.partitions(input.groundTruth.length + input.captures.length);
    const join = await read(input, analyzer, tally, gtTally ?? new Tally());
    if (join && 'status' in join) return join;
    const gtBad = gtTally && tallyFailure(gtTally, 'ground truth', ctx.maxBadRecordFraction);
    if (gtBad) return fail(gtBad, window);
    if (tally.objects === 0) return fail(`no captured data in window ${inWords} under ${where} (no objects in its hour partitions yyyy/mm/dd/hh/)`, window);
    const bad = tallyFailure(tally, 'capture', ctx.maxBadRecordFraction);
    if (bad) return fail(`${bad} (window ${inWords})`, window, tally.good);

    p.enter('ANALYZING');
    const result = analyzer.finish();
    if (!result.ok) {
      if (result.error.kind !== 'EMPTY_WINDOW') return fail(formatEngineError(result.error), window, tally.good);
      const joined = join ? `; ${join.matched} of ${join.matched + join.unmatched} captures had ground truth under ${gtUri}` : '';
      return fail(`no usable records in window ${inWords} under ${where} (${tally.objects} objects, ${tally.good} records in the window${joined})`, window, tally.good);
    }

    p.enter('WRITING_REPORT');
    const prefix = reportPrefix(monitor, schedule, scheduledTime);
    await ctx.store.writeText(joinUri(prefix, result.value.file), stringifyJson(result.value.document));
    await ctx.store.writeText(joinUri(prefix, 'constraint_violations.json'), stringifyJson(result.value.violations));
    const violations = result.value.violations.violations.map(toReportViolation);
    return { status: violations.length ? 'COMPLETED_WITH_VIOLATIONS' : 'COMPLETED', reportUri: prefix, violations, window, records: tally.good };
  } catch (e) {
    if (isMissingObject(e)) return fail(`input not found for window ${inWords}: ${(e as Error).message}`, window);
    throw e;
  }
}
