// The two job handlers: run one execution, compute one baseline. Both record
// their outcome in the engine's tables; re-running either is idempotent.
import { formatEngineError, stringifyJson, type DatasetFormat } from '@mmg/engine';
import { joinUri, readBaselineDataset, tallyFailure } from '@mmg/engine/io';
import type { BackendMonitor, BaselineJobRequest } from '../../backends/types.js';
import type { EngineSchedule } from '../../generated/prisma/client.js';
import { RunExecutionJob } from '../../jobs/definitions.js';
import type { BaselineDocs } from './kind.js';
import { analyzeExecution, readExecution, type CaptureReader, type Split } from './analyze.js';
import { isMissingObject, KINDS, type EngineContext } from './context.js';
import { reportFiles } from './layout.js';
import { withBaselineHeaders } from './analysis-config.js';
import { JobProgress } from './progress.js';
import { readMonitor, readRequest, readSchedule } from './snapshot.js';

const DONE = new Set(['COMPLETED', 'COMPLETED_WITH_VIOLATIONS']);

/**
 * Runs the execution of `scheduleRef` at `scheduledTime` (one row per pair).
 * A completed run is not redone; a failed one is retried (its data may have
 * arrived since). A deleted or stopped schedule runs nothing. A run of a monitor
 * whose baseline is still being computed waits for it (PENDING, queued again).
 * `read`: how its captures are read (default: on this worker's threads); a run it
 * hands to part jobs (flows.ts) stays IN_PROGRESS and returns 'SPLIT'.
 */
export async function runExecution(ctx: EngineContext, scheduleRef: string, scheduledTime: Date, read?: CaptureReader<Split>): Promise<string> {
  const { db } = ctx;
  const run = await runOf(ctx, scheduleRef, scheduledTime);
  if (!run) return 'SKIPPED';
  const { sched, monitor } = run;
  const key = { scheduleRef_scheduledTime: { scheduleRef, scheduledTime } };
  const existing = await db.engineExecution.findUnique({ where: key });
  if (existing && DONE.has(existing.status)) return existing.status;
  if (!monitor.baseline && (await baselineComing(ctx, sched.monitorId, scheduledTime))) {
    await waitForBaseline(ctx, sched, scheduledTime);
    return 'PENDING';
  }
  const progress = executionProgress(ctx, run);
  const reset = { status: 'IN_PROGRESS' as const, startedAt: ctx.now(), endedAt: null, failureReason: null, reportUri: null, violations: [], progress: progress.report() };
  await db.engineExecution.upsert({
    where: key,
    create: { scheduleRef, scheduledTime, teamId: sched.teamId, monitorId: sched.monitorId, ...reset },
    update: reset,
  });
  return execute(ctx, run, progress, read);
}

/** The fields of a run's log lines, and its progress saved to its row while the run is IN_PROGRESS. */
export function executionProgress(ctx: EngineContext, run: RunOf): JobProgress {
  const { scheduleRef, scheduledTime } = fieldsOf(run);
  // Saved only while the run is IN_PROGRESS: a late save never overwrites a final state.
  return new JobProgress({
    log: ctx.log, fields: fieldsOf(run), now: ctx.now, everyMs: ctx.progressEveryMs,
    sink: (p) => ctx.db.engineExecution.updateMany({ where: { scheduleRef, scheduledTime, status: 'IN_PROGRESS' }, data: { progress: p } }),
  });
}

/** A run's schedule row and its monitor as it runs (the baseline's headers added). */
export interface RunOf {
  sched: EngineSchedule;
  monitor: BackendMonitor;
  scheduledTime: Date;
}

const fieldsOf = ({ sched, monitor, scheduledTime }: RunOf) => ({ job: 'execution', scheduleRef: sched.ref, monitorId: sched.monitorId, type: monitor.type, scheduledTime });

export async function runOf(ctx: EngineContext, scheduleRef: string, scheduledTime: Date): Promise<RunOf | null> {
  const sched = await ctx.db.engineSchedule.findUnique({ where: { ref: scheduleRef } });
  if (!sched || sched.stopped) return null;
  return { sched, monitor: await withBaselineHeaders(ctx, readMonitor(sched.monitor)), scheduledTime };
}

