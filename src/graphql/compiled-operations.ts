// Which operations graphql-jit compiles, and the compiled code kept. Compiling costs several
// times one interpreted run and its code weighs about 180 bytes per character of the document
// (38 KB for a 210-character query, before V8 adds bytecode once it runs), so only HOT
// operations are compiled: run `hotRuns` times (config GRAPHQL_JIT_HOT_RUNS) within one window of
// HOT_WINDOW_MS from the first run. A polled query is; a client sending a new text each time, or
// thousands of texts in turn, is not (README, Performance: bench:soak's 15,000 documents). The
// code is kept in an LRU bounded by bytes (config CACHE_COMPILED_MB), keyed by the query hash of
// Apollo's document store, which calls `forget` when it lets a document go: the code (which
// holds its document) goes with it.
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { Lru } from '../shared/lru.js';
import { documentChars } from './document-store.js';

/** The window in which an operation must run `hotRuns` times to be compiled. */
export const HOT_WINDOW_MS = 60_000;
/** Estimated heap of compiled code per character of the document's text (measured 180, plus V8's bytecode once run). */
export const COMPILED_BYTES_PER_CHAR = 250;
/** A sighting counter: its record and numbers (the key is counted by the LRU). */
const SIGHTING_BYTES = 48;

/** Compiled code, or the errors of an operation that does not compile (the same each time). */
export type Compiled = CompiledQuery | ExecutionResult;

interface Entry {
  byName: Map<string, Compiled>;
  chars: number;
}

interface Sightings {
  runs: number;
  since: number;
}

export class CompiledOperations {
  readonly #compiled: Lru<Entry>;
  /** Runs of operations not compiled yet; an eighth of the bound, the rest holds code. */
  readonly #sightings: Lru<Sightings>;

  constructor(maxBytes: number, private readonly hotRuns: number, private readonly now: () => number = Date.now) {
    const counters = Math.floor(maxBytes / 8);
    this.#sightings = new Lru({ maxBytes: counters, sizeOf: () => SIGHTING_BYTES });
    this.#compiled = new Lru({ maxBytes: maxBytes - counters, sizeOf: (e) => e.chars * COMPILED_BYTES_PER_CHAR * e.byName.size });
  }

  /** The operation's compiled code, compiled now if it just became hot, or null: interpret it. */
  lookup(queryHash: string, document: DocumentNode, operationName: string | undefined, compile: () => Compiled): Compiled | null {
    const name = operationName ?? '';
    const entry = this.#compiled.get(queryHash);
    const hit = entry?.byName.get(name);
    if (hit) return hit;
    if (!this.#hot(`${queryHash}\n${name}`)) return null;
    const compiled = compile();
    const next = entry ?? { byName: new Map<string, Compiled>(), chars: documentChars(document) };
    next.byName.set(name, compiled);
    this.#compiled.set(queryHash, next); // sized again with its new operation
    return compiled;
  }

  /** The document of `queryHash` left the document store: its code goes too. */
  forget(queryHash: string): void {
    this.#compiled.delete(queryHash);
  }

  /** Estimated bytes held (code and counters), never above the bound. */
  get bytes(): number {
    return this.#compiled.bytes + this.#sightings.bytes;
  }

  /** Counts a run; true once the operation is hot (its counter then goes: compiled, it needs none). */
  #hot(key: string): boolean {
    const now = this.now();
    const seen = this.#sightings.get(key);
    if (!seen || now - seen.since > HOT_WINDOW_MS) {
      if (this.hotRuns <= 1) return true;
      this.#sightings.set(key, { runs: 1, since: now });
      return false;
    }
    if (++seen.runs < this.hotRuns) return false;
    this.#sightings.delete(key);
    return true;
  }
}
