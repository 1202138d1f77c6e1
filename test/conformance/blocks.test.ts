// Blocks of ~10 KiB (ENGINE_BLOCK_MB=0.01), so one hour partition and one dataset are many blocks:
// the report bytes and counts are the same on this thread (analyzeWindow, readBaselineDataset with
// one thread), on 3 worker threads, and from a part's result (its blocks folded) merged (mergeParts), for data quality,
// explainability and the data quality baseline.
import { dataQualityBaseline, seededRandom, type DatasetFormat, type MonitorAnalyzer } from '@mmg/engine';
import { Readable } from 'node:stream';
import { analyzeInThreads, analyzePart, analyzeWindow, cutBlocks, DatasetBlock, mergeParts, readBaselineDataset, readDataset, readPartResult, Tally, type ObjectStore, type WindowInputs } from '@mmg/engine/io';
import { fileStorage, type Storage } from '../engine-backend/fixtures.js';
import { unwrap } from '../support/result.js';
import { describeSamples } from '../support/samples.js';
import { CASES, type Rec } from './sample-records.js';

const BLOCK = Math.round(0.01 * 1024 * 1024);
const window = { start: new Date('2026-11-22T10:00:00Z'), end: new Date('2026-11-22T11:00:00Z') };
/**
 * A report without its KLL sketches (their compactions depend on how the records were split) and
 * with its numbers to 9 digits (sums added in another order): what blocks leave unchanged.
 */
const sketchless = (text: string): unknown =>
  JSON.parse(text, (k, v: unknown) => (k === 'distribution' || k === 'kll' ? undefined : typeof v === 'number' ? +v.toPrecision(9) : v));
const counts = (t: Tally) => ({ good: t.good, objects: t.objects, bad: t.errors.total, errors: t.errors.errors });

let storage: Storage;
beforeAll(async () => {
  storage = await fileStorage();
});
afterAll(async () => {
  await storage.close();
});

/** How many blocks the objects under `prefix` make. */
async function blocksOf(prefix: string): Promise<number> {
  let n = 0;
  await cutBlocks(storage.store, storage.store.list(prefix), { blockBytes: BLOCK }, () => void n++);
  return n;
}

/** One hour partition of two objects (a block spans both), with bad lines in both. */
async function putHour(name: string, recs: Rec[]): Promise<WindowInputs> {
  const lines = recs.map((r) => r.line);
  const half = Math.floor(lines.length / 2);
  await storage.put(`${name}/2026/11/22/10/a.jsonl`, [...lines.slice(0, half), '{not json'].join('\n') + '\n');
  await storage.put(`${name}/2026/11/22/10/b.jsonl`, ['{bad', ...lines.slice(half)].join('\n'));
  return { store: storage.store, captures: [storage.uri(`${name}/2026/11/22/10/`)], groundTruth: [], window, maxGroundTruth: 1_000_000, blockBytes: BLOCK };
}

describeSamples('one partition in blocks', () => {
  const cases = CASES().filter(([name]) => /^(DATA_QUALITY|MODEL_EXPLAINABILITY)/.test(name));
  test.each(cases)('%s: the same report on 1 and 3 threads and from parts', async (name, make: () => MonitorAnalyzer, records) => {
    const input = await putHour(name.replace(/\W+/g, '-'), records());
    expect(await blocksOf(input.captures[0]!)).toBeGreaterThan(5);
    const oneCaptures = new Tally();
    const one = make();
    await analyzeWindow(input, one, oneCaptures);
    const expected = JSON.stringify(unwrap(one.finish()));
    expect([oneCaptures.good, oneCaptures.errors.total]).toEqual([300, 2]);
    // The partition as one block: the same counts, errors (with their lines) and all but the sketches.
    const whole = make();
    const wholeCaptures = new Tally();
    await analyzeWindow({ ...input, blockBytes: 1 << 30 }, whole, wholeCaptures);
    expect(sketchless(expected)).toEqual(sketchless(JSON.stringify(unwrap(whole.finish()))));
    expect(counts(oneCaptures)).toEqual(counts(wholeCaptures));

    const threaded = make();
    const captures = new Tally();
    await analyzeInThreads(input, threaded, captures, new Tally(), 3);
    expect(JSON.stringify(unwrap(threaded.finish()))).toBe(expected);
    expect(counts(captures)).toEqual(counts(oneCaptures));

    const part = unwrap(readPartResult(JSON.parse(JSON.stringify(await analyzePart(input, [0], make())))));
    // The part's blocks folded into one state of its hour: the merge reads one state an hour.
    expect(part.units.map((u) => [u.unit, u.block])).toEqual([[0, 0]]);
    const merged = make();
    const mergedCaptures = new Tally();
    unwrap(mergeParts([part], merged, mergedCaptures, new Tally()));
    expect(JSON.stringify(unwrap(merged.finish()))).toBe(expected);
    expect(counts(mergedCaptures)).toEqual(counts(oneCaptures));
  });
});