/** Analyses an IN_PROGRESS run and records its outcome (unless it was split: its parent job goes on). */
export async function execute(ctx: EngineContext, run: RunOf, progress: JobProgress, read?: CaptureReader<Split>): Promise<string> {
  const { sched, monitor, scheduledTime } = run;
  const job = fieldsOf(run);
  const { scheduleRef } = job;
  const began = Date.now();
  ctx.log.info(job, 'engine execution started');
  let outcome;
  try {
    outcome = await (read ? readExecution(ctx, monitor, readSchedule(sched.schedule), scheduledTime, progress, read) : analyzeExecution(ctx, monitor, readSchedule(sched.schedule), scheduledTime, progress));
    await progress.close();
  } catch (e) {
    // The row stays IN_PROGRESS with its last report (how far the run got) while the queue
    // retries; the last attempt's failure is recorded by failExecution (failures.ts).
    await progress.close();
    ctx.log.warn({ ...job, err: e, ms: Date.now() - began }, 'engine execution attempt failed');
    throw e;
  }
  if (outcome.status === 'SPLIT') {
    ctx.log.info({ ...job, parts: outcome.parts }, 'engine execution split into parts');
    return outcome.status;
  }
  await ctx.db.engineExecution.update({
    where: { scheduleRef_scheduledTime: { scheduleRef, scheduledTime } },
    data: {
      status: outcome.status,
      endedAt: ctx.now(),
      windowStart: outcome.window?.start ?? null,
      windowEnd: outcome.window?.end ?? null,
      recordCount: outcome.records,
      failureReason: outcome.status === 'FAILED' ? outcome.failureReason : null,
      reportUri: outcome.status === 'FAILED' ? null : outcome.reportUri,
      violations: outcome.status === 'FAILED' ? [] : outcome.violations.map((v) => ({ ...v })),
      progress: progress.report('DONE'),
    },
  });
  ctx.log.info({
    ...job, status: outcome.status, records: outcome.records, ms: Date.now() - began,
    ...(outcome.status === 'FAILED' ? { failureReason: outcome.failureReason } : { violations: outcome.violations.length }),
  }, 'engine execution finished');
  return outcome.status;
}

/**
 * A baseline of the monitor is being computed, or is computed and about to be put in force
 * by the gateway's sync, and the run has not waited `baselineWaitMs` yet.
 */
async function baselineComing(ctx: EngineContext, monitorId: string, scheduledTime: Date): Promise<boolean> {
  if (ctx.now().getTime() - scheduledTime.getTime() > ctx.baselineWaitMs) return false;
  const job = await ctx.db.engineBaselineJob.findFirst({ where: { monitorId, status: { in: ['PENDING', 'IN_PROGRESS', 'COMPLETED'] } }, select: { id: true } });
  return job !== null;
}

/** The run stays PENDING and is queued again: it starts once the baseline is in force. */
async function waitForBaseline(ctx: EngineContext, sched: EngineSchedule, scheduledTime: Date): Promise<void> {
  const { ref: scheduleRef, teamId, monitorId } = sched;
  await ctx.db.engineExecution.upsert({
    where: { scheduleRef_scheduledTime: { scheduleRef, scheduledTime } },
    create: { scheduleRef, scheduledTime, teamId, monitorId, status: 'PENDING' },
    update: { status: 'PENDING', failureReason: null },
  });
  const at = ctx.now().getTime();
  await ctx.queue.enqueue(RunExecutionJob, { scheduleRef, scheduledTime: scheduledTime.toISOString() }, { jobId: `${scheduleRef}-${scheduledTime.getTime()}-wait-${at}`, delayMs: ctx.baselineWaitPollMs });
  ctx.log.info({ job: 'execution', scheduleRef, monitorId, scheduledTime }, 'engine execution waits for the monitor\'s baseline');
}

