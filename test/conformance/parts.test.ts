// A window of several hour partitions analysed in parts (each part some partitions, its result
// through JSON text and read back checked), merged: the report, the capture and ground-truth counts
// and the join's counts are byte-identical to one worker's analyzeWindow, for the four types on the
// samples' records, with the ground truth joined in memory and by the grace hash join, and with
// every hour in many blocks (each part folds its hours' blocks, as one worker does); and the same
// on worker threads (analyzeInThreads).
import { parseCaptureLine, type MonitorAnalyzer } from '@mmg/engine';
import { analyzeInThreads, analyzePart, cutBlocks, analyzeWindow, mergeParts, readPartResult, splitUnits, Tally, type WindowInputs } from '@mmg/engine/io';
import { fileStorage, groundTruth, type Storage } from '../engine-backend/fixtures.js';
import { unwrap } from '../support/result.js';
import { describeSamples } from '../support/samples.js';
import { CASES, type Rec } from './sample-records.js';

const HOURS = 6;
const window = { start: new Date('2026-11-22T04:00:00Z'), end: new Date('2026-11-22T10:00:00Z') };
const hour = (h: number) => `2026/11/22/${String(4 + h).padStart(2, '0')}`;

/** The records spread over the window's hours (hour 3 left empty), with one bad line; every label in the first hour. */
async function putWindow(storage: Storage, name: string, recs: Rec[]): Promise<WindowInputs> {
  const byHour: string[][] = Array.from({ length: HOURS }, () => []);
  recs.forEach((r, i) => {
    const h = [0, 1, 2, 4, 5][i % 5]!;
    const time = `2026-11-22T${String(4 + h).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`;
    byHour[h]!.push(r.line.replace(/"inferenceTime":"[^"]*"/, `"inferenceTime":"${time}"`));
  });
  byHour[2]!.push('{not json');
  for (let h = 0; h < HOURS; h++) if (byHour[h]!.length) await storage.put(`${name}/capture/ep/AllTraffic/${hour(h)}/part.jsonl`, byHour[h]!.join('\n'));
  const ids = recs.map((r) => unwrap(parseCaptureLine(r.line, 1)).inferenceId!);
  await storage.put(`${name}/gt/${hour(0)}/labels.jsonl`, recs.map((r, i) => groundTruth(ids[i]!, String(r.label ?? 0))).join('\n'));
  return {
    store: storage.store,
    captures: Array.from({ length: HOURS }, (_, h) => storage.uri(`${name}/capture/ep/AllTraffic/${hour(h)}/`)),
    groundTruth: [storage.uri(`${name}/gt/${hour(0)}/`)],
    window,
    maxGroundTruth: 1_000_000,
  };
}

/** How many blocks the objects under `prefix` make. */
async function blocksOf(storage: Storage, prefix: string, blockBytes: number): Promise<number> {
  let n = 0;
  await cutBlocks(storage.store, storage.store.list(prefix), { blockBytes }, () => void n++);
  return n;
}

const counts = (t: Tally) => ({ good: t.good, objects: t.objects, bad: t.errors.total, errors: t.errors.errors });

describeSamples('a run in parts merges to one worker\'s report', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await fileStorage();
  });
  afterAll(async () => {
    await storage.close();
  });

  type Case = [string, () => MonitorAnalyzer, () => Rec[], number, number | undefined];
  // By name, not make().needsGroundTruth: the table is built even when the samples are missing and the suite skipped.
  const joined = (name: string) => !/^(DATA_QUALITY|MODEL_EXPLAINABILITY)/.test(name);
  const cases = CASES().flatMap(([name, make, records]): Case[] => [
    [name, make, records, 1_000_000, undefined],
    joined(name) ? [`${name}, grace hash join`, make, records, 70, undefined] : [`${name}, hours in blocks of 2 KiB`, make, records, 1_000_000, 2048],
  ]);
  test.each(cases)(
    '%s', async (name, make, records, maxGroundTruth, blockBytes) => {
      const input = { ...(await putWindow(storage, name.replace(/\W+/g, '-'), records())), maxGroundTruth, blockBytes };
      if (blockBytes) expect(await blocksOf(storage, input.captures[0]!, blockBytes)).toBeGreaterThan(3);
      const oneCaptures = new Tally();
      const oneGt = new Tally();
      const one = make();
      const oneJoin = await analyzeWindow(input, one, oneCaptures, oneGt);
      const expected = JSON.stringify(unwrap(one.finish()));
      expect(oneCaptures.good).toBe(300);
      expect(oneCaptures.errors.total).toBe(1);

      for (const split of [[[0, 1, 2, 3, 4, 5]], [[0, 1], [2], [3, 4, 5]], [[0], [1], [2], [3], [4], [5]]]) {
        const texts = await Promise.all(split.map(async (units) => JSON.stringify(await analyzePart(input, units, make()))));
        const merged = make();
        const captures = new Tally();
        const gt = new Tally();
        const join = unwrap(mergeParts(texts.map((t) => unwrap(readPartResult(JSON.parse(t)))), merged, captures, gt));
        expect([split, JSON.stringify(unwrap(merged.finish()))]).toEqual([split, expected]);
        expect([split, counts(captures), counts(gt), join]).toEqual([split, counts(oneCaptures), counts(oneGt), oneJoin]);
      }

      // Worker threads (the store read through this thread): three parts of two partitions.
      const threaded = make();
      const captures = new Tally();
      const gt = new Tally();
      const join = await analyzeInThreads(input, threaded, captures, gt, 3);
      expect(JSON.stringify(unwrap(threaded.finish()))).toBe(expected);
      expect([counts(captures), counts(gt), join]).toEqual([counts(oneCaptures), counts(oneGt), oneJoin]);
    },
  );

  test('splitUnits: contiguous groups, at most the threads asked for, none smaller than the minimum', () => {
    expect(splitUnits(6, 3)).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(splitUnits(8, 2)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(splitUnits(5, 4, 2)).toEqual([[0, 1], [2, 3, 4]]);
    expect(splitUnits(1, 8)).toEqual([[0]]);
  });

  test('a unit merged twice (a retried part counted again) is refused', async () => {
    const [, make, records] = CASES()[0]!;
    const input = await putWindow(storage, 'twice', records());
    const part = await analyzePart(input, [0, 1], make());
    expect(mergeParts([part, part], make(), new Tally(), new Tally())).toMatchObject({ ok: false, error: { message: 'part results: unit 0 merged twice' } });
  });
});