describeSamples('a read that fails in the middle of a run on threads', () => {
  test('fails the run with the store\'s error on 2 and 3 threads, with blocks in flight on both sides', async () => {
    const [, make, records] = CASES().find(([name]) => name.startsWith('DATA_QUALITY'))!;
    const input = await putHour('failing-read', records());
    // The second object's stream breaks after its first chunk: blocks are then in flight on both sides.
    const store: ObjectStore = {
      list: (p) => input.store.list(p),
      readText: (uri) => input.store.readText(uri),
      writeText: (uri, text) => input.store.writeText(uri, text),
      read: async (uri) => {
        const body = await input.store.read(uri);
        if (!uri.endsWith('b.jsonl')) return body;
        return Readable.from((async function* () {
          for await (const c of body) {
            yield c as Uint8Array;
            throw new Error('connection reset while reading b.jsonl');
          }
        })());
      },
    };
    for (const threads of [2, 3]) {
      await expect(analyzeInThreads({ ...input, store, blockBytes: 2048 }, make(), new Tally(), new Tally(), threads)).rejects.toThrow('connection reset while reading b.jsonl');
    }
  });
});

/** Rows of five features (one categorical, one with missing values), as CSV fields. */
function rows(seed: number, n: number): string[][] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => [(r() * 100).toFixed(3), String(Math.floor(r() * 50)), ['red', 'green', 'blue'][Math.floor(r() * 3)]!, r() < 0.1 ? '' : (r() * 3 - 1).toFixed(5), (r() * 1e6).toFixed(1)]);
}

const NAMES = ['x', 'n', 'colour', 'y', 'big'];

test.each<[string, DatasetFormat, (rs: string[][]) => string]>([
  ['CSV with a header in each object', { format: 'csv', header: true }, (rs) => [NAMES.join(','), ...rs.map((f) => f.join(','))].join('\n') + '\n'],
  ['CSV without a header', { format: 'csv', header: false }, (rs) => rs.map((f) => f.join(',')).join('\r\n')],
  ['JSON Lines', { format: 'jsonl' }, (rs) => rs.map((f) => JSON.stringify(Object.fromEntries(f.map((v, i) => [NAMES[i]!, v === '' ? null : v])))).join('\n')],
])('the data quality baseline of %s: the same documents on 1 and 3 threads', async (name, format, text) => {
  const dir = `baseline-${name.replace(/\W+/g, '-')}/`;
  await storage.put(`${dir}part-0`, text(rows(1, 1500)));
  // A row of the wrong width and a malformed one, counted but not analysed.
  await storage.put(`${dir}part-1`, text([...rows(2, 1200), ['1', '2'], ['"unclosed', '1', 'red', '1', '1']]));
  expect(await blocksOf(storage.uri(dir))).toBeGreaterThan(5);
  const run = async (threads: number) => {
    const tally = new Tally();
    const analysis = dataQualityBaseline();
    const columns = await readBaselineDataset(storage.store, storage.uri(dir), format, tally, analysis, { blockBytes: BLOCK, threads });
    return { docs: JSON.stringify(unwrap(analysis.finish(columns))), columns, counts: counts(tally) };
  };
  const one = await run(1);
  // Read in one pass (readDataset, no blocks): the same counts, errors, columns and all but the sketches.
  const tally = new Tally();
  const analysis = dataQualityBaseline();
  const columns = await readDataset(storage.store, storage.uri(dir), format, tally, analysis);
  expect([one.columns, one.counts, sketchless(one.docs)]).toEqual([columns, counts(tally), sketchless(JSON.stringify(unwrap(analysis.finish(columns))))]);
  // JSON Lines has no column count: both odd rows are rows there.
  expect([one.counts.good, one.counts.bad]).toEqual(format.format === 'csv' ? [2700, 2] : [2702, 0]);
  expect(await run(3)).toEqual(one);
});

test('a CSV dataset block whose lines were all refused has no state to merge; one added line gives it one', () => {
  const read = (text: string) => {
    const tally = new Tally();
    const block = new DatasetBlock({ format: 'csv', header: true }, dataQualityBaseline(), tally);
    block.segment({ uri: 'file:///refused.csv', line: 1, objectStart: true, chunks: [new TextEncoder().encode(text)] });
    return { state: block.state(), good: tally.good, bad: tally.errors.total };
  };
  expect(read('a,b,c\n1,2\n4,5,6,7\n')).toEqual({ state: undefined, good: 0, bad: 2 });
  const one = read('a,b,c\n1,2\n4,5,6\n');
  expect([one.state?.type, one.good, one.bad]).toEqual(['DATA_QUALITY', 1, 1]);
});
