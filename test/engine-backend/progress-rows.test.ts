// Progress of engine jobs, saved on their rows (EngineExecution, EngineBaselineJob) and
// reported by the backend: the phases in order, the counts of what was read, reports
// seen mid-run through listExecutions / describeBaseline, and a failed save never
// failing the job.
import type { ObjectStore } from '@mmg/engine/io';
import type { ProgressReport } from '../../src/backends/progress.js';
import type { BackendExecution } from '../../src/backends/types.js';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { JobProgress } from '../../src/engine/backend/progress.js';
import { capturedLog } from '../hardening/log-capture.js';
import { capture, fileStorage, groundTruth, monitorOf, scheduleOf, type Storage } from './fixtures.js';
import { harness, NOW, type Harness } from './harness.js';

/** Every progress report the engine wrote (from the SQL parameters), in order. */
const written: ProgressReport[] = [];
let db: Db;
let storage: Storage;
let gate: Gate;
let h: Harness;

interface Gate {
  store: ObjectStore;
  /** The next read of an object whose URI ends with `suffix` waits until `release()`. */
  hold(suffix: string): { reached: Promise<void>; release: () => void };
}

/** A store that can hold a job on one object, so the test looks at it mid-run. */
function gated(inner: ObjectStore): Gate {
  let held: { suffix: string; reached: () => void; released: Promise<void> } | null = null;
  return {
    store: {
      list: (p) => inner.list(p),
      read: async (uri) => {
        const h = held;
        if (h && uri.endsWith(h.suffix)) {
          held = null;
          h.reached();
          await h.released;
        }
        return inner.read(uri);
      },
      readText: (u) => inner.readText(u),
      writeText: (u, t, c) => inner.writeText(u, t, c),
    },
    hold(suffix) {
      let reached!: () => void;
      let release!: () => void;
      const r = new Promise<void>((res) => (reached = res));
      held = { suffix, reached, released: new Promise<void>((res) => (release = res)) };
      return { reached: r, release };
    },
  };
}

beforeAll(async () => {
  db = createDb({
    url: config().DATABASE_URL, poolSize: 2,
    onQuery: (sql, params) => {
      if (!/"Engine(Execution|BaselineJob)"/.test(sql)) return;
      for (const p of JSON.parse(params) as unknown[]) if (typeof p === 'string' && p.startsWith('{"phase"')) written.push(JSON.parse(p) as ProgressReport);
    },
  });
  storage = await fileStorage();
  gate = gated(storage.store);
  // One thread: parts on several threads count their partitions when each part ends, not as they go.
  h = await harness(db, { ...storage, store: gate.store }, { progressEveryMs: 10, threads: 1 });
});
beforeEach(() => {
  written.length = 0;
});
afterAll(async () => {
  await h.queue.close();
  await storage.close();
  await db.$disconnect();
});

/** Phases in the order written, repeats collapsed. */
const phases = (reports: ProgressReport[]) => reports.map((r) => r.phase).filter((p, i, all) => p !== all[i - 1]);

