// A cache in use order, bounded by bytes, shared by every process-wide cache (GraphQL
// documents and compiled operations, API keys, rate-limit leases, trusted documents, report
// documents, team metric expositions); each sets its bound from config (src/config.ts,
// cacheBounds). Bytes are estimates: each cache says in its `sizeOf` how it estimates a value,
// and every entry adds its key's length and ENTRY_OVERHEAD (the Map entry and its record).

/**
 * Estimated heap of a parsed GraphQL document per character of its text, once its token list is
 * dropped (src/graphql/document-store.ts): about 20 for the document alone, measured in a test
 * process; in the gateway under bench:soak, a sampling heap profile put what its documents kept
 * (their nodes, locations, texts and keys) at about twice that.
 */
export const DOCUMENT_BYTES_PER_CHAR = 48;

/** What one entry costs besides its key and value: the Map's slot and the { value, bytes } record. */
export const ENTRY_OVERHEAD = 64;

export interface LruOptions<V> {
  /** The most bytes the entries may add up to; 0 keeps nothing. */
  maxBytes: number;
  /** The estimated bytes of a value (without its key); each cache says how it estimates. */
  sizeOf: (value: V) => number;
  /** Called with each entry the bound pushes out (not for delete, clear or a replaced value). */
  onEvict?: (key: string, value: V) => void;
}

/** A Map in use order: a hit moves its key to the end; the oldest keys go first once the bytes exceed the bound. */
export class Lru<V> {
  readonly #items = new Map<string, { value: V; bytes: number }>();
  #bytes = 0;

  constructor(private readonly options: LruOptions<V>) {}

  get(key: string): V | undefined {
    const item = this.#items.get(key);
    if (item === undefined) return undefined;
    this.#items.delete(key);
    this.#items.set(key, item);
    return item.value;
  }

  /** Stores `value` as the newest entry; false (and nothing kept) when it alone exceeds the bound. */
  set(key: string, value: V): boolean {
    this.delete(key);
    const bytes = this.options.sizeOf(value) + key.length + ENTRY_OVERHEAD;
    if (bytes > this.options.maxBytes) return false;
    this.#items.set(key, { value, bytes });
    this.#bytes += bytes;
    while (this.#bytes > this.options.maxBytes) {
      const [oldest, item] = this.#items.entries().next().value as [string, { value: V; bytes: number }];
      this.#remove(oldest, item.bytes);
      this.options.onEvict?.(oldest, item.value);
    }
    return true;
  }

  delete(key: string): boolean {
    const item = this.#items.get(key);
    if (item === undefined) return false;
    this.#remove(key, item.bytes);
    return true;
  }

  clear(): void {
    this.#items.clear();
    this.#bytes = 0;
  }

  /** The estimated bytes of every entry, keys and overhead included: never above maxBytes. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#items.size;
  }

  #remove(key: string, bytes: number): void {
    this.#items.delete(key);
    this.#bytes -= bytes;
  }
}
