// Blocks of a unit: the unit's objects (in listing order) read as one byte stream, and block j is
// every line that STARTS in bytes [j·B, (j+1)·B) of it. Each block is analysed on its own and the
// blocks' states are merged in block order, on one thread or many, so the report is the same bytes
// however the blocks were run. A unit under B bytes is one block: the unit's analysis as before.
import type { ObjectStore } from './store.js';

/** ENGINE_BLOCK_MB's default. */
export const DEFAULT_BLOCK_BYTES = 12 * 1024 * 1024;

/** A block's lines of one object: `line` numbers its first line within the object (1-based). */
export interface Segment {
  uri: string;
  line: number;
  /** The segment begins at the object's first byte (a byte-order mark there is the object's). */
  objectStart: boolean;
  chunks: Uint8Array[];
  /** A CSV dataset's segment not at its object's start: the object's first lines, up to its header or first row. */
  head?: string[];
}

export interface Block {
  /** Index in the unit's stream: a unit's first block is 0. Blocks without a line start are never made. */
  block: number;
  /** The run's capture partition the block is of (cut per unit by the caller); a dataset's blocks have none. */
  unit?: number;
  segments: Segment[];
}

export interface CutOptions {
  blockBytes: number;
  /** An object was opened. */
  opened?: (uri: string) => void;
  /**
   * Each segment of block `block` once complete (at its object's end or the next block's start), before
   * its block: the block then reaches onBlock with its segments' bytes already dropped (a block
   * analysed as it is read, not held).
   */
  onSegment?: (block: number, s: Segment) => void;
  /** Every chunk of an object, in order, then null at its end, until it returns true (a dataset's header reading). */
  peek?: (uri: string, chunk: Uint8Array | null) => boolean;
}

const NL = 10;

function countLines(c: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = c.indexOf(NL, from); i !== -1 && i < to; i = c.indexOf(NL, i + 1)) n++;
  return n;
}

/**
 * Reads the objects `uris` as one stream and hands each block to `onBlock` once complete (awaited:
 * the caller's flow control). Blocks hold their bytes as read; only one is built at a time.
 */
export async function cutBlocks(store: ObjectStore, uris: AsyncIterable<string> | Iterable<string>, o: CutOptions, onBlock: (b: Block) => Promise<void> | void): Promise<void> {
  const B = Math.max(1, Math.floor(o.blockBytes));
  let pos = 0; // bytes of the stream before the current chunk
  let current: Block | undefined;
  const flush = async () => {
    if (current) await onBlock(current);
    current = undefined;
  };
  for await (const uri of uris) {
    o.opened?.(uri);
    let line = 1; // number of the line at the object's read position
    let atLineStart = true;
    let peeking = o.peek !== undefined;
    let segment: Segment | undefined;
    const close = () => {
      if (segment && o.onSegment) {
        o.onSegment(current!.block, segment);
        segment.chunks = [];
      }
      segment = undefined;
    };
    /** A segment of block `j`, from the object's line `line`. */
    const start = async (j: number, objectStart: boolean) => {
      close();
      if (current?.block !== j) {
        await flush();
        current = { block: j, segments: [] };
      }
      segment = { uri, line, objectStart, chunks: [] };
      current.segments.push(segment);
    };
    let first = true;
    for await (const c0 of await store.read(uri)) {
      const c = c0 as Uint8Array;
      if (c.length === 0) continue;
      if (peeking) peeking = !o.peek!(uri, c);
      if (first) {
        await start(Math.floor(pos / B), true);
        first = false;
      }
      let from = 0;
      while (from < c.length) {
        // The first line start at or after the next block's beginning, in this chunk.
        const next = (current!.block + 1) * B - pos;
        let s = -1;
        if (next < c.length) {
          if (next <= from) s = from === 0 && !atLineStart ? -1 : from;
          if (s === -1) {
            const nl = c.indexOf(NL, Math.max(from, next - 1));
            if (nl !== -1 && nl + 1 < c.length) s = nl + 1;
          }
        }
        const to = s === -1 ? c.length : s;
        if (to > from) segment!.chunks.push(from === 0 && to === c.length ? c : c.subarray(from, to));
        line += countLines(c, from, to);
        if (s === -1) break;
        await start(Math.floor((pos + s) / B), false);
        from = s;
      }
      atLineStart = c[c.length - 1] === NL;
      pos += c.length;
    }
    close();
    if (peeking) o.peek!(uri, null);
  }
  await flush();
}
