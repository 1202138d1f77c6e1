// Progress of long engine jobs: log lines (what a job has read so far, at most once
// per interval) and a progress report saved on the job's row (EngineExecution,
// EngineBaselineJob), which the backend hands to the gateway.
import type { ProgressPhase, ProgressReport } from '../../backends/progress.js';
import type { Logger } from '../../shared/logger.js';
import { Tally, type TallyObserver } from '@mmg/engine/io';

export function progressLog(log: Logger, fields: Record<string, unknown>, everyMs = 10_000): TallyObserver {
  let last = Date.now();
  return {
    opened: (tally) => {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      log.info({ ...fields, objects: tally.objects, records: tally.good, badRecords: tally.errors.total }, 'engine job progress');
    },
  };
}

/** Saves a report; may fail (the job goes on). */
export type ProgressSink = (report: ProgressReport) => Promise<unknown>;

export interface JobProgressOptions {
  log: Logger;
  /** Fields of the job's log lines. */
  fields: Record<string, unknown>;
  now: () => Date;
  /** Where reports are saved; none: log lines only. */
  sink?: ProgressSink;
  /** Reports are saved at most this often (and at each phase change). */
  everyMs?: number;
}

/**
 * One job's progress. Phase changes are saved at once (in order); counts every
 * `everyMs` by a timer, skipped while a save is still running, so a slow database
 * never queues writes. A failed save is logged and never fails the job.
 * `close()` before writing the job's final state, so no late save lands after it.
 */
export class JobProgress {
  private phase: ProgressPhase = 'LISTING';
  private partitionsDone: number | null = null;
  private partitionsTotal: number | null = null;
  private readonly tallies: Tally[] = [];
  private saving: Promise<void> = Promise.resolve();
  private inFlight = 0;
  /** The report last saved, without its time (the job's row starts with the first report). */
  private lastSaved = this.counts();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: JobProgressOptions) {
    if (o.sink) this.timer = setInterval(() => this.saveIfChanged(), o.everyMs ?? 2_000).unref();
  }

  /** The report as of now (`phase` overrides the current phase, e.g. DONE for the final one). */
  report(phase: ProgressPhase = this.phase): ProgressReport {
    return {
      phase, partitionsDone: this.partitionsDone, partitionsTotal: this.partitionsTotal,
      objectsRead: this.tallies.reduce((n, t) => n + t.objects, 0),
      recordsRead: this.tallies.reduce((n, t) => n + Math.max(0, t.good), 0),
      updatedAt: this.o.now().toISOString(),
    };
  }

  /** The partitions the job will read, when known up front (the window's hour partitions). */
  partitions(total: number): void {
    this.partitionsTotal = total;
    this.partitionsDone ??= 0;
  }

  enter(phase: ProgressPhase): void {
    if (phase === this.phase) return;
    this.phase = phase;
    this.save();
  }

  /** A Tally whose reading counts towards this job, in `phase`; `reading` names the input in log lines. */
  tally(phase: ProgressPhase, reading: string): Tally {
    const line = progressLog(this.o.log, { ...this.o.fields, reading });
    const tally = new Tally({
      opened: (t) => {
        this.enter(phase);
        line.opened?.(t);
      },
      listed: (n) => this.partitions(n),
      partitionDone: () => {
        this.enter(phase);
        this.partitionsDone = (this.partitionsDone ?? 0) + 1;
      },
    });
    this.tallies.push(tally);
    return tally;
  }

  /** Stops saving and waits for the saves under way. Idempotent. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.saving;
  }

  private counts(): string {
    return JSON.stringify([this.phase, this.partitionsDone, this.partitionsTotal, ...this.tallies.map((t) => [t.objects, t.good])]);
  }

  private saveIfChanged(): void {
    if (this.inFlight === 0 && this.counts() !== this.lastSaved) this.save();
  }

  private save(): void {
    const { sink } = this.o;
    if (!sink || !this.timer) return;
    const report = this.report();
    this.lastSaved = this.counts();
    this.inFlight++;
    this.saving = this.saving
      .then(() => sink(report))
      .then(
        () => undefined,
        (err: unknown) => this.o.log.warn({ ...this.o.fields, err, phase: report.phase }, 'engine job progress not saved; the job goes on'),
      )
      .finally(() => this.inFlight--);
  }
}
