// One run's capture partitions analysed on up to `threads` worker threads, merged in order: the
// report is the bytes one thread gives (analyzeWindow). Without ground truth, every partition's
// blocks go to the threads (block-pool.ts). Ground-truth types keep the join: contiguous groups of
// partitions (parts), each analysed in a thread (part-thread.ts) while this thread owns the object
// store and serves their reads, then merged (mergeParts); every part joins its captures with the
// whole window's ground truth (each thread reads it all).
import { valueOrThrow } from '../errors.js';
import type { MonitorAnalyzer } from '../monitors/analyzer.js';
import type { FromParent, PartTask, ToParent } from './part-thread.js';
import { mergeParts, readPartResult, type PartResult } from './parts.js';
import { Tally } from './inputs.js';
import type { JoinStats } from './join.js';
import { runBlocks } from './block-pool.js';
import { cutBlocks, DEFAULT_BLOCK_BYTES } from './blocks.js';
import { CaptureBlock } from './capture-blocks.js';
import { UnitFold } from './units.js';
import type { ObjectStore } from './store.js';
import { startThread } from './thread-start.js';
import { analyzeWindow, type WindowInputs } from './window-inputs.js';

/** The partitions 0..n−1 in at most `parts` contiguous groups of at least `min` (the last may hold more). */
export function splitUnits(n: number, parts: number, min = 1): number[][] {
  const k = Math.max(1, Math.min(parts, Math.floor(n / Math.max(1, min))));
  return Array.from({ length: k }, (_, p) => {
    const from = Math.floor((p * n) / k);
    return Array.from({ length: Math.floor(((p + 1) * n) / k) - from }, (_, i) => from + i);
  });
}

/** Chunks of one object sent to a thread and not yet read by it: the most a read holds in memory (64 KiB each). */
const CHUNKS_IN_FLIGHT = 8;

function runPart(store: ObjectStore, task: PartTask): Promise<PartResult> {
  return new Promise((resolve, reject) => {
    const worker = startThread('part-thread', task);
    const answer = (m: FromParent, transfer: ArrayBuffer[] = []) => worker.postMessage(m, transfer);
    // Per read: called when the thread has taken one of its chunks (or the thread is gone).
    const consumed = new Map<number, () => void>();
    let gone = false;
    const end = () => {
      gone = true;
      for (const wake of consumed.values()) wake();
      void worker.terminate();
    };
    const serve = async (req: { id: number; op: 'list' | 'read'; uri: string }) => {
      try {
        if (req.op === 'list') {
          const uris: string[] = [];
          for await (const u of store.list(req.uri)) uris.push(u);
          return answer({ id: req.id, uris });
        }
        // Flow control: the store is read only as fast as the thread analyses, so a large object
        // is never queued whole in the thread's messages.
        let inFlight = 0;
        let wake: (() => void) | undefined;
        consumed.set(req.id, () => {
          inFlight--;
          wake?.();
        });
        for await (const c of await store.read(req.uri)) {
          while (inFlight >= CHUNKS_IN_FLIGHT && !gone) await new Promise<void>((r) => (wake = r));
          if (gone) return;
          const chunk = new Uint8Array(c as Uint8Array); // a copy this thread owns, transferred
          inFlight++;
          answer({ id: req.id, chunk }, [chunk.buffer]);
        }
        answer({ id: req.id, end: true });
      } catch (e) {
        if (!gone) answer({ id: req.id, error: e instanceof Error ? e.message : String(e) });
      } finally {
        consumed.delete(req.id);
      }
    };
    worker.on('message', (m: ToParent) => {
      if ('op' in m) {
        if (m.op === 'consumed') consumed.get(m.id)?.();
        else void serve(m);
      } else if ('done' in m) {
        const r = readPartResult(m.done);
        end();
        if (r.ok) resolve(r.value);
        else reject(new Error(r.error.message));
      } else {
        end();
        reject(new Error(`part thread: ${m.failed}`));
      }
    });
    worker.on('error', (e) => {
      end();
      reject(e);
    });
  });
}

/** Captures without ground truth: every unit's blocks, analysed on the threads (block-pool.ts), folded by unit (UnitFold). */
async function captureBlocksInThreads(input: WindowInputs, analyzer: MonitorAnalyzer, captures: Tally, threads: number): Promise<undefined> {
  const fold = new UnitFold(analyzer, (u) => valueOrThrow(analyzer.mergeState(u.state)));
  await runBlocks({
    threads,
    job: { kind: 'captures', spec: analyzer.spec, window: input.window },
    cut: async (o, onBlock) => {
      for (const [unit, prefix] of input.captures.entries()) {
        await cutBlocks(input.store, input.store.list(prefix), { ...o, blockBytes: input.blockBytes ?? DEFAULT_BLOCK_BYTES, opened: () => captures.opened() }, (b) => onBlock({ ...b, unit }));
        captures.partitionDone();
      }
    },
    open: (tally) => new CaptureBlock(analyzer, input.window, tally),
    tally: captures,
    mergeState: (s, unit) => fold.add(unit, s),
  });
  fold.settle();
  return undefined;
}

/**
 * analyzeWindow on up to `threads` threads. Without ground truth, the blocks of every partition
 * are spread over the threads; with it, contiguous groups of partitions, `minUnits` at least each
 * (one thread, or a single group: analyzeWindow here).
 */
export async function analyzeInThreads(input: WindowInputs, analyzer: MonitorAnalyzer, captures: Tally, groundTruth: Tally, threads: number, minUnits = 1): Promise<JoinStats | undefined> {
  if (!analyzer.needsGroundTruth && threads > 1) return captureBlocksInThreads(input, analyzer, captures, threads);
  const groups = splitUnits(input.captures.length, threads, minUnits);
  if (groups.length < 2) return analyzeWindow(input, analyzer, captures, groundTruth);
  const task = { spec: analyzer.spec, captures: input.captures, groundTruth: input.groundTruth, window: input.window, maxGroundTruth: input.maxGroundTruth, blockBytes: input.blockBytes };
  const parts = await Promise.all(groups.map((units) => runPart(input.store, { ...task, units })));
  return valueOrThrow(mergeParts(parts, analyzer, captures, groundTruth));
}
