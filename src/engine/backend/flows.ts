// One run over many workers: a run whose window spans at least twice ENGINE_SPLIT_MIN_PARTITIONS
// capture partitions (hours) is split into part jobs, children of a merge job (a BullMQ flow; the
// in-process queue runs the children, then the parent). Any worker runs a part (analyzePart) and
// writes its result to <reportPrefix>/parts/<index>.json, overwritten by a retry, so a retried
// part counts once. The merge job, run once every part completed, reads exactly one result per
// part, merges them (mergeParts) and finishes the run as one worker would (runs.ts: execute):
// the same execution row and the same report bytes.
import { analyzeInThreads, analyzePart, joinUri, mergeParts, readPartResult, splitUnits, type PartResult } from '@mmg/engine/io';
import { ExecutionPartJob, MergeExecutionJob } from '../../jobs/definitions.js';
import { flowJob, PermanentJobError } from '../../jobs/queue.js';
import { planExecution, type CaptureReader, type Split } from './analyze.js';
import type { EngineContext } from './context.js';
import { reportPrefix } from './layout.js';
import { execute, executionProgress, runOf } from './runs.js';
import { readSchedule } from './snapshot.js';

const partUri = (prefix: string, part: number) => joinUri(prefix, `parts/${part}.json`);

/** The partitions' contiguous groups of at least `min` each: one group (no split) under 2 × min. */
export const partsOf = (partitions: number, min: number): number[][] => splitUnits(partitions, partitions, min);

/**
 * How a run queued as job `jobId` reads its captures: on this worker's threads, or, past the bound,
 * handed to part jobs of a flow whose ids derive from `jobId` (a retried run job queues it once).
 */
export function splitting(ctx: EngineContext, scheduleRef: string, scheduledTime: Date, jobId: string): CaptureReader<Split> {
  return async (input, analyzer, captures, groundTruth) => {
    const parts = partsOf(input.captures.length, ctx.splitMinPartitions);
    if (parts.length < 2) return analyzeInThreads(input, analyzer, captures, groundTruth, ctx.threads, ctx.partMinPartitions);
    const id = `${jobId.replaceAll(':', '-')}-flow`;
    const run = { scheduleRef, scheduledTime: scheduledTime.toISOString() };
    await ctx.queue.enqueueFlow(
      flowJob(MergeExecutionJob, { ...run, parts: parts.length }, `${id}-merge`),
      parts.map((units, part) => flowJob(ExecutionPartJob, { ...run, part, units }, `${id}-part-${part}`)),
    );
    return { status: 'SPLIT', parts: parts.length };
  };
}

/** An unfinished run (IN_PROGRESS) of a schedule that still runs; null: nothing to do. */
async function unfinished(ctx: EngineContext, scheduleRef: string, scheduledTime: Date) {
  const row = await ctx.db.engineExecution.findUnique({ where: { scheduleRef_scheduledTime: { scheduleRef, scheduledTime } }, select: { status: true } });
  return row?.status === 'IN_PROGRESS' ? runOf(ctx, scheduleRef, scheduledTime) : null;
}

/** A part job: analyses its partitions and writes its result (the same file on every attempt). */
export async function runPart(ctx: EngineContext, p: { scheduleRef: string; scheduledTime: string; part: number; units: number[] }): Promise<void> {
  const scheduledTime = new Date(p.scheduledTime);
  const run = await unfinished(ctx, p.scheduleRef, scheduledTime);
  if (!run) return;
  const schedule = readSchedule(run.sched.schedule);
  const planned = planExecution(ctx, run.monitor, schedule, scheduledTime);
  if (!planned.ok) throw new PermanentJobError(`part ${p.part}: the run cannot be planned again`);
  const result = await analyzePart(planned.plan.input, p.units, planned.plan.analyzer);
  await ctx.store.writeText(partUri(reportPrefix(run.monitor, schedule, scheduledTime), p.part), JSON.stringify(result));
  ctx.log.info({ job: 'execution-part', scheduleRef: p.scheduleRef, scheduledTime, part: p.part, partitions: p.units.length, records: result.captures.good }, 'engine execution part done');
}

/** The merge job: reads the `parts` results, merges them and finishes the run. */
export async function mergeExecution(ctx: EngineContext, p: { scheduleRef: string; scheduledTime: string; parts: number }): Promise<string> {
  const scheduledTime = new Date(p.scheduledTime);
  const run = await unfinished(ctx, p.scheduleRef, scheduledTime);
  if (!run) return 'SKIPPED';
  const prefix = reportPrefix(run.monitor, readSchedule(run.sched.schedule), scheduledTime);
  return execute(ctx, run, executionProgress(ctx, run), async (_input, analyzer, captures, groundTruth) => {
    const results: PartResult[] = [];
    for (let part = 0; part < p.parts; part++) {
      const text = await ctx.store.readText(partUri(prefix, part));
      if (text === null) throw new PermanentJobError(`part ${part}: no result at ${partUri(prefix, part)}`);
      const r = readPartResult(JSON.parse(text));
      if (!r.ok) throw new PermanentJobError(`part ${part}: ${r.error.message}`);
      results.push(r.value);
    }
    const merged = mergeParts(results, analyzer, captures, groundTruth);
    if (!merged.ok) throw new PermanentJobError(merged.error.message);
    return merged.value;
  });
}
