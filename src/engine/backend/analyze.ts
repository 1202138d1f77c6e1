// One execution's computation: window → inputs → analyzer → reports in the store.
// Returns a terminal outcome; throws only on infrastructure errors (the queue retries).
import { formatEngineError, stringifyJson, type TimeWindow } from '@mmg/engine';
import { analyzeInThreads, groundTruthPrefixes, joinUri, Tally, tallyFailure } from '@mmg/engine/io';
import type { BackendMonitor, BackendSchedule, ReportViolation } from '../../backends/types.js';
import { toReportViolation } from '../../backends/violations.js';
import { KINDS, isMissingObject, type EngineContext } from './context.js';
import { analysisWindow, capturePrefixes, describeWindow, reportPrefix } from './layout.js';
import { JobProgress } from './progress.js';

export type Outcome =
  | { status: 'FAILED'; failureReason: string; window: TimeWindow | null; records: number }
  | { status: 'COMPLETED' | 'COMPLETED_WITH_VIOLATIONS'; reportUri: string; violations: ReportViolation[]; window: TimeWindow; records: number };

/** `progress` hears of each phase and of what was read (default: log lines only). */
export async function analyzeExecution(ctx: EngineContext, monitor: BackendMonitor, schedule: BackendSchedule, scheduledTime: Date, progress?: JobProgress): Promise<Outcome> {
  const fail = (failureReason: string, window: TimeWindow | null = null, records = 0): Outcome => ({ status: 'FAILED', failureReason, window, records });
  const w = analysisWindow(monitor, schedule, scheduledTime);
  if (!w.ok) return fail(w.error.message);
  const window = w.value;
  const inWords = describeWindow(window);
  const analyzer = KINDS[monitor.type].execution(monitor);
  if (!analyzer.ok) return fail(analyzer.error.message, window);
  const loc = capturePrefixes(monitor, ctx.captureRoot, window);
  if (!loc.ok) return fail(loc.error.message, window);

  try {
    const job = { job: 'execution', monitorId: monitor.id, schedule: schedule.name, scheduledTime };
    const p = progress ?? new JobProgress({ log: ctx.log, fields: job, now: ctx.now });
    const tally = p.tally('READING_CAPTURES', 'captures');
    const gtUri = monitor.config.groundTruthS3Uri;
    const needsGroundTruth = analyzer.value.needsGroundTruth;
    if (needsGroundTruth && !gtUri) return fail(`a ${monitor.type} monitor needs groundTruthS3Uri`, window);
    const groundTruth = needsGroundTruth && gtUri ? groundTruthPrefixes(gtUri, window, scheduledTime) : [];
    const gtTally = needsGroundTruth ? p.tally('READING_GROUND_TRUTH', 'ground truth') : undefined;
    const input = { store: ctx.store, captures: loc.value.prefixes, groundTruth, window, maxGroundTruth: ctx.maxGroundTruth };
    p.partitions(groundTruth.length + input.captures.length);
    const join = await analyzeInThreads(input, analyzer.value, tally, gtTally ?? new Tally(), ctx.threads, ctx.partMinPartitions);
    const gtBad = gtTally && tallyFailure(gtTally, 'ground truth', ctx.maxBadRecordFraction);
    if (gtBad) return fail(gtBad, window);
    if (tally.objects === 0) return fail(`no captured data in window ${inWords} under ${loc.value.where} (no objects in its hour partitions yyyy/mm/dd/hh/)`, window);
    const bad = tallyFailure(tally, 'capture', ctx.maxBadRecordFraction);
    if (bad) return fail(`${bad} (window ${inWords})`, window, tally.good);

    p.enter('ANALYZING');
    const result = analyzer.value.finish();
    if (!result.ok) {
      if (result.error.kind !== 'EMPTY_WINDOW') return fail(formatEngineError(result.error), window, tally.good);
      const joined = join ? `; ${join.matched} of ${join.matched + join.unmatched} captures had ground truth under ${gtUri}` : '';
      return fail(`no usable records in window ${inWords} under ${loc.value.where} (${tally.objects} objects, ${tally.good} records in the window${joined})`, window, tally.good);
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