async function until<T>(read: () => Promise<T>, ok: (t: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 10_000;
  for (;;) {
    const t = await read();
    if (ok(t)) return t;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function expectCountsNeverDecrease(reports: ProgressReport[]) {
  for (let i = 1; i < reports.length; i++) {
    expect(reports[i]!.objectsRead).toBeGreaterThanOrEqual(reports[i - 1]!.objectsRead);
    expect(reports[i]!.recordsRead).toBeGreaterThanOrEqual(reports[i - 1]!.recordsRead);
    expect(reports[i]!.partitionsDone ?? 0).toBeGreaterThanOrEqual(reports[i - 1]!.partitionsDone ?? 0);
  }
}

const csv = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `${from + i},${(from + i) % 3}`).join('\n');
const caps = (prefix: string, hour: string, n: number) =>
  Array.from({ length: n }, (_, i) => capture(`${prefix}${hour}-${i}`, `${i},${i % 3}`, '0', `2026-11-22T${hour}:${String(i).padStart(2, '0')}:00Z`)).join('\n');

test('a baseline job saves its progress while it reads the dataset, and ends with DONE and the totals', async () => {
  await storage.put('b/data/part-1.csv', `x,y\n${csv(30)}`);
  await storage.put('b/data/part-2.csv', `x,y\n${csv(20, 30)}`);
  const monitor = monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('b/out') });
  const held = gate.hold('part-2.csv');
  const { jobRef } = await h.backend.suggestBaseline(monitor, { baselineId: 'b1', version: 1, datasetUri: storage.uri('b/data/'), datasetFormat: { csvHeader: true }, columnNames: null });
  await held.reached;
  try {
    const mid = await until(() => h.backend.describeBaseline(monitor, jobRef), (s) => 'progress' in s && s.progress?.recordsRead === 30, 'the first object counted');
    expect(mid).toEqual({ status: 'IN_PROGRESS', progress: { phase: 'READING_DATASET', partitionsDone: 1, partitionsTotal: 2, objectsRead: 2, recordsRead: 30, updatedAt: NOW.toISOString() } });
  } finally {
    held.release();
  }
  await h.queue.idle();
  expect((await h.backend.describeBaseline(monitor, jobRef)).status).toBe('COMPLETED');
  expect(phases(written)).toEqual(['LISTING', 'READING_DATASET', 'ANALYZING', 'WRITING_REPORT', 'DONE']);
  expectCountsNeverDecrease(written);
  const row = await db.engineBaselineJob.findUniqueOrThrow({ where: { id: jobRef } });
  expect(row.progress).toEqual({ phase: 'DONE', partitionsDone: 2, partitionsTotal: 2, objectsRead: 2, recordsRead: 50, updatedAt: NOW.toISOString() });
  expect(written.at(-1)).toEqual(row.progress);
});

