// A run whose window spans several hour partitions, analysed on 1 and on 3 worker threads: the same
// execution (status, final progress counts, violations) and the same report files, byte for byte; for data
// quality and for model quality (the join: every thread joins its hours with all the labels).
import type { Db } from '../../src/db/client.js';
import { testDb } from '../support/db.js';
import { fileStorage, monitorOf, scheduleOf, type Storage } from './fixtures.js';
import { harness } from './harness.js';
import { hoursConfig, putHours, SIX_HOURS, TYPES } from './hours.js';
import { runSummary } from './summary.js';

let db: Db;
let storage: Storage;
beforeAll(async () => {
  db = testDb();
  storage = await fileStorage();
  await putHours(storage);
});
afterAll(async () => {
  await storage.close();
  await db.$disconnect();
});

test.each(TYPES)('%s over six hours: 3 threads give the 1-thread execution and report files', async (type) => {
  const run = async (threads: number) => {
    const h = await harness(db, storage, { threads });
    const monitor = await h.baseline(monitorOf(type, hoursConfig(storage, type, `out-${type}-${threads}`)), `${type}.csv`);
    const { execution } = await h.run(monitor, scheduleOf(SIX_HOURS));
    await h.queue.close();
    return runSummary(h.backend, monitor, storage, execution);
  };
  const one = await run(1);
  expect(one.execution).toMatchObject({ status: expect.stringMatching(/^COMPLETED/), failureReason: null });
  expect(one.files[0]!.length).toBeGreaterThan(500);
  expect(await run(3)).toEqual(one);
});
