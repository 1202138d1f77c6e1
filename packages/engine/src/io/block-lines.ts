// A block's lines, as forEachLine gives an object's: decoded as UTF-8 in stream mode (a segment
// starts at a line start, so never inside a character) and numbered within their object.
import { LineSplitter } from '../parse/lines.js';
import type { Segment } from './blocks.js';

const PIECE = 64 * 1024;

/** Calls onLine(text, lineNumber) for every line of the segment. */
export function forEachSegmentLine(s: Segment, onLine: (text: string, line: number) => void): void {
  // Only an object's first byte may hold its byte-order mark: forEachLine drops it there alone.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: !s.objectStart });
  const splitter = new LineSplitter(onLine, s.line);
  // A block shipped to a thread is one array: decoded a piece at a time, so no line array of the whole block is made.
  for (const chunk of s.chunks) for (let i = 0; i < chunk.length; i += PIECE) splitter.push(decoder.decode(chunk.subarray(i, i + PIECE), { stream: true }));
  splitter.push(decoder.decode());
  splitter.end();
}
