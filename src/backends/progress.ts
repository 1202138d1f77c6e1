// Progress of a long backend job (an execution or a baseline job), as a backend
// reports it and the gateway stores it (a JSON column): one schema for both sides.
import { z } from 'zod';

export const PROGRESS_PHASES = ['LISTING', 'READING_CAPTURES', 'READING_GROUND_TRUTH', 'READING_DATASET', 'ANALYZING', 'WRITING_REPORT', 'DONE'] as const;

const count = z.number().int().nonnegative();

export const ProgressReportSchema = z.object({
  phase: z.enum(PROGRESS_PHASES),
  /** Hour partitions of the window (executions) or objects of the dataset (baselines) read to their end. */
  partitionsDone: count.nullable(),
  /** Known up front; null when the job has not listed them yet. */
  partitionsTotal: count.nullable(),
  objectsRead: count,
  /** Readable records read so far, all inputs together (captures and ground truth). */
  recordsRead: count,
  /** ISO-8601, when the job last wrote this. */
  updatedAt: z.iso.datetime({ offset: true }),
});

export type ProgressReport = z.infer<typeof ProgressReportSchema>;
export type ProgressPhase = ProgressReport['phase'];

/** partitionsDone / partitionsTotal, when both are known (and the total is not 0). */
export function progressFraction(p: ProgressReport): number | null {
  if (p.partitionsDone === null || p.partitionsTotal === null || p.partitionsTotal === 0) return null;
  return Math.min(1, p.partitionsDone / p.partitionsTotal);
}
