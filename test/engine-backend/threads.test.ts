// A run whose window spans several hour partitions, analysed on 1 and on 3 worker threads: the same
// execution (status, final progress counts, violations) and the same report files, byte for byte; for data
// quality and for model quality (the join: every thread joins its hours with all the labels).
import type { Db } from '../../src/db/client.js';
import { testDb } from '../support/db.js';
import { capture, fileStorage, groundTruth, monitorOf, rng, scheduleOf, type Storage } from './fixtures.js';
import { harness } from './harness.js';

const HOURS = ['05', '06', '07', '08', '09', '10'];
let db: Db;
let storage: Storage;
beforeAll(async () => {
  db = testDb();
  storage = await fileStorage();
  const r = rng(21);
  const dq = ['age,score,plan'];
  const mq = ['label,prediction'];
  for (let i = 0; i < 400; i++) {
    dq.push(`${20 + Math.floor(r() * 40)},${(r() * 10).toFixed(3)},${r() < 0.5 ? 'basic' : 'pro'}`);
    mq.push(`${i % 2},${r() < 0.9 ? i % 2 : 1 - (i % 2)}`);
  }
  await storage.put('DATA_QUALITY.csv', dq.join('\n'));
  await storage.put('MODEL_QUALITY.csv', mq.join('\n'));
  const gts: string[] = [];
  for (const [h, hour] of HOURS.entries()) {
    const lines: string[] = [];
    for (let i = 0; i < 80 + 30 * h; i++) {
      const y = r() < 0.5 ? 1 : 0;
      const id = `t${hour}-${i}`;
      lines.push(capture(id, `${25 + h * 5 + Math.floor(r() * 40)},${(r() * 12).toFixed(4)},${r() < 0.4 ? 'basic' : r() < 0.8 ? 'pro' : 'gold'}`, String(r() < 0.75 ? y : 1 - y), `2026-11-22T${hour}:${String(i % 60).padStart(2, '0')}:00Z`));
      gts.push(groundTruth(id, String(y)));
    }
    await storage.put(`capture/ep/AllTraffic/2026/11/22/${hour}/part-0.jsonl`, lines.join('\n'));
  }
  await storage.put('gt/2026/11/22/10/labels.jsonl', gts.join('\n'));
});
afterAll(async () => {
  await storage.close();
  await db.$disconnect();
});

test.each([
  ['DATA_QUALITY', {}],
  ['MODEL_QUALITY', { problemType: 'BinaryClassification' as const, groundTruthS3Uri: '' }],
] as const)('%s over six hours: 3 threads give the 1-thread execution and report files', async (type, extra) => {
  const run = async (threads: number) => {
    const h = await harness(db, storage, { threads });
    const config = { ...extra, endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri(`out-${type}-${threads}`), ...('groundTruthS3Uri' in extra ? { groundTruthS3Uri: storage.uri('gt') } : {}) };
    const monitor = await h.baseline(monitorOf(type, config), `${type}.csv`);
    const { execution, report } = await h.run(monitor, scheduleOf({ expression: 'NOW', dataAnalysisStartTime: '-PT7H', dataAnalysisEndTime: '-PT1H' }));
    await h.queue.close();
    if (!execution.reportUri) throw new Error(`run failed: ${execution.failureReason}`);
    const files = await Promise.all(['statistics.json', 'constraint_violations.json'].map((f) => storage.store.readText(`${execution.reportUri}${f}`)));
    const { updatedAt: _, ...progress } = execution.progress!;
    return { execution: { status: execution.status, failureReason: execution.failureReason, progress }, violations: report?.violations, files };
  };
  const one = await run(1);
  expect(one.execution).toMatchObject({ status: expect.stringMatching(/^COMPLETED/), failureReason: null });
  expect(one.files[0]!.length).toBeGreaterThan(500);
  expect(await run(3)).toEqual(one);
});
