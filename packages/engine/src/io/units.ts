// A run's captures are read in units, one per capture partition (an hour prefix), each unit in
// blocks (blocks.ts), each block into its own analysis; the states are merged in partition and block
// order. One worker does this for the whole window, and a run split into parts (threads, worker
// processes) does it for its share, so the merged report is the same bytes however the window was
// split (parts.ts). The ground truth join reads a unit as one block.
import type { MonitorAnalyzer } from '../monitors/analyzer.js';
import type { PartialState } from '../state/partial.js';
import { DEFAULT_BLOCK_BYTES, cutBlocks, type Segment } from './blocks.js';
import { CaptureBlock } from './capture-blocks.js';
import type { Tally } from './inputs.js';
import { joinCaptures, unitsOf, type JoinInput, type JoinStats } from './join.js';

export interface UnitState {
  unit: number;
  block: number;
  state: PartialState;
}

/**
 * Reads the units of `input` (all, or `input.units`), each block into an analysis spawned from
 * `template`, and hands each block's state to `done` in unit and block order, as soon as it is complete.
 */
export async function readUnits(input: JoinInput & { blockBytes?: number | undefined }, template: MonitorAnalyzer, done: (u: UnitState) => void, captures: Tally, groundTruth: Tally): Promise<JoinStats | undefined> {
  const open = new Map<number, MonitorAnalyzer>();
  const unit = (i: number): MonitorAnalyzer => {
    let a = open.get(i);
    if (!a) open.set(i, (a = template.spawn()));
    return a;
  };
  const settle = (i: number) => {
    const a = open.get(i);
    if (a) done({ unit: i, block: 0, state: a.exportState() });
    open.delete(i);
  };
  const units = unitsOf(input);
  if (!template.needsGroundTruth) {
    const blockBytes = input.blockBytes ?? DEFAULT_BLOCK_BYTES;
    for (const i of units) {
      // Each block analysed as it is read (its records counted as they go), its state handed over at its end.
      let block: CaptureBlock | undefined;
      const onSegment = (_: number, s: Segment) => (block ??= new CaptureBlock(template, input.window, captures)).segment(s);
      await cutBlocks(input.store, input.store.list(input.captures[i]!), { blockBytes, opened: () => captures.opened(), onSegment }, (b) => {
        const state = block?.state();
        block = undefined;
        if (state) done({ unit: i, block: b.block, state });
      });
      captures.partitionDone();
    }
    return undefined;
  }
  // A grace hash join meets the units in any order: they are settled at the end.
  const join = await joinCaptures(input, groundTruth, captures, (rec, label, line, i) => unit(i).add(rec, label, line));
  for (const i of [...units].sort((a, b) => a - b)) settle(i);
  return join;
}
