// A run split into parts: each part reads some of the window's capture partitions (its units, joined
// with the whole window's ground truth when the type needs it, so the join is the one-pass join)
// and returns its units' states and its counts as a JSON-safe PartResult; the run merges every
// part's units in partition order. The report is byte-identical to one worker's (analyzeWindow).
import { z } from 'zod';
import { err, ok, type Result } from '../errors.js';
import { ErrorLog } from '../parse/lines.js';
import type { MonitorAnalyzer } from '../monitors/analyzer.js';
import { partialStateSchema } from '../state/partial.js';
import { Tally } from './inputs.js';
import type { JoinStats } from './join.js';
import { readUnits, type UnitState } from './units.js';
import type { WindowInputs } from './window-inputs.js';

const count = z.number().int().nonnegative();
const tallySchema = z.strictObject({
  good: count,
  objects: count,
  /** Partitions read to their end. */
  partitions: count,
  errorsTotal: count,
  errors: z.array(z.looseObject({ kind: z.string(), message: z.string(), line: count.optional(), source: z.string().optional() })),
});
type TallyJson = z.infer<typeof tallySchema>;

export const partResultSchema = z.strictObject({
  version: z.literal(1),
  /** Each unit's blocks (a result without `block` is of one block per unit). */
  units: z.array(z.strictObject({ unit: count, block: count.default(0), state: partialStateSchema })),
  captures: tallySchema,
  groundTruth: tallySchema,
  join: z.strictObject({ matched: count, unmatched: count, partitions: count }).nullable(),
});
export type PartResult = z.infer<typeof partResultSchema>;

/** A Tally that counts its partitions read. */
function countingTally(): { tally: Tally; partitions: () => number } {
  let n = 0;
  return { tally: new Tally({ partitionDone: () => void n++ }), partitions: () => n };
}

const tallyJson = ({ tally: t, partitions }: ReturnType<typeof countingTally>): TallyJson => ({ good: t.good, objects: t.objects, partitions: partitions(), errorsTotal: t.errors.total, errors: t.errors.errors.map((e) => ({ ...e })) });

/** Adds a part's counts, telling the tally's observer (progress) of its objects and partitions. */
function addTally(t: Tally, j: TallyJson): void {
  t.good += j.good;
  for (let i = 0; i < j.objects; i++) t.opened();
  for (let i = 0; i < j.partitions; i++) t.partitionDone();
  const log = new ErrorLog(j.errors.length);
  for (const e of j.errors) log.errors.push(e as ErrorLog['errors'][number]);
  log.total = j.errorsTotal;
  t.errors.merge(log);
}

/** Reads the capture partitions `units` (indexes into input.captures) with analyses spawned from `template`. */
export async function analyzePart(input: WindowInputs, units: readonly number[], template: MonitorAnalyzer): Promise<PartResult> {
  const states: UnitState[] = [];
  const captures = countingTally();
  const groundTruth = countingTally();
  const join = await readUnits({ ...input, units }, template, (u) => states.push(u), captures.tally, groundTruth.tally);
  return { version: 1, units: states, captures: tallyJson(captures), groundTruth: tallyJson(groundTruth), join: join ?? null };
}

/** A part's result read from outside (a file, a row, a thread's message), checked. */
export function readPartResult(value: unknown): Result<PartResult> {
  const r = partResultSchema.safeParse(value);
  return r.success ? ok(r.data) : err({ kind: 'INVALID_RECORD', message: `part result: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
}

/**
 * Merges the parts (in part order: the units of part 0 first) into `analyzer` and the tallies:
 * capture counts add up; every part read the same ground truth, so its counts are part 0's.
 * A unit found in two parts is refused: a retried part must replace its earlier result, not add to it.
 */
export function mergeParts(parts: readonly PartResult[], analyzer: MonitorAnalyzer, captures: Tally, groundTruth: Tally): Result<JoinStats | undefined> {
  const units = parts.flatMap((p) => p.units).sort((a, b) => a.unit - b.unit || a.block - b.block);
  for (let i = 1; i < units.length; i++) {
    const [u, prev] = [units[i]!, units[i - 1]!];
    if (u.unit === prev.unit && u.block === prev.block) return err({ kind: 'INVALID_RECORD', message: `part results: unit ${u.unit}${u.block ? ` block ${u.block}` : ''} merged twice` });
  }
  for (const u of units) {
    const r = analyzer.mergeState(u.state);
    if (!r.ok) return r;
  }
  for (const p of parts) addTally(captures, p.captures);
  if (parts[0]) addTally(groundTruth, parts[0].groundTruth);
  const joins = parts.map((p) => p.join).filter((j) => j !== null);
  if (joins.length === 0) return ok(undefined);
  return ok({ matched: joins.reduce((s, j) => s + j.matched, 0), unmatched: joins.reduce((s, j) => s + j.unmatched, 0), partitions: Math.max(...joins.map((j) => j.partitions)) });
}
