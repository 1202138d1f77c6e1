/**
 * The execution engine: as the clock moves, schedules fire, executions go
 * Pending → InProgress → Completed | CompletedWithViolations | Failed and write their reports.
 * All times are derived from the clock, so a test drives everything with ManualClock.advance + tick().
 */
import { createHash } from 'node:crypto';
import type { Context } from './context.js';
import { violationCountOf, type ExecutionOutcome, type ProcessingJobOutcome, type Violation } from './fixtures.js';
import { fireTimes } from './schedules.js';
import { parseS3Uri } from './s3.js';
import type { ExecutionRecord, JobDefinitionRecord, ProcessingJobRecord, ScheduleRecord } from './state.js';
import { asObj, asStr, prefixOf } from './validation.js';

const MAX_START_DELAY_MS = 20 * 60_000;
const pad = (n: number): string => String(n).padStart(2, '0');

export function endpointNameOf(jd: JobDefinitionRecord): string | undefined {
  const input = jd.inline
    ? asObj((jd.body['MonitoringInputs'] as unknown[] | undefined)?.[0])
    : asObj(jd.body[`${prefixOf(jd.type)}JobInput`]);
  return asStr(asObj(input?.['EndpointInput'])?.['EndpointName']);
}

export function outputUriOf(jd: JobDefinitionRecord): string | undefined {
  const config = asObj(jd.body[jd.inline ? 'MonitoringOutputConfig' : `${prefixOf(jd.type)}JobOutputConfig`]);
  const first = asObj((config?.['MonitoringOutputs'] as unknown[] | undefined)?.[0]);
  return asStr(asObj(first?.['S3Output'])?.['S3Uri']);
}

export function reportUri(jd: JobDefinitionRecord, scheduleName: string, scheduled: Date): string {
  const base = (outputUriOf(jd) ?? '').replace(/\/+$/, '');
  const d = scheduled;
  return `${base}/${endpointNameOf(jd) ?? 'batch'}/${scheduleName}/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}`;
}

export class ExecutionEngine {
  private running: Promise<void> = Promise.resolve();
  /** Executions not created because the previous run of the schedule was still going. */
  skipped = 0;

  constructor(private readonly ctx: Context) {}

  /** Processes everything due up to clock.now(); calls are serialized. */
  tick(): Promise<void> {
    const next = this.running.then(() => this.process());
    this.running = next.catch(() => undefined);
    return next;
  }

