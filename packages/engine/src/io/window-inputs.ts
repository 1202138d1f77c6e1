// A run's inputs fed to its monitor's analysis: the window's captures, joined with their ground
// truth when the type needs it (join.ts), read by capture partition (units.ts). Unreadable records
// are counted in the Tallies, never thrown.
import type { MonitorAnalyzer } from '../monitors/analyzer.js';
import { hourPartitionPrefixes, type TimeWindow } from '../parse/window.js';
import { Tally } from './inputs.js';
import type { JoinStats } from './join.js';
import type { ObjectStore } from './store.js';
import { readUnits } from './units.js';

/** SageMaker's defaults for a run: the share of unreadable records it tolerates, and the labels joined in memory. */
export const RUN_DEFAULTS = { maxBadRecordFraction: 0.01, maxGroundTruth: 1_000_000 } as const;

export interface WindowInputs {
  store: ObjectStore;
  /** The window's capture partitions. */
  captures: string[];
  /** Ground truth partitions (groundTruthPrefixes): read only when the analysis needs them. */
  groundTruth: string[];
  window: TimeWindow;
  /** Labels joined in memory; beyond, a grace hash join through scratch files. */
  maxGroundTruth: number;
  /** Bytes of a block (blocks.ts; default DEFAULT_BLOCK_BYTES). */
  blockBytes?: number | undefined;
}

/** Labels arrive after the predictions: ground truth uploaded from the window's start until the run. */
export const groundTruthPrefixes = (uri: string, w: TimeWindow, runTime: Date): string[] =>
  hourPartitionPrefixes({ prefix: uri }, { start: w.start, end: new Date(Math.max(w.end.getTime(), runTime.getTime())) });

/**
 * Feeds the window to the analysis, one capture partition at a time, merged in order; the join's
 * counts when ground truth was read, else undefined.
 */
export async function analyzeWindow(input: WindowInputs, analyzer: MonitorAnalyzer, captures: Tally, groundTruth: Tally = new Tally()): Promise<JoinStats | undefined> {
  let failed: string | undefined;
  const join = await readUnits(input, analyzer, (u) => {
    const r = analyzer.mergeState(u.state);
    if (!r.ok) failed ??= r.error.message;
  }, captures, groundTruth);
  // The states were made here by analyses of the same settings: a refusal is a programming error.
  if (failed) throw new Error(failed);
  return join;
}
