// Blocks analysed on `threads` threads: this one, which reads the store and cuts the stream, and
// threads − 1 worker threads (block-thread.ts). A complete block is shipped whole (its bytes
// transferred) to a worker with fewer than QUEUE_DEPTH blocks sent and not answered, else analysed
// here; the results are merged in block order, as the blocks would be on this thread alone. A worker
// holds its next block while it analyses one, so it does not wait for this thread to finish a block
// of its own and cut the next (with one block a worker, they idled a third of the time). Flow
// control: the cutting waits while this thread analyses, so at most QUEUE_DEPTH · (threads − 1) + 2
// blocks are held at once. A stream of one block is analysed here (no worker started). Each worker
// costs memory of its own (its isolate and modules: tens of MB).
import type { Worker } from 'node:worker_threads';
import type { AnalyzerSpec } from '../monitors/spec.js';
import type { DatasetFormat } from '../parse/dataset.js';
import type { TimeWindow } from '../parse/window.js';
import type { PartialState } from '../state/partial.js';
import { readResult, transferable, type BlockResult } from './block-messages.js';
import type { Block, CutOptions, Segment } from './blocks.js';
import { Tally } from './inputs.js';
import { startThread } from './thread-start.js';

/** What a block thread analyses: a run's captures, or a data quality baseline's dataset. */
export type BlockJob = { kind: 'captures'; spec: AnalyzerSpec; window: TimeWindow } | { kind: 'dataset'; format: DatasetFormat };

/** One block's analysis on this thread, fed its segments in order. */
export interface BlockAnalysis {
  segment(s: Segment): void;
  /** Undefined when nothing was added. */
  state(): PartialState | undefined;
}

export interface BlockRun {
  threads: number;
  job: BlockJob;
  /** Cuts the stream with these options (cutBlocks), awaiting `onBlock` for each block. */
  cut(o: Pick<CutOptions, 'onSegment'>, onBlock: (b: Block) => Promise<void> | void): Promise<void>;
  /** A block's analysis on this thread, counting in `tally`. */
  open(tally: Tally): BlockAnalysis;
  /** The run's counts. */
  tally: Tally;
  /** Merges a block's state (of `unit`, the block's), the blocks in order. Throws to stop the run. */
  mergeState(s: PartialState, unit: number): void;
}

/**
 * Runs the blocks of `run.cut` on up to `run.threads` threads, this one included. On one thread,
 * each block is analysed as it is read, counting in the run's tally as it goes.
 */
export async function runBlocks(run: BlockRun): Promise<void> {
  if (run.threads < 2) {
    let block: BlockAnalysis | undefined;
    return run.cut({ onSegment: (_, s) => (block ??= run.open(run.tally)).segment(s) }, (b) => {
      const state = block?.state();
      block = undefined;
      if (state) run.mergeState(state, b.unit ?? 0);
    });
  }
  let held: Block | undefined;
  let pool: Pool | undefined;
  try {
    await run.cut({}, async (b) => {
      if (!pool) {
        if (!held) return void (held = b);
        pool = new Pool(run);
        await pool.submit(held);
        held = undefined;
      }
      await pool.submit(b);
    });
    if (held) merge(run, here(run, held), held.unit ?? 0);
    await pool?.finish();
  } finally {
    pool?.close();
  }
}

function here(run: BlockRun, b: Block): BlockResult {
  const tally = new Tally();
  const a = run.open(tally);
  for (const s of b.segments) a.segment(s);
  return { state: a.state() ?? null, good: tally.good, errors: tally.errors };
}

/** Adds a block's counts to the run's tally (blocks in order keep the first errors of one pass) and merges its state. */
function merge(run: BlockRun, r: BlockResult, unit: number): void {
  run.tally.good += r.good;
  run.tally.errors.merge(r.errors);
  if (r.state) run.mergeState(r.state, unit);
}

/** Blocks a worker is sent before it answers: the one it analyses and the next. */
const QUEUE_DEPTH = 2;

class Pool {
  /** Each worker's blocks sent and not answered yet. */
  private readonly queued = new Map<Worker, number>();
  private readonly all: Worker[] = [];
  private readonly results = new Map<number, BlockResult>();
  /** The unit of each block submitted and not yet merged, by its sequence number. */
  private readonly units = new Map<number, number>();
  private seq = 0;
  private merged = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly run: BlockRun) {
    for (let i = 0; i < run.threads - 1; i++) {
      const w = startThread('block-thread', run.job);
      w.on('message', (m: { seq: number; result: unknown } | { failed: string }) => {
        if ('failed' in m) return this.fail(new Error(`block thread: ${m.failed}`));
        this.queued.set(w, this.queued.get(w)! - 1);
        this.take(m.seq, () => readResult(m.result));
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => this.fail(new Error(`block thread exited (code ${code})`)));
      this.all.push(w);
      this.queued.set(w, 0);
    }
  }

  /** A block's result: merged with every result before it in block order. */
  private take(seq: number, result: () => BlockResult): void {
    try {
      this.results.set(seq, result());
      for (let r; (r = this.results.get(this.merged)); this.merged++) {
        this.results.delete(this.merged);
        const unit = this.units.get(this.merged) ?? 0;
        this.units.delete(this.merged);
        merge(this.run, r, unit);
      }
    } catch (e) {
      return this.fail(e as Error);
    }
    this.poke();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.poke();
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async until(ready: () => boolean): Promise<void> {
    while (!ready() && !this.failure) await new Promise<void>((r) => (this.wake = r));
    if (this.failure) throw this.failure;
  }

  /** Ships the block to the worker with the fewest queued (under QUEUE_DEPTH), else analyses it here. */
  async submit(b: Block): Promise<void> {
    await this.until(() => true);
    const seq = this.seq++;
    this.units.set(seq, b.unit ?? 0);
    let w: Worker | undefined;
    let fewest = QUEUE_DEPTH;
    for (const [x, n] of this.queued) {
      if (n < fewest) {
        w = x;
        fewest = n;
      }
    }
    if (!w) return this.take(seq, () => here(this.run, b));
    const segments = b.segments.map((s) => ({ ...s, chunks: transferable(s.chunks) }));
    this.queued.set(w, this.queued.get(w)! + 1);
    w.postMessage({ seq, block: { block: b.block, segments } }, segments.flatMap((s) => s.chunks.map((c) => c.buffer as ArrayBuffer)));
  }

  /** Waits for every block to be merged. */
  finish(): Promise<void> {
    return this.until(() => this.merged === this.seq);
  }

  close(): void {
    this.failure ??= new Error('closed');
    for (const w of this.all) void w.terminate();
  }
}
