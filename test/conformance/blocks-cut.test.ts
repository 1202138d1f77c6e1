// cutBlocks: a unit's objects read as one byte stream, block j holding every line that STARTS in
// bytes [j·B, (j+1)·B), each line numbered within its object, whatever the chunks the store gives.
import { Readable } from 'node:stream';
import { seededRandom } from '@mmg/engine';
import { cutBlocks, forEachSegmentLine, type Block, type ObjectStore } from '@mmg/engine/io';

/** Objects held in memory, read in chunks of `chunk` bytes (chunk edges fall anywhere, even inside a character). */
function memoryStore(objects: Map<string, string>, chunk: number): ObjectStore {
  const refuse = () => Promise.reject(new Error('read only'));
  return {
    async *list(prefix) {
      yield* [...objects.keys()].filter((k) => k.startsWith(prefix));
    },
    read(uri) {
      const bytes = Buffer.from(objects.get(uri)!);
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
      return Promise.resolve(Readable.from(chunks));
    },
    readText: refuse,
    writeText: refuse,
  };
}

type Line = [block: number, uri: string, line: number, text: string];

/** The lines as the definition places them: by their start's byte offset in the concatenated objects. */
function expected(objects: Map<string, string>, B: number): Line[] {
  const out: Line[] = [];
  let pos = 0;
  for (const [uri, text] of objects) {
    const parts = text.split('\n');
    if (parts.at(-1) === '') parts.pop(); // a final "\n" ends the last line; it starts none
    let at = pos;
    parts.forEach((p, i) => {
      out.push([Math.floor(at / B), uri, i + 1, p.endsWith('\r') ? p.slice(0, -1) : p]);
      at += Buffer.byteLength(p) + 1;
    });
    pos += Buffer.byteLength(text);
  }
  return out;
}

async function cut(objects: Map<string, string>, B: number, chunk: number): Promise<{ lines: Line[]; blocks: Block[]; opened: string[] }> {
  const lines: Line[] = [];
  const blocks: Block[] = [];
  const opened: string[] = [];
  await cutBlocks(memoryStore(objects, chunk), memoryStore(objects, chunk).list('u/'), { blockBytes: B, opened: (u) => opened.push(u) }, (b) => {
    blocks.push(b);
    for (const s of b.segments) forEachSegmentLine(s, (text, n) => lines.push([b.block, s.uri, n, text]));
  });
  return { lines, blocks, opened };
}

test('a block boundary on a line start opens the block with that line; one inside a line, with the next line', async () => {
  // Lines of 10 bytes ("aaaaaaaaa\n"): starts at 0, 10, 20, 30, 40.
  const objects = new Map([['u/a', ['a', 'b', 'c', 'd', 'e'].map((c) => c.repeat(9)).join('\n') + '\n']]);
  const onStart = await cut(objects, 20, 7); // boundaries 20, 40: both line starts
  expect(onStart.lines.map(([b, , n]) => [b, n])).toEqual([[0, 1], [0, 2], [1, 3], [1, 4], [2, 5]]);
  const inside = await cut(objects, 25, 64); // boundary 25 is inside line 3 (20..29): line 4 opens block 1
  expect(inside.lines.map(([b, , n]) => [b, n])).toEqual([[0, 1], [0, 2], [0, 3], [1, 4], [1, 5]]);
  expect(inside.blocks.map((b) => b.block)).toEqual([0, 1]);
});

test('a line longer than a block: the blocks it covers hold no line start and are not made', async () => {
  const objects = new Map([['u/a', `x\n${'y'.repeat(100)}\nz\n`]]);
  const { lines, blocks } = await cut(objects, 16, 5);
  expect(lines).toEqual(expected(objects, 16));
  expect(blocks.map((b) => b.block)).toEqual([0, 6]);
});

test('random objects, block sizes and chunk sizes: every line in its block, numbered within its object', async () => {
  const r = seededRandom(11);
  for (let round = 0; round < 60; round++) {
    const objects = new Map<string, string>();
    const n = 1 + Math.floor(r() * 3);
    for (let o = 0; o < n; o++) {
      const lines = Array.from({ length: Math.floor(r() * 40) }, () => {
        const len = Math.floor(r() ** 3 * 120);
        // Multi-byte characters, empty lines and CRLF endings among them.
        return Array.from({ length: len }, () => (r() < 0.05 ? 'é€' : 'abc,123'[Math.floor(r() * 7)])).join('') + (r() < 0.2 ? '\r' : '');
      });
      objects.set(`u/${o}`, lines.join('\n') + (r() < 0.5 ? '\n' : ''));
    }
    const B = 1 + Math.floor(r() * 200);
    const chunk = 1 + Math.floor(r() * 50);
    const { lines, blocks, opened } = await cut(objects, B, chunk);
    expect([round, lines]).toEqual([round, expected(objects, B)]);
    // Blocks come in increasing order, each made once.
    expect(blocks.map((b) => b.block)).toEqual([...new Set(blocks.map((b) => b.block))].sort((a, b) => a - b));
    expect(opened).toEqual([...objects.keys()]);
  }
});
