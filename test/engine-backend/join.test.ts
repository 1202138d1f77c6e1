// More ground truth than the join may hold in memory: the grace hash join
// (partitions in scratch files) gives exactly the in-memory result.
import type { Db } from '../../src/db/client.js';
import { joinCaptures, Tally } from '@mmg/engine/io';
import { testDb } from '../support/db.js';
import { capture, fileStorage, groundTruth, monitorOf, rng, scheduleOf, type Storage } from './fixtures.js';
import { harness } from './harness.js';

let db: Db;
let storage: Storage;
beforeAll(async () => {
  db = testDb();
  storage = await fileStorage();
  const r = rng(9);
  const rows = ['label,prediction'];
  for (let i = 0; i < 300; i++) rows.push(`${i % 2},${r() < 0.9 ? i % 2 : 1 - (i % 2)}`);
  await storage.put('train.csv', rows.join('\n'));
  const caps: string[] = [];
  const gts: string[] = [];
  for (let i = 0; i < 500; i++) {
    const y = r() < 0.5 ? 1 : 0;
    caps.push(capture(`j${i}`, '1', String(r() < 0.7 ? y : 1 - y), `2026-11-22T10:${String(i % 60).padStart(2, '0')}:00Z`));
    if (i % 10 !== 0) gts.push(groundTruth(`j${i}`, String(y))); // 450 labels, 50 captures without one
  }
  gts.push(groundTruth('unknown-id', '1'));
  await storage.put('capture/ep/AllTraffic/2026/11/22/10/a.jsonl', caps.slice(0, 250).join('\n'));
  await storage.put('capture/ep/AllTraffic/2026/11/22/10/b.jsonl', caps.slice(250).join('\n'));
  await storage.put('gt/2026/11/22/10/labels.jsonl', gts.join('\n'));
});
afterAll(async () => {
  await storage.close();
  await db.$disconnect();
});

const window = { start: new Date('2026-11-22T10:00:00Z'), end: new Date('2026-11-22T11:00:00Z') };

test('joinCaptures: same pairs in memory and partitioned', async () => {
  const run = async (maxGroundTruth: number) => {
    const pairs: string[] = [];
    const stats = await joinCaptures(
      { store: storage.store, groundTruth: [storage.uri('gt/2026/11/22/10/')], captures: [storage.uri('capture/ep/AllTraffic/2026/11/22/10/')], window, maxGroundTruth },
      new Tally(), new Tally(), (rec, label) => void pairs.push(`${rec.inferenceId}=${label}`),
    );
    return { stats, pairs: pairs.sort() };
  };
  const memory = await run(1_000_000);
  const grace = await run(40);
  expect(memory.stats).toEqual({ matched: 450, unmatched: 50, partitions: 1 });
  expect(grace.stats).toEqual({ matched: 450, unmatched: 50, partitions: 2 * Math.ceil(451 / 40) });
  expect(grace.pairs).toEqual(memory.pairs);
});

test('a MODEL_QUALITY execution over more labels than maxGroundTruth completes with the same statistics', async () => {
  const stats = async (maxGroundTruth: number) => {
    const h = await harness(db, storage, { maxGroundTruth });
    const m = await h.baseline(monitorOf('MODEL_QUALITY', {
      endpointInput: { endpointName: 'ep' }, problemType: 'BinaryClassification', groundTruthS3Uri: storage.uri('gt'), outputS3Uri: storage.uri(`out-${maxGroundTruth}`),
    }), 'train.csv');
    const { execution, report } = await h.run(m, scheduleOf(), new Date('2026-11-22T11:00:00Z'));
    await h.queue.close();
    expect(execution.status).toBe('COMPLETED_WITH_VIOLATIONS');
    return report!.statistics;
  };
  const small = await stats(40);
  expect(small).toEqual(await stats(1_000_000));
  expect((small as { dataset: { item_count: number } }).dataset.item_count).toBe(450);
});
