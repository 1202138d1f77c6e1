// What the engine's jobs and backend share.
import { availableParallelism } from 'node:os';
import { DEFAULT_BLOCK_BYTES, RUN_DEFAULTS, type ObjectStore } from '@mmg/engine/io';
import type { Db } from '../../db/client.js';
import type { JobQueue } from '../../jobs/queue.js';
import { dataQuality } from './data-quality.js';
import { modelQuality } from './model-quality.js';
import { modelBias } from './bias.js';
import { modelExplainability } from './explainability.js';
import type { MonitorKind } from './kind.js';
import type { MonitorType } from '../../kernel/monitor-config.js';
import { logger, type Logger } from '../../shared/logger.js';

export interface EngineOptions {
  /** Data capture destination of endpoint monitors (see layout.ts), e.g. s3://capture-bucket/datacapture. */
  captureRoot?: string;
  /** Share of unreadable records a run tolerates before failing (default 0.01). */
  maxBadRecordFraction?: number;
  /** Ground-truth labels joined in memory (default 1,000,000); beyond, a grace hash join through scratch files. */
  maxGroundTruth?: number;
  now?: () => Date;
  /** Where jobs log their start, progress and end (default: the process logger). */
  log?: Logger;
  /** A running job saves its progress report at most this often, besides each phase change (default 2,000 ms). */
  progressEveryMs?: number;
  /** How long after its scheduled time a run may wait for a baseline being computed (default 1 hour). */
  baselineWaitMs?: number;
  /** How often a waiting run looks again (default 5,000 ms). */
  baselineWaitPollMs?: number;
  /** Worker threads one run's capture partitions are analysed on (default: the machine's cores). */
  threads?: number;
  /** Bytes of a block of a partition or dataset (io/blocks.ts; default 12 MiB). */
  blockBytes?: number;
  /** The fewest capture partitions one thread of a run with ground truth is given (default 1). */
  partMinPartitions?: number;
  /** A run of at least twice this many capture partitions is split into part jobs of at least this many (flows.ts; default 24). */
  splitMinPartitions?: number;
}

export interface EngineContext extends Required<Omit<EngineOptions, 'captureRoot'>> {
  db: Db;
  store: ObjectStore;
  queue: JobQueue;
  captureRoot: string | undefined;
}

export function engineContext(db: Db, store: ObjectStore, queue: JobQueue, o: EngineOptions = {}): EngineContext {
  return {
    db, store, queue,
    captureRoot: o.captureRoot,
    maxBadRecordFraction: o.maxBadRecordFraction ?? RUN_DEFAULTS.maxBadRecordFraction,
    maxGroundTruth: o.maxGroundTruth ?? RUN_DEFAULTS.maxGroundTruth,
    now: o.now ?? (() => new Date()),
    log: o.log ?? logger(),
    progressEveryMs: o.progressEveryMs ?? 2_000,
    baselineWaitMs: o.baselineWaitMs ?? 3_600_000,
    baselineWaitPollMs: o.baselineWaitPollMs ?? 5_000,
    threads: o.threads ?? availableParallelism(),
    blockBytes: o.blockBytes ?? DEFAULT_BLOCK_BYTES,
    partMinPartitions: o.partMinPartitions ?? 1,
    splitMinPartitions: o.splitMinPartitions ?? 24,
  };
}

export const KINDS: Record<MonitorType, MonitorKind> = {
  DATA_QUALITY: dataQuality,
  MODEL_QUALITY: modelQuality,
  MODEL_BIAS: modelBias,
  MODEL_EXPLAINABILITY: modelExplainability,
};

/** A missing input object is the user's data problem, not an engine fault. */
export const isMissingObject = (e: unknown): boolean =>
  (e as { name?: string }).name === 'NoSuchKey' || (e as { name?: string }).name === 'NoSuchBucket' || (e as NodeJS.ErrnoException).code === 'ENOENT';
