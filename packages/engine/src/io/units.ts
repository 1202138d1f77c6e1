// A run's captures are read in units, one per capture partition (an hour prefix), each into its own
// analysis; the units' states are merged in partition order. One worker does this for the whole
// window, and a run split into parts (threads, worker processes) does it for its share, so the
// merged report is the same bytes however the window was split (parts.ts).
import type { MonitorAnalyzer } from '../monitors/analyzer.js';
import type { PartialState } from '../state/partial.js';
import { readCaptures, type Tally } from './inputs.js';
import { joinCaptures, unitsOf, type JoinInput, type JoinStats } from './join.js';

export interface UnitState {
  unit: number;
  state: PartialState;
}

/**
 * Reads the units of `input` (all, or `input.units`), each into an analysis spawned from
 * `template`, and hands each unit's state to `done` in unit order, as soon as it is complete.
 */
export async function readUnits(input: JoinInput, template: MonitorAnalyzer, done: (u: UnitState) => void, captures: Tally, groundTruth: Tally): Promise<JoinStats | undefined> {
  const open = new Map<number, MonitorAnalyzer>();
  const unit = (i: number): MonitorAnalyzer => {
    let a = open.get(i);
    if (!a) open.set(i, (a = template.spawn()));
    return a;
  };
  const settle = (i: number) => {
    const a = open.get(i);
    if (a) done({ unit: i, state: a.exportState() });
    open.delete(i);
  };
  const units = unitsOf(input);
  if (!template.needsGroundTruth) {
    for (const i of units) {
      await readCaptures(input.store, [input.captures[i]!], input.window, captures, (rec, line) => unit(i).add(rec, undefined, line));
      settle(i);
    }
    return undefined;
  }
  // A grace hash join meets the units in any order: they are settled at the end.
  const join = await joinCaptures(input, groundTruth, captures, (rec, label, line, i) => unit(i).add(rec, label, line));
  for (const i of [...units].sort((a, b) => a - b)) settle(i);
  return join;
}
