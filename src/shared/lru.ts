// A bounded cache in use order, shared by the process-wide caches (report documents, team
// metric expositions, trusted GraphQL documents).

/** A Map in use order: a hit moves its key to the end, the oldest key goes first when full. */
export class Lru<V> {
  readonly #items = new Map<string, V>();
  constructor(private readonly size: number) {}

  get(key: string): V | undefined {
    const v = this.#items.get(key);
    if (v === undefined) return undefined;
    this.#items.delete(key);
    this.#items.set(key, v);
    return v;
  }

  set(key: string, value: V): void {
    this.#items.delete(key);
    this.#items.set(key, value);
    if (this.#items.size > this.size) this.#items.delete(this.#items.keys().next().value as string);
  }

  delete(key: string): void {
    this.#items.delete(key);
  }
}