  private async process(): Promise<void> {
    const now = this.ctx.clock.now();
    for (const schedule of this.ctx.state.schedules.values()) {
      if (schedule.status === 'Pending' && schedule.activateAt <= now) {
        schedule.status = 'Scheduled';
        schedule.lastModifiedTime = schedule.activateAt;
      }
      if (schedule.status === 'Scheduled') this.fire(schedule, now);
      else if (schedule.status === 'Stopped') schedule.cursor = now;
    }
    const due = this.ctx.state.executions.filter((e) => !e.finalized).sort((a, b) => a.endTime.getTime() - b.endTime.getTime() || a.id - b.id);
    for (const execution of due) {
      if (execution.status === 'Pending' && execution.startTime <= now) {
        execution.status = 'InProgress';
        execution.lastModifiedTime = execution.startTime;
      }
    }
    // Runs end in time order, executions and processing jobs alike: a baseline written at 00:05
    // is there for the execution ending at 01:10, however far the clock jumped at once.
    const ending = [
      ...due.filter((e) => e.endTime <= now).map((e) => ({ at: e.endTime, end: () => this.finish(e) })),
      ...[...this.ctx.state.processingJobs.values()]
        .filter((j) => j.status === 'InProgress' && j.completeAt <= now)
        .map((j) => ({ at: j.completeAt, end: () => this.finishProcessingJob(j) })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const run of ending) await run.end();
  }

  private fire(schedule: ScheduleRecord, now: Date): void {
    const times: Date[] = [];
    if (schedule.cadence.kind === 'now') {
      if (!schedule.ranOnce) times.push(schedule.activateAt);
      schedule.ranOnce = true;
    } else {
      times.push(...fireTimes(schedule.cadence, schedule.cursor, now));
    }
    schedule.cursor = now;
    for (const t of times) {
      const previous = this.ctx.state.executions.filter((e) => e.scheduleName === schedule.name && e.scheduleArn === schedule.arn).at(-1);
      // A run must finish before the next starts: SageMaker skips the overlapping run.
      if (previous && previous.endTime > t) {
        this.skipped += 1;
        continue;
      }
      this.create(schedule, t);
    }
  }

  private create(schedule: ScheduleRecord, scheduled: Date): void {
    const { state, options } = this.ctx;
    const jd = schedule.jobDefinitionName
      ? state.jobDefinitions.get(schedule.jobDefinitionName)
      : inlineJobDefinition(schedule);
    if (!jd) return;
    const delay = Math.max(0, Math.min(MAX_START_DELAY_MS, options.startDelayMs(schedule.name, scheduled)));
    const start = new Date(scheduled.getTime() + delay);
    const maxRuntime = asObj(jd.body['StoppingCondition'])?.['MaxRuntimeInSeconds'];
    const limitMs = typeof maxRuntime === 'number' ? maxRuntime * 1000 : Infinity;
    const runMs = Math.min(options.executionRunMs, limitMs);
    const d = scheduled;
    const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
    const hash = createHash('sha1').update(`${schedule.arn}|${d.toISOString()}`).digest('hex').slice(0, 8);
    const jobName = `model-monitoring-${stamp}-${hash}`;
    const record: ExecutionRecord = {
      id: state.nextExecutionId++,
      scheduleName: schedule.name,
      scheduleArn: schedule.arn,
      type: schedule.type,
      jobDefinition: jd,
      ...(schedule.jobDefinitionName ? { jobDefinitionName: schedule.jobDefinitionName } : {}),
      ...(schedule.endpointName ? { endpointName: schedule.endpointName } : {}),
      scheduleConfig: asObj(schedule.config['ScheduleConfig']) ?? {},
      scheduledTime: scheduled,
      creationTime: scheduled,
      lastModifiedTime: scheduled,
      startTime: start,
      endTime: new Date(start.getTime() + runMs),
      status: 'Pending',
      timedOut: runMs < options.executionRunMs,
      processingJobName: jobName,
      processingJobArn: state.arn('processing-job', jobName),
      reportUri: reportUri(jd, schedule.name, scheduled),
      finalized: false,
    };
    state.executions.push(record);
  }

  private async finish(execution: ExecutionRecord): Promise<void> {
    const outcome = execution.timedOut
      ? { status: 'Failed' as const, failureReason: 'InternalServerError: Job exceeded MaxRuntimeInSeconds' }
      : await this.outcomeFor(execution);
    const violations: Violation[] = outcome.violations ?? [];
    const count = violationCountOf(outcome) ?? violations.length;
    const status = outcome.status ?? (count > 0 ? 'CompletedWithViolations' : 'Completed');
    execution.status = status;
    execution.lastModifiedTime = execution.endTime;
    execution.finalized = true;
    if (status === 'Failed') {
      execution.failureReason = outcome.failureReason ?? 'AlgorithmError: the monitoring job failed';
      return;
    }
    execution.violationCount = count;
    if (!execution.reportUri.startsWith('s3://')) return;
    const { bucket, key } = parseS3Uri(execution.reportUri);
    this.ctx.s3.put(bucket, `${key}/constraint_violations.json`, JSON.stringify({ violations }, null, 2), 'application/json');
    if (outcome.statistics !== undefined)
      this.ctx.s3.put(bucket, `${key}/statistics.json`, JSON.stringify(outcome.statistics, null, 2), 'application/json');
    for (const [file, content] of Object.entries(outcome.files ?? {})) {
      this.ctx.s3.put(bucket, `${key}/${file}`, typeof content === 'string' ? content : JSON.stringify(content, null, 2), 'application/json');
    }
  }

  /** Fixture (queued, then default) wins; else the report producer; else an empty violation list. */
  private async outcomeFor(execution: ExecutionRecord): Promise<ExecutionOutcome> {
    const fixture = this.ctx.fixtures.takeOutcome(execution.scheduleName);
    if (fixture) return fixture;
    const producer = this.ctx.options.reportProducer;
    if (!producer) return { violations: [] };
    try {
      return await producer(execution, execution.jobDefinition);
    } catch (err) {
      return { status: 'Failed', failureReason: `AlgorithmError: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  private async produceBaseline(job: ProcessingJobRecord): Promise<ProcessingJobOutcome | undefined> {
    const producer = this.ctx.options.baselineProducer;
    if (!producer) return undefined;
    try {
      return await producer(job);
    } catch (err) {
      return { status: 'Failed', failureReason: `AlgorithmError: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** Outputs: the fixture; else the baseline producer's (reports: 'engine'); else none. */
  private async finishProcessingJob(job: ProcessingJobRecord): Promise<void> {
    const outcome = this.ctx.fixtures.processingJobOutcome(job.name) ?? (await this.produceBaseline(job)) ?? {};
    if (job.status !== 'InProgress') return; // stopped while it ran
    job.endTime = job.completeAt;
    job.lastModifiedTime = job.completeAt;
    if (outcome.status === 'Failed') {
      job.status = 'Failed';
      job.failureReason = outcome.failureReason ?? 'AlgorithmError: the processing job failed';
      job.exitMessage = job.failureReason;
      return;
    }
    job.status = 'Completed';
    job.exitMessage = 'Completed: Job completed successfully';
    const outputs = asObj(job.body['ProcessingOutputConfig'])?.['Outputs'];
    const first = asObj(asObj((outputs as unknown[] | undefined)?.[0])?.['S3Output']);
    const uri = asStr(first?.['S3Uri']);
    if (!uri?.startsWith('s3://') || !outcome.outputs) return;
    const { bucket, key } = parseS3Uri(uri.replace(/\/+$/, ''));
    for (const [path, content] of Object.entries(outcome.outputs)) {
      const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
      this.ctx.s3.put(bucket, key ? `${key}/${path}` : path, text, 'application/json');
    }
  }
}

/** A schedule's inline MonitoringJobDefinition seen as a (data quality) job definition. */
export function inlineJobDefinition(schedule: ScheduleRecord): JobDefinitionRecord | undefined {
  const body = asObj(schedule.config['MonitoringJobDefinition']);
  if (!body) return undefined;
  return { type: schedule.type, name: `${schedule.name}-inline`, arn: schedule.arn, creationTime: schedule.creationTime, body, inline: true };
}