/** Computes a baseline's documents and writes them under the job's outputUri. */
export async function runBaseline(ctx: EngineContext, jobRef: string): Promise<string> {
  const { db } = ctx;
  const job = await db.engineBaselineJob.findUnique({ where: { id: jobRef } });
  if (!job || job.status === 'COMPLETED') return job?.status ?? 'SKIPPED';
  const request = readRequest(job.request);
  const fields = { job: 'baseline', jobRef, monitorId: job.monitorId, datasetUri: request.datasetUri };
  const progress = new JobProgress({
    log: ctx.log, fields, now: ctx.now, everyMs: ctx.progressEveryMs,
    sink: (p) => db.engineBaselineJob.updateMany({ where: { id: jobRef, status: 'IN_PROGRESS' }, data: { progress: p } }),
  });
  await db.engineBaselineJob.update({ where: { id: jobRef }, data: { status: 'IN_PROGRESS', failureReason: null, progress: progress.report() } });
  const began = Date.now();
  ctx.log.info(fields, 'engine baseline started');
  let r;
  try {
    r = await computeBaseline(ctx, readMonitor(job.monitor), request, job.outputUri, progress);
  } catch (e) {
    // Stays IN_PROGRESS while the queue retries; failBaseline (failures.ts) records the last failure.
    ctx.log.warn({ ...fields, err: e, ms: Date.now() - began }, 'engine baseline attempt failed');
    throw e;
  } finally {
    await progress.close();
  }
  const done = progress.report('DONE');
  await db.engineBaselineJob.update({ where: { id: jobRef }, data: r.ok ? { status: 'COMPLETED', progress: done } : { status: 'FAILED', failureReason: r.reason, progress: done } });
  ctx.log.info({ ...fields, status: r.ok ? 'COMPLETED' : 'FAILED', ms: Date.now() - began, ...(r.ok ? {} : { failureReason: r.reason }) }, 'engine baseline finished');
  return r.ok ? 'COMPLETED' : 'FAILED';
}

/**
 * The baseline computation itself (no database): reads the dataset, writes the baseline's
 * documents (reportFiles). `progress` hears of each phase and of what was read (default: log lines only).
 */
export async function computeBaseline(ctx: EngineContext, monitor: BackendMonitor, request: BaselineJobRequest, outputUri: string, progress?: JobProgress): Promise<{ ok: true; docs: BaselineDocs } | { ok: false; reason: string }> {
  const fail = (reason: string) => ({ ok: false as const, reason });
  const f = request.datasetFormat;
  if (f.parquet) return fail('Parquet baseline datasets are not supported by the built-in engine: provide CSV or JSON Lines');
  const format: DatasetFormat = f.jsonLines
    ? { format: 'jsonl' }
    : { format: 'csv', header: f.csvHeader ?? false, ...(request.columnNames ? { columnNames: request.columnNames } : {}) };
  const analyzer = KINDS[monitor.type].baseline(monitor, request);
  if (!analyzer.ok) return fail(analyzer.error.message);
  const p = progress ?? new JobProgress({ log: ctx.log, fields: { job: 'baseline', datasetUri: request.datasetUri }, now: ctx.now });
  const tally = p.tally('READING_DATASET', 'dataset');
  let columns;
  try {
    columns = await readBaselineDataset(ctx.store, request.datasetUri, format, tally, analyzer.value, { blockBytes: ctx.blockBytes, threads: ctx.threads });
  } catch (e) {
    if (isMissingObject(e)) return fail(`baseline dataset not found: ${request.datasetUri}`);
    throw e;
  }
  if (tally.objects === 0) return fail(`baseline dataset not found: no objects under ${request.datasetUri}`);
  const bad = tallyFailure(tally, 'dataset', ctx.maxBadRecordFraction);
  if (bad) return fail(`${bad} in ${request.datasetUri}`);
  p.enter('ANALYZING');
  const docs = analyzer.value.finish(columns);
  if (!docs.ok) return fail(docs.error.kind === 'EMPTY_WINDOW' ? `baseline dataset ${request.datasetUri} has no rows` : formatEngineError(docs.error));
  p.enter('WRITING_REPORT');
  const files = reportFiles(monitor.type);
  await ctx.store.writeText(joinUri(outputUri, files.statistics), stringifyJson(docs.value.statistics));
  if (files.constraints !== files.statistics) await ctx.store.writeText(joinUri(outputUri, files.constraints), stringifyJson(docs.value.constraints));
  for (const [name, doc] of Object.entries(docs.value.files ?? {})) await ctx.store.writeText(joinUri(outputUri, name), stringifyJson(doc));
  return { ok: true, docs: docs.value };
}
