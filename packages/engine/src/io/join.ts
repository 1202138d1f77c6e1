// Captures joined with ground truth (inferenceId, else eventId). In memory while
// the labels fit in `maxGroundTruth`; beyond that a grace hash join: both streams
// are hash-partitioned into scratch files (P chosen so one partition's labels
// fit), then joined partition by partition. Memory stays bounded either way.
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EngineError } from '../errors.js';
import { GroundTruthIndex, partitionOf } from '../model-quality/join.js';
import { joinKeyOf, type CaptureRecord } from '../parse/capture.js';
import type { Value } from '../parse/values.js';
import type { TimeWindow } from '../parse/window.js';
import { FileStore } from './file-store.js';
import { readCaptures, readGroundTruth, Tally } from './inputs.js';
import { forEachLine } from './lines.js';
import type { ObjectStore } from './store.js';

export interface JoinInput {
  store: ObjectStore;
  groundTruth: string[];
  captures: string[];
  /** The captures' partitions read, by index (default all), in this order. */
  units?: readonly number[] | undefined;
  window: TimeWindow;
  maxGroundTruth: number;
}

export interface JoinStats {
  matched: number;
  unmatched: number;
  partitions: number;
}

/** `unit`: the index of the capture partition the record was read from. */
type Joined = (rec: CaptureRecord, label: Value, line: number, unit: number) => EngineError | void;

/** The capture partitions to read, by index. */
export const unitsOf = (input: { captures: string[]; units?: readonly number[] | undefined }): readonly number[] => input.units ?? input.captures.map((_, i) => i);

export async function joinCaptures(input: JoinInput, gtTally: Tally, capTally: Tally, onJoined: Joined): Promise<JoinStats> {
  const index = new GroundTruthIndex(input.maxGroundTruth);
  let overflow = 0;
  await readGroundTruth(input.store, input.groundTruth, gtTally, (gt) => {
    if (!index.add(gt)) overflow++;
  });
  if (overflow === 0) {
    for (const unit of unitsOf(input)) {
      await readCaptures(input.store, [input.captures[unit]!], input.window, capTally, (rec, line) => {
        const label = index.match(rec);
        if (label !== undefined) return onJoined(rec, label, line, unit);
      });
    }
    return { matched: index.stats.matched, unmatched: index.stats.unmatched, partitions: 1 };
  }
  // Twice the minimum, for hash skew.
  const partitions = 2 * Math.ceil((index.size + overflow) / input.maxGroundTruth);
  return graceJoin(input, partitions, capTally, onJoined);
}

/** Line-oriented partition files written with synchronous 1 MiB flushes (the readers' callbacks are synchronous). */
class PartitionFiles {
  private readonly fds: number[];
  private readonly bufs: string[];
  constructor(readonly dir: string, readonly name: string, readonly n: number) {
    this.fds = Array.from({ length: n }, (_, p) => openSync(this.path(p), 'w'));
    this.bufs = Array.from({ length: n }, () => '');
  }
  path(p: number): string {
    return join(this.dir, `${this.name}-${p}.jsonl`);
  }
  write(p: number, line: string): void {
    this.bufs[p] += line + '\n';
    if (this.bufs[p]!.length > 1 << 20) this.flush(p);
  }
  private flush(p: number): void {
    writeSync(this.fds[p]!, this.bufs[p]!);
    this.bufs[p] = '';
  }
  close(): void {
    for (let p = 0; p < this.n; p++) {
      this.flush(p);
      closeSync(this.fds[p]!);
    }
  }
}

async function graceJoin(input: JoinInput, partitions: number, capTally: Tally, onJoined: Joined): Promise<JoinStats> {
  const dir = await mkdtemp(join(tmpdir(), 'engine-join-'));
  const stats: JoinStats = { matched: 0, unmatched: 0, partitions };
  try {
    const gt = new PartitionFiles(dir, 'gt', partitions);
    const caps = new PartitionFiles(dir, 'cap', partitions);
    // Ground truth was counted by the first pass; this pass only routes it.
    await readGroundTruth(input.store, input.groundTruth, new Tally(), (g) => gt.write(partitionOf(g.eventId, partitions), JSON.stringify([g.eventId, g.label])));
    // Captures are kept with their source and line, and rebuilt when joined.
    for (const unit of unitsOf(input)) {
      await readCaptures(input.store, [input.captures[unit]!], input.window, capTally, (rec, line, uri) => {
        caps.write(partitionOf(joinKeyOf(rec), partitions), JSON.stringify([unit, uri, line, rec.eventId, rec.inferenceId ?? null, rec.inferenceTime?.toISOString() ?? null, rec.input ?? null, rec.output ?? null]));
      });
    }
    gt.close();
    caps.close();
    const files = new FileStore();
    for (let p = 0; p < partitions; p++) {
      const index = new GroundTruthIndex(Number.MAX_SAFE_INTEGER); // one partition: bounded by construction
      await forEachLine(files, pathToFileURL(gt.path(p)).href, (l) => {
        if (!l) return;
        const [eventId, label] = JSON.parse(l) as [string, Value];
        index.add({ eventId, label });
      });
      await forEachLine(files, pathToFileURL(caps.path(p)).href, (l) => {
        if (!l) return;
        const [unit, uri, line, eventId, inferenceId, time, inp, out] = JSON.parse(l) as [number, string, number, string, string | null, string | null, CaptureRecord['input'] | null, CaptureRecord['output'] | null];
        const rec: CaptureRecord = { eventId, ...(inferenceId ? { inferenceId } : {}), ...(time ? { inferenceTime: new Date(time) } : {}), ...(inp ? { input: inp } : {}), ...(out ? { output: out } : {}) };
        const label = index.match(rec);
        if (label === undefined) return;
        const e = onJoined(rec, label, line, unit);
        if (e) {
          capTally.good--; // counted as read when partitioned
          capTally.errors.add(e, uri);
        }
      });
      stats.matched += index.stats.matched;
      stats.unmatched += index.stats.unmatched;
    }
    return stats;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
