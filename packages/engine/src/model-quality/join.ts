// Joining captured predictions with ground truth.
//
// Key: the capture's inferenceId if set, else its eventId; the ground truth's
// eventMetadata.eventId (SageMaker's convention).
//
// Bounded memory: `GroundTruthIndex` holds at most `maxEntries` labels and
// reports overflow instead of growing. For windows larger than that, the caller
// hash-partitions BOTH streams with `partitionOf(key, P)` (P chosen so one
// partition of ground truth fits, e.g. P = ceil(groundTruthCount / maxEntries)),
// writes each partition to scratch storage, then for each partition p builds an
// index from ground-truth partition p and streams capture partition p through
// it, feeding one model-quality accumulator (accumulators merge, so partitions
// can also run in parallel). A grace hash join: every key meets its match in
// exactly one partition.
import { joinKeyOf, type CaptureRecord } from '../parse/capture.js';
import type { GroundTruthRecord } from '../parse/ground-truth.js';
import type { Value } from '../parse/values.js';
import { hash32 } from '../sketch/distinct.js';

export const partitionOf = (key: string, partitions: number): number => hash32(key) % partitions;

export interface JoinStats {
  groundTruth: number;
  duplicateGroundTruth: number;
  matched: number;
  /** Predictions without ground truth (ground truth not yet arrived, or wrong ids). */
  unmatched: number;
}

export class GroundTruthIndex {
  private readonly labels = new Map<string, Value>();
  readonly stats: JoinStats = { groundTruth: 0, duplicateGroundTruth: 0, matched: 0, unmatched: 0 };

  constructor(readonly maxEntries = 1_000_000) {}

  /** Adds a label; false (and nothing stored) once the index is full. A duplicate id keeps the latest label. */
  add(gt: GroundTruthRecord): boolean {
    if (this.labels.has(gt.eventId)) {
      this.stats.duplicateGroundTruth++;
      this.labels.set(gt.eventId, gt.label);
      return true;
    }
    if (this.labels.size >= this.maxEntries) return false;
    this.labels.set(gt.eventId, gt.label);
    this.stats.groundTruth++;
    return true;
  }

  get size(): number {
    return this.labels.size;
  }

  /** The ground-truth label for a capture, or undefined (counted as unmatched). */
  match(capture: CaptureRecord): Value | undefined {
    const label = this.labels.get(joinKeyOf(capture));
    if (label === undefined) this.stats.unmatched++;
    else this.stats.matched++;
    return label;
  }
}
