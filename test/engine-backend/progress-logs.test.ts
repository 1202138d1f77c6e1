// Long engine jobs say when they start, how far they got and how they ended (log lines).
import type { Db } from '../../src/db/client.js';
import { progressLog } from '../../src/engine/backend/progress.js';
import { Tally } from '@mmg/engine/io';
import { testDb } from '../support/db.js';
import { capturedLog } from '../hardening/log-capture.js';
import { capture, fileStorage, monitorOf, scheduleOf, type Storage } from './fixtures.js';
import { harness } from './harness.js';

let db: Db;
let storage: Storage;
beforeAll(async () => {
  db = testDb();
  storage = await fileStorage();
});
afterAll(async () => {
  await storage.close();
  await db.$disconnect();
});

const messages = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

test('a baseline and an execution log their start and their end with counts and duration', async () => {
  const { log, lines } = capturedLog('info');
  const h = await harness(db, storage, { log });
  try {
    await storage.put('p/train.csv', 'x,y\n' + Array.from({ length: 50 }, (_, i) => `${i},${i % 3}`).join('\n'));
    const caps = Array.from({ length: 40 }, (_, i) => capture(`p${i}`, `${i + 100},${i % 3}`, '0', `2026-11-22T10:${String(i).padStart(2, '0')}:00Z`));
    await storage.put('p/capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl', caps.join('\n'));
    const monitor = await h.baseline(monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('p/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('p/capture') } }), 'p/train.csv');
    await h.run(monitor, scheduleOf(), new Date('2026-11-22T11:00:00Z'));
  } finally {
    await h.queue.close();
  }
  const logged = messages(lines);
  const byMsg = (m: string) => logged.filter((l) => l['msg'] === m);
  expect(byMsg('engine baseline started')).toHaveLength(1);
  expect(byMsg('engine baseline finished')[0]).toMatchObject({ job: 'baseline', status: 'COMPLETED', ms: expect.any(Number) });
  expect(byMsg('engine execution started')[0]).toMatchObject({ job: 'execution', type: 'DATA_QUALITY' });
  expect(byMsg('engine execution finished')[0]).toMatchObject({ status: 'COMPLETED_WITH_VIOLATIONS', records: 40, violations: expect.any(Number), ms: expect.any(Number) });
});

test('progress lines report objects and records read so far, at most once per interval', async () => {
  const { log, lines } = capturedLog('info');
  const tally = new Tally(progressLog(log, { job: 'execution' }, 0));
  tally.good = 7;
  tally.opened();
  tally.opened();
  expect(messages(lines)).toEqual([
    expect.objectContaining({ msg: 'engine job progress', job: 'execution', objects: 1, records: 7 }),
    expect.objectContaining({ objects: 2 }),
  ]);
  const quiet = capturedLog('info');
  const slow = new Tally(progressLog(quiet.log, {}, 60_000));
  slow.opened();
  expect(quiet.lines).toHaveLength(0);
});
