// Streams an object line by line through the core's LineSplitter: memory is one
// chunk plus the longest line, whatever the object's size.
import { LineSplitter } from '../parse/lines.js';
import type { ObjectStore } from './store.js';

/** Calls onLine(text, lineNumber) for every line of the object; returns the line count. */
export async function forEachLine(store: ObjectStore, uri: string, onLine: (text: string, line: number) => void): Promise<number> {
  const stream = await store.read(uri);
  const decoder = new TextDecoder('utf-8'); // stream mode keeps multi-byte characters split across chunks intact
  const splitter = new LineSplitter(onLine);
  for await (const chunk of stream) splitter.push(decoder.decode(chunk as Uint8Array, { stream: true }));
  splitter.push(decoder.decode());
  splitter.end();
  return splitter.lines;
}
