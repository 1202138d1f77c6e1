// Apollo's document store (parsed and validated documents by the sha256 of their text), as a
// byte-bounded LRU (config CACHE_DOCUMENTS_MB). Apollo's default store is bounded by 30 MiB of
// JSON.stringify'd documents, which leaves out the token list every AST Location keeps (a
// document's heap was 4 times its JSON: about 14 KB for a 210-character query, measured with
// `npm run bench:soak`'s documents). A stored document drops those tokens: after parsing,
// graphql-js and Apollo read a location's start, end and source, and graphql-jit the line and
// column of its first token (its errors' locations), which a lean location computes from its
// source when asked. A document then holds about 20 bytes per character of its text instead of 70
// (DOCUMENT_BYTES_PER_CHAR counts what the store keeps around it too).
import { getLocation, type DocumentNode, type Location, type SourceLocation } from 'graphql';
import { DOCUMENT_BYTES_PER_CHAR, Lru } from '../shared/lru.js';

/** Apollo's KeyValueCache<DocumentNode>, as ApolloServerOptions.documentStore takes it. */
export interface DocumentStore {
  get(key: string): Promise<DocumentNode | undefined>;
  set(key: string, value: DocumentNode): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/** A location without its tokens; printed as graphql-js prints one. */
class LeanLocation {
  constructor(readonly start: number, readonly end: number, readonly source: Location['source']) {}

  /** The line and column of the first token, as graphql-jit reads them for an error's location. */
  get startToken(): SourceLocation {
    return getLocation(this.source, this.start);
  }

  toJSON(): { start: number; end: number } {
    return { start: this.start, end: this.end };
  }

  get [Symbol.toStringTag](): string {
    return 'Location';
  }
}

/** Replaces every node's location by one without tokens, in place (the document is Apollo's own parse). */
export function dropTokens(document: DocumentNode): DocumentNode {
  const pending: unknown[] = [document];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (Array.isArray(node)) {
      pending.push(...(node as unknown[]));
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown> & { loc?: Location };
    for (const [key, value] of Object.entries(record)) if (key !== 'loc' && typeof value === 'object') pending.push(value);
    const loc = record.loc;
    if (loc && !(loc instanceof LeanLocation)) (record as { loc?: unknown }).loc = new LeanLocation(loc.start, loc.end, loc.source);
  }
  return document;
}

/** Characters of the document's text (its location spans the whole source). */
export const documentChars = (document: DocumentNode): number => document.loc?.source.body.length ?? 0;

/** The hash of Apollo's key (`<schema hash>:<sha256 of the text>` when a store is given). */
export const queryHashOf = (key: string): string => key.slice(key.lastIndexOf(':') + 1);

/**
 * A document store of at most `maxBytes`; `onDropped` hears the query hash of each document it
 * lets go (evicted or deleted), so what was derived from the document can go with it.
 */
export function documentStore(maxBytes: number, onDropped: (queryHash: string) => void = () => {}): DocumentStore & { readonly lru: Lru<DocumentNode> } {
  const lru = new Lru<DocumentNode>({
    maxBytes,
    sizeOf: (document) => documentChars(document) * DOCUMENT_BYTES_PER_CHAR,
    onEvict: (key) => onDropped(queryHashOf(key)),
  });
  return {
    lru,
    get: async (key) => lru.get(key),
    set: async (key, document) => {
      lru.set(key, dropTokens(document));
    },
    delete: async (key) => {
      const had = lru.delete(key);
      if (had) onDropped(queryHashOf(key));
      return had;
    },
  };
}
