// The two job handlers: run one execution, compute one baseline. Both record
// their outcome in the engine's tables; re-running either is idempotent.
import type { BackendMonitor, BaselineJobRequest } from '../../backends/types.js';
import type { DatasetFormat } from '../parse/dataset.js';
import type { BaselineDocs } from './kind.js';
import { formatEngineError } from '../errors.js';
import { joinUri } from '../io/store.js';
import { analyzeExecution } from './analyze.js';
import { isMissingObject, KINDS, type EngineContext } from './context.js';
import { readDataset, Tally, tallyFailure } from './inputs.js';
import { readMonitor, readRequest, readSchedule } from './snapshot.js';

const DONE = new Set(['COMPLETED', 'COMPLETED_WITH_VIOLATIONS']);

/**
 * Runs the execution of `scheduleRef` at `scheduledTime` (one row per pair).
 * A completed run is not redone; a failed one is retried (its data may have
 * arrived since). A deleted or stopped schedule runs nothing.
 */
export async function runExecution(ctx: EngineContext, scheduleRef: string, scheduledTime: Date): Promise<string> {
  const { db } = ctx;
  const sched = await db.engineSchedule.findUnique({ where: { ref: scheduleRef } });
  if (!sched || sched.stopped) return 'SKIPPED';
  const key = { scheduleRef_scheduledTime: { scheduleRef, scheduledTime } };
  const existing = await db.engineExecution.findUnique({ where: key });
  if (existing && DONE.has(existing.status)) return existing.status;
  const monitor = readMonitor(sched.monitor);
  const schedule = readSchedule(sched.schedule);
  const startedAt = ctx.now();
  const reset = { status: 'IN_PROGRESS' as const, startedAt, endedAt: null, failureReason: null, reportUri: null, violations: [] };
  await db.engineExecution.upsert({
    where: key,
    create: { scheduleRef, scheduledTime, teamId: sched.teamId, monitorId: sched.monitorId, ...reset },
    update: reset,
  });
  let outcome;
  try {
    outcome = await analyzeExecution(ctx, monitor, schedule, scheduledTime);
  } catch (e) {
    await db.engineExecution.update({ where: key, data: { status: 'FAILED', endedAt: ctx.now(), failureReason: `engine error, the run will be retried: ${(e as Error).message}` } });
    throw e;
  }
  await db.engineExecution.update({
    where: key,
    data: {
      status: outcome.status,
      endedAt: ctx.now(),
      windowStart: outcome.window?.start ?? null,
      windowEnd: outcome.window?.end ?? null,
      recordCount: outcome.records,
      failureReason: outcome.status === 'FAILED' ? outcome.failureReason : null,
      reportUri: outcome.status === 'FAILED' ? null : outcome.reportUri,
      violations: outcome.status === 'FAILED' ? [] : outcome.violations.map((v) => ({ ...v })),
    },
  });
  return outcome.status;
}

/** Computes a baseline's documents and writes them under the job's outputUri. */
export async function runBaseline(ctx: EngineContext, jobRef: string): Promise<string> {
  const { db } = ctx;
  const job = await db.engineBaselineJob.findUnique({ where: { id: jobRef } });
  if (!job || job.status === 'COMPLETED') return job?.status ?? 'SKIPPED';
  await db.engineBaselineJob.update({ where: { id: jobRef }, data: { status: 'IN_PROGRESS', failureReason: null } });
  const r = await computeBaseline(ctx, readMonitor(job.monitor), readRequest(job.request), job.outputUri);
  await db.engineBaselineJob.update({ where: { id: jobRef }, data: r.ok ? { status: 'COMPLETED' } : { status: 'FAILED', failureReason: r.reason } });
  return r.ok ? 'COMPLETED' : 'FAILED';
}

/** The baseline computation itself (no database): reads the dataset, writes statistics.json + constraints.json. */
export async function computeBaseline(ctx: EngineContext, monitor: BackendMonitor, request: BaselineJobRequest, outputUri: string): Promise<{ ok: true; docs: BaselineDocs } | { ok: false; reason: string }> {
  const fail = (reason: string) => ({ ok: false as const, reason });
  const f = request.datasetFormat;
  if (f.parquet) return fail('Parquet baseline datasets are not supported by the built-in engine: provide CSV or JSON Lines');
  const format: DatasetFormat = f.jsonLines
    ? { format: 'jsonl' }
    : { format: 'csv', header: f.csvHeader ?? false, ...(request.columnNames ? { columnNames: request.columnNames } : {}) };
  const analyzer = KINDS[monitor.type].baseline(monitor, request);
  if (!analyzer.ok) return fail(analyzer.error.message);
  const tally = new Tally();
  let columns;
  try {
    columns = await readDataset(ctx.store, request.datasetUri, format, tally, (row, line) => analyzer.value.add(row, line));
  } catch (e) {
    if (isMissingObject(e)) return fail(`baseline dataset not found: ${request.datasetUri}`);
    throw e;
  }
  if (tally.objects === 0) return fail(`baseline dataset not found: no objects under ${request.datasetUri}`);
  const bad = tallyFailure(tally, 'dataset', ctx.maxBadRecordFraction);
  if (bad) return fail(`${bad} in ${request.datasetUri}`);
  const docs = analyzer.value.finish(columns);
  if (!docs.ok) return fail(docs.error.kind === 'EMPTY_WINDOW' ? `baseline dataset ${request.datasetUri} has no rows` : formatEngineError(docs.error));
  await ctx.store.writeText(joinUri(outputUri, 'statistics.json'), JSON.stringify(docs.value.statistics));
  await ctx.store.writeText(joinUri(outputUri, 'constraints.json'), JSON.stringify(docs.value.constraints));
  return { ok: true, docs: docs.value };
}
