// Blocks analysed on worker threads (block-thread.ts) while this thread reads the store and cuts
// the stream: each block is shipped whole (its bytes transferred) to an idle thread, and the
// results are merged in block order, as the blocks would be on this thread alone. Flow control:
// a block is shipped only to an idle thread, and the cutting waits for one, so at most
// threads + 1 blocks are held at once. A stream of one block is analysed here (no thread started).
import type { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { AnalyzerSpec } from '../monitors/spec.js';
import type { DatasetFormat } from '../parse/dataset.js';
import { ErrorLog } from '../parse/lines.js';
import type { TimeWindow } from '../parse/window.js';
import { partialStateSchema, type PartialState } from '../state/partial.js';
import type { Block } from './blocks.js';
import type { Tally } from './inputs.js';
import { startThread } from './thread-start.js';

/** What a block thread analyses: a run's captures, or a data quality baseline's dataset. */
export type BlockJob = { kind: 'captures'; spec: AnalyzerSpec; window: TimeWindow } | { kind: 'dataset'; format: DatasetFormat };

/** What a block gave: its analysis's state (none when nothing was added) and its counts. */
export interface BlockResult {
  state: PartialState | null;
  good: number;
  errors: ErrorLog;
}

const count = z.number().int().nonnegative();
const resultSchema = z.strictObject({
  state: partialStateSchema.nullable(),
  good: count,
  errorsTotal: count,
  errors: z.array(z.looseObject({ kind: z.string(), message: z.string(), line: count.optional(), source: z.string().optional() })),
});
export type BlockResultJson = z.infer<typeof resultSchema>;

export const blockResultJson = (r: BlockResult): BlockResultJson => ({ state: r.state, good: r.good, errorsTotal: r.errors.total, errors: r.errors.errors.map((e) => ({ ...e })) });

function readResult(v: unknown): BlockResult {
  const j = resultSchema.parse(v);
  const errors = new ErrorLog(j.errors.length);
  for (const e of j.errors) errors.errors.push(e as ErrorLog['errors'][number]);
  errors.total = j.errorsTotal;
  return { state: j.state, good: j.good, errors };
}

/** Adds a block's counts to the run's tally (blocks in order keep the first errors of one pass). */
export function addBlockTally(t: Tally, r: BlockResult): void {
  t.good += r.good;
  t.errors.merge(r.errors);
}

export interface BlockRun {
  threads: number;
  job: BlockJob;
  /** Cuts the stream, awaiting `onBlock` for each block. */
  cut(onBlock: (b: Block) => Promise<void>): Promise<void>;
  /** Analyses a block on this thread. */
  here(b: Block): BlockResult;
  /** Takes the results in block order. Throws to stop the run. */
  merge(r: BlockResult): void;
}

/** Runs the blocks of `run.cut` on up to `run.threads` threads (one: all on this thread). */
export async function runBlocks(run: BlockRun): Promise<void> {
  let held: Block | undefined;
  let pool: Pool | undefined;
  try {
    await run.cut(async (b) => {
      if (run.threads < 2) return run.merge(run.here(b));
      if (!pool) {
        if (!held) return void (held = b);
        pool = new Pool(run);
        await pool.submit(held);
        held = undefined;
      }
      await pool.submit(b);
    });
    if (held) run.merge(run.here(held));
    await pool?.finish();
  } finally {
    pool?.close();
  }
}

/** One segment's chunks as one array this thread owns, to transfer. */
function packed(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

class Pool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly results = new Map<number, BlockResult>();
  private shipped = 0;
  private merged = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly run: BlockRun) {
    for (let i = 0; i < run.threads; i++) {
      const w = startThread('block-thread', run.job);
      w.on('message', (m: { seq: number; result: unknown } | { failed: string }) => {
        if ('failed' in m) return this.fail(new Error(`block thread: ${m.failed}`));
        try {
          this.results.set(m.seq, readResult(m.result));
          for (let r; (r = this.results.get(this.merged)); this.merged++) {
            this.results.delete(this.merged);
            this.run.merge(r);
          }
        } catch (e) {
          return this.fail(e as Error);
        }
        this.idle.push(w);
        this.poke();
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => this.fail(new Error(`block thread exited (code ${code})`)));
      this.all.push(w);
      this.idle.push(w);
    }
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

  async submit(b: Block): Promise<void> {
    await this.until(() => this.idle.length > 0);
    const segments = b.segments.map((s) => ({ ...s, chunks: [packed(s.chunks)] }));
    this.idle.pop()!.postMessage({ seq: this.shipped++, block: { block: b.block, segments } }, segments.map((s) => s.chunks[0]!.buffer as ArrayBuffer));
  }

  /** Waits for every block shipped to be merged. */
  finish(): Promise<void> {
    return this.until(() => this.merged === this.shipped);
  }

  close(): void {
    this.failure ??= new Error('closed');
    for (const w of this.all) void w.terminate();
  }
}
