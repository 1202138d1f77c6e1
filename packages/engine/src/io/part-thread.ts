// A worker thread's side of analyzeInThreads (threads.ts): builds the analysis from its spec and
// analyses its part's capture partitions, reading the objects through the parent thread, which
// owns the object store (list and read are asked for by message; chunks come back transferred).
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { analyzerOf, type AnalyzerSpec } from '../monitors/spec.js';
import { analyzePart } from './parts.js';
import type { ObjectStore } from './store.js';
import type { TimeWindow } from '../parse/window.js';

export interface PartTask {
  spec: AnalyzerSpec;
  units: number[];
  captures: string[];
  groundTruth: string[];
  window: TimeWindow;
  maxGroundTruth: number;
  blockBytes?: number | undefined;
}

/** Messages of the parent: a listing's URIs, an object's chunks (then `end`), or a failure. */
export type FromParent = { id: number; uris: string[] } | { id: number; chunk: Uint8Array } | { id: number; end: true } | { id: number; error: string };
/** `consumed`: the thread took one chunk of read `id` (the parent sends at most a few ahead). */
export type ToParent = { id: number; op: 'list' | 'read'; uri: string } | { id: number; op: 'consumed' } | { done: unknown } | { failed: string };

class Channel {
  private next = 0;
  private readonly waiting = new Map<number, (m: FromParent) => void>();
  constructor(private readonly port: NonNullable<typeof parentPort>) {
    port.on('message', (m: FromParent) => this.waiting.get(m.id)?.(m));
  }
  ask(op: 'list' | 'read', uri: string, on: (m: FromParent) => void): number {
    const id = this.next++;
    this.waiting.set(id, on);
    this.port.postMessage({ id, op, uri } satisfies ToParent);
    return id;
  }
  consumed(id: number): void {
    this.port.postMessage({ id, op: 'consumed' } satisfies ToParent);
  }
  forget(id: number): void {
    this.waiting.delete(id);
  }
}

function proxyStore(ch: Channel): ObjectStore {
  const unsupported = () => Promise.reject(new Error('a part thread only reads its inputs'));
  return {
    async *list(prefix) {
      const uris = await new Promise<string[]>((resolve, reject) => {
        const id = ch.ask('list', prefix, (m) => {
          ch.forget(id);
          if ('uris' in m) resolve(m.uris);
          else reject(new Error('error' in m ? m.error : 'unexpected answer'));
        });
      });
      yield* uris;
    },
    read(uri) {
      const chunks: Uint8Array[] = [];
      let ended = false;
      let failure: Error | undefined;
      let wake: (() => void) | undefined;
      const id = ch.ask('read', uri, (m) => {
        if ('chunk' in m) chunks.push(m.chunk);
        else if ('end' in m) ended = true;
        else failure = new Error('error' in m ? m.error : 'unexpected answer');
        wake?.();
      });
      async function* body() {
        try {
          for (;;) {
            while (chunks.length) {
              const chunk = chunks.shift()!;
              ch.consumed(id);
              yield chunk;
            }
            if (failure) throw failure;
            if (ended) return;
            await new Promise<void>((r) => (wake = r));
          }
        } finally {
          ch.forget(id);
        }
      }
      return Promise.resolve(Readable.from(body()));
    },
    readText: unsupported,
    writeText: unsupported,
  };
}

if (parentPort) {
  const port = parentPort;
  const task = workerData as PartTask;
  const analyzer = analyzerOf(task.spec);
  if (!analyzer.ok) port.postMessage({ failed: analyzer.error.message } satisfies ToParent);
  else {
    const store = proxyStore(new Channel(port));
    analyzePart({ store, captures: task.captures, groundTruth: task.groundTruth, window: task.window, maxGroundTruth: task.maxGroundTruth, blockBytes: task.blockBytes }, task.units, analyzer.value).then(
      (done) => port.postMessage({ done } satisfies ToParent),
      (e: unknown) => port.postMessage({ failed: e instanceof Error ? e.message : String(e) } satisfies ToParent),
    );
  }
}
