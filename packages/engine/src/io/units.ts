// A run's captures are read in units, one per capture partition (an hour prefix), each unit in
// blocks (blocks.ts), each block into its own analysis. A unit's block states are folded in block
// order into the unit's state (UnitFold), and the run merges the unit states in partition order.
// One worker does this for the whole window, and a run split into parts (threads, worker processes)
// does it for its share, so the merged report is the same bytes however the window was split
// (parts.ts), and a split run's merge reads one state an hour, not one a block. The ground truth
// join reads a unit as one block.
import { valueOrThrow } from '../errors.js';
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
 * Folds each unit's block states, in block order, into one state of the unit, handed to `done` when
 * the next unit begins or at `settle`. A unit of one block hands that block's state on as it is
 * (folding one state into a fresh analysis adopts it unchanged).
 */
export class UnitFold {
  private unit = -1;
  private first: PartialState | undefined;
  private acc: MonitorAnalyzer | undefined;

  constructor(
    private readonly template: MonitorAnalyzer,
    private readonly done: (u: UnitState) => void,
  ) {}

  /** A block's state of `unit`: the units in order, each unit's blocks in order. Throws on a refused state. */
  add(unit: number, state: PartialState): void {
    if (unit !== this.unit) {
      this.settle();
      this.unit = unit;
    }
    if (!this.first) {
      this.first = state;
      return;
    }
    if (!this.acc) {
      this.acc = this.template.spawn();
      valueOrThrow(this.acc.mergeState(this.first));
    }
    valueOrThrow(this.acc.mergeState(state));
  }

  /** Hands on the open unit's state, if it has one. */
  settle(): void {
    if (this.first) this.done({ unit: this.unit, block: 0, state: this.acc ? this.acc.exportState() : this.first });
    this.first = undefined;
    this.acc = undefined;
  }
}

/**
 * Reads the units of `input` (all, or `input.units`), each block into an analysis spawned from
 * `template`, and hands each unit's state (its blocks folded) to `done` in unit order, as soon as it is complete.
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
    const fold = new UnitFold(template, done);
    for (const i of units) {
      // Each block analysed as it is read (its records counted as they go), its state folded at its end.
      let block: CaptureBlock | undefined;
      const onSegment = (_: number, s: Segment) => (block ??= new CaptureBlock(template, input.window, captures)).segment(s);
      await cutBlocks(input.store, input.store.list(input.captures[i]!), { blockBytes, opened: () => captures.opened(), onSegment }, () => {
        const state = block?.state();
        block = undefined;
        if (state) fold.add(i, state);
      });
      fold.settle();
      captures.partitionDone();
    }
    return undefined;
  }
  // A grace hash join meets the units in any order: they are settled at the end.
  const join = await joinCaptures(input, groundTruth, captures, (rec, label, line, i) => unit(i).add(rec, label, line));
  for (const i of [...units].sort((a, b) => a - b)) settle(i);
  return join;
}