test('a run saves its progress per hour partition; listExecutions reports it mid-run and the final counts after', async () => {
  await storage.put('r/train.csv', `x,y\n${csv(50)}`);
  const cap = 'r/capture/ep/AllTraffic/2026/11/22';
  await storage.put(`${cap}/07/part-0.jsonl`, caps('a', '07', 10));
  await storage.put(`${cap}/07/part-1.jsonl`, caps('b', '07', 5));
  await storage.put(`${cap}/08/part-0.jsonl`, caps('c', '08', 12));
  await storage.put(`${cap}/09/part-0.jsonl`, caps('d', '09', 8));
  // The run at 11:00 reads 07:00–10:00: three hour partitions.
  const endpointInput = { endpointName: 'ep', startTimeOffset: '-PT4H', endTimeOffset: '-PT1H' };
  const monitor = await h.baseline(monitorOf('DATA_QUALITY', { endpointInput, outputS3Uri: storage.uri('r/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('r/capture') } }), 'r/train.csv');
  written.length = 0;
  const schedule = scheduleOf();
  const armed = { ...schedule, backendRef: `builtin-${schedule.id}` };
  const held = gate.hold('09/part-0.jsonl');
  const running = h.run(monitor, schedule, new Date('2026-11-22T11:00:00Z'));
  await Promise.race([held.reached, running.then((r) => Promise.reject(new Error(`the run ended before hour 09: ${JSON.stringify(r.execution)}`)))]);
  let mid: BackendExecution;
  try {
    const list = () => h.backend.listExecutions(monitor, armed, {}).then((r) => r.executions[0]);
    // Hours 07 and 08 are saved as done before hour 09's object is counted as opened: wait for both.
    mid = (await until(list, (e) => e?.progress?.recordsRead === 27 && e.progress.objectsRead === 4, 'hours 07 and 08 counted, hour 09 opened'))!;
  } finally {
    held.release();
  }
  expect(mid).toMatchObject({ status: 'IN_PROGRESS', progress: { phase: 'READING_CAPTURES', partitionsDone: 2, partitionsTotal: 3, objectsRead: 4, recordsRead: 27 } });
  const { execution } = await running;
  expect(execution.status).toMatch(/^COMPLETED/); // drift or not: this test is about what was read
  const final = { phase: 'DONE', partitionsDone: 3, partitionsTotal: 3, objectsRead: 4, recordsRead: 35, updatedAt: NOW.toISOString() };
  expect(execution.progress).toEqual(final);
  const row = await db.engineExecution.findUniqueOrThrow({ where: { id: execution.executionId } });
  expect(row.recordCount).toBe(35);
  expect(row.progress).toEqual(final);
  expect(phases(written)).toEqual(['LISTING', 'READING_CAPTURES', 'ANALYZING', 'WRITING_REPORT', 'DONE']);
  expect(written.filter((r) => r.phase === 'READING_CAPTURES').length).toBeGreaterThan(1); // counts saved within the phase
  expect(written.at(-1)).toEqual(final);
  expectCountsNeverDecrease(written);
});

test('a run with ground truth reads the labels first; records of both inputs count', async () => {
  await storage.put('mq/train.csv', `label,prediction\n${Array.from({ length: 40 }, (_, i) => `${i % 2},${i % 2}`).join('\n')}`);
  await storage.put('mq/capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl', Array.from({ length: 20 }, (_, i) => capture(`m${i}`, '1,2', String(i % 2), `2026-11-22T10:${String(i).padStart(2, '0')}:00Z`)).join('\n'));
  await storage.put('mq/gt/2026/11/22/10/labels.jsonl', Array.from({ length: 20 }, (_, i) => groundTruth(`m${i}`, String(i % 2))).join('\n'));
  const monitor = await h.baseline(monitorOf('MODEL_QUALITY', {
    endpointInput: { endpointName: 'ep' }, problemType: 'BinaryClassification', groundTruthS3Uri: storage.uri('mq/gt'),
    outputS3Uri: storage.uri('mq/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('mq/capture') },
  }), 'mq/train.csv');
  written.length = 0;
  const { execution } = await h.run(monitor, scheduleOf(), new Date('2026-11-22T11:00:00Z'));
  expect(execution.status).toMatch(/^COMPLETED/);
  expect(phases(written)).toEqual(['LISTING', 'READING_GROUND_TRUTH', 'READING_CAPTURES', 'ANALYZING', 'WRITING_REPORT', 'DONE']);
  expect(execution.progress).toMatchObject({ phase: 'DONE', partitionsDone: 2, partitionsTotal: 2, objectsRead: 2, recordsRead: 40 });
});

test('a run that finds no data ends FAILED with phase DONE and nothing read', async () => {
  const monitor = monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'none' }, outputS3Uri: storage.uri('e/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('e/capture') } });
  const { execution } = await h.run(monitor, scheduleOf(), new Date('2026-11-22T11:00:00Z'));
  expect(execution.status).toBe('FAILED');
  expect(execution.progress).toEqual({ phase: 'DONE', partitionsDone: 1, partitionsTotal: 1, objectsRead: 0, recordsRead: 0, updatedAt: NOW.toISOString() });
});

describe('JobProgress', () => {
  const now = () => NOW;

  test('a failed save is logged and the job goes on; later saves still happen', async () => {
    const { log, lines } = capturedLog('warn');
    const saved: string[] = [];
    let fail = true;
    const p = new JobProgress({ log, fields: { job: 'execution' }, now, everyMs: 60_000, sink: async (r) => {
      if (fail) throw new Error('database unavailable');
      saved.push(r.phase);
    } });
    p.enter('READING_CAPTURES');
    await p.close(); // the failed save settled
    fail = false;
    const q = new JobProgress({ log, fields: { job: 'execution' }, now, everyMs: 60_000, sink: async (r) => void saved.push(r.phase) });
    q.enter('ANALYZING');
    q.enter('WRITING_REPORT');
    await q.close();
    expect(saved).toEqual(['ANALYZING', 'WRITING_REPORT']);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ msg: 'engine job progress not saved; the job goes on', phase: 'READING_CAPTURES', job: 'execution' }),
    ]);
  });

  test('saves keep their order; close waits for them, and nothing is saved after it', async () => {
    const saved: string[] = [];
    const slow = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const p = new JobProgress({ log: capturedLog('warn').log, fields: {}, now, everyMs: 60_000, sink: async (r) => {
      await slow(r.phase === 'READING_DATASET' ? 30 : 1);
      saved.push(r.phase);
    } });
    p.enter('READING_DATASET');
    p.enter('ANALYZING');
    await p.close();
    expect(saved).toEqual(['READING_DATASET', 'ANALYZING']);
    p.enter('WRITING_REPORT');
    await slow(5);
    expect(saved).toEqual(['READING_DATASET', 'ANALYZING']);
    expect(p.report('DONE')).toMatchObject({ phase: 'DONE', partitionsDone: null, partitionsTotal: null, objectsRead: 0, recordsRead: 0 });
  });
});
