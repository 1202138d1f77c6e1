// What block threads and the run's thread send each other (block-pool.ts, block-thread.ts): a
// block's result as a checked, structured-clone-safe value, and a block's bytes to transfer.
import { z } from 'zod';
import { ErrorLog } from '../parse/lines.js';
import { partialStateSchema, type PartialState } from '../state/partial.js';

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

export function readResult(v: unknown): BlockResult {
  const j = resultSchema.parse(v);
  const errors = new ErrorLog(j.errors.length);
  for (const e of j.errors) errors.errors.push(e as ErrorLog['errors'][number]);
  errors.total = j.errorsTotal;
  return { state: j.state, good: j.good, errors };
}

/**
 * A segment's chunks to transfer, without copying a chunk that alone holds its whole buffer (a
 * file read's): the block is the only reader of its chunks. The others (slices of a shared
 * buffer, or a chunk cut at a block's edge) are copied, consecutive ones into one array.
 */
export function transferable(chunks: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let run: Uint8Array[] = [];
  const copy = () => {
    if (run.length === 0) return;
    const a = new Uint8Array(run.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of run) {
      a.set(c, at);
      at += c.length;
    }
    out.push(a);
    run = [];
  };
  for (const c of chunks) {
    if (c.byteOffset === 0 && c.byteLength === c.buffer.byteLength && c.buffer instanceof ArrayBuffer) {
      copy();
      out.push(c);
    } else run.push(c);
  }
  copy();
  return out;
}
