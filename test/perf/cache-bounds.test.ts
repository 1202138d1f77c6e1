// The caches' byte bounds, without a gateway: the shared LRU, Apollo's document store (and its
// documents without tokens), graphql-jit's compiled operations (compiled once hot, dropped with
// their document), the API key cache and single-process mode's rate-limit buckets. Each is filled far past its bound; its byte total
// stays under it, and what was pushed out is built again alike.
import { parse, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { Lru, ENTRY_OVERHEAD } from '../../src/shared/lru.js';
import { documentStore, dropTokens } from '../../src/graphql/document-store.js';
import { CompiledOperations, HOT_WINDOW_MS } from '../../src/graphql/compiled-operations.js';
import { buildSchema } from '../../src/graphql/schema.js';
import { KeyCache } from '../../src/tenancy/key-cache.js';
import { MemoryRateLimiter } from '../../src/tenancy/memory-rate-limit.js';
import { logger } from '../../src/shared/logger.js';
import type { Caller } from '../../src/kernel/caller.js';
import { sha256Hex } from '../../src/trusted-documents/manifest.js';
import { distinctDocument } from '../../scripts/bench/soak-documents.js';

describe('Lru (bounded by bytes)', () => {
  it('keeps its estimated bytes under the bound however much is put in, newest first', () => {
    const evicted: string[] = [];
    const lru = new Lru<string>({ maxBytes: 10_000, sizeOf: (v) => v.length, onEvict: (k) => evicted.push(k) });
    for (let i = 0; i < 5_000; i++) {
      lru.set(`k${i}`, 'x'.repeat(i % 400));
      expect(lru.bytes).toBeLessThanOrEqual(10_000);
    }
    expect(lru.get('k4999')).toBe('x'.repeat(4999 % 400));
    expect(lru.get('k0')).toBeUndefined();
    expect(evicted.length).toBe(5_000 - lru.size);
    expect(evicted.slice(0, 3)).toEqual(['k0', 'k1', 'k2']);
  });

  it('counts key and overhead, refuses a value larger than the bound, and frees bytes on delete and clear', () => {
    const lru = new Lru<string>({ maxBytes: 1_000, sizeOf: (v) => v.length });
    expect(lru.set('a', 'xx')).toBe(true);
    expect(lru.bytes).toBe(2 + 1 + ENTRY_OVERHEAD);
    expect(lru.set('big', 'x'.repeat(1_000))).toBe(false);
    expect(lru.get('big')).toBeUndefined();
    lru.set('a', 'xxxx'); // replaced, not added
    expect(lru.bytes).toBe(4 + 1 + ENTRY_OVERHEAD);
    lru.delete('a');
    expect(lru.bytes).toBe(0);
    lru.set('b', 'y');
    lru.clear();
    expect([lru.bytes, lru.size]).toEqual([0, 0]);
  });

  it('moves a hit to the newest end', () => {
    const lru = new Lru<number>({ maxBytes: 3 * (1 + ENTRY_OVERHEAD + 1), sizeOf: () => 1 });
    for (const k of ['a', 'b', 'c']) lru.set(k, 1);
    lru.get('a');
    lru.set('d', 1);
    expect([lru.get('a'), lru.get('b'), lru.get('c'), lru.get('d')]).toEqual([1, undefined, 1, 1]);
  });
});

describe('document store', () => {
  it('stays under its bound over 2,000 distinct documents and tells which documents it let go', async () => {
    const dropped: string[] = [];
    const store = documentStore(64 * 1024, (hash) => dropped.push(hash));
    for (let i = 0; i < 2_000; i++) {
      const text = distinctDocument(i);
      await store.set(`schema:${sha256Hex(text)}`, parse(text));
      expect(store.lru.bytes).toBeLessThanOrEqual(64 * 1024);
    }
    expect(store.lru.size).toBeGreaterThan(5);
    expect(dropped[0]).toBe(sha256Hex(distinctDocument(0)));
    expect(await store.get(`schema:${sha256Hex(distinctDocument(0))}`)).toBeUndefined();
    expect(await store.get(`schema:${sha256Hex(distinctDocument(1_999))}`)).toBeDefined();
  });

  it('drops the tokens but keeps what errors read: the same validation errors, at the same locations', async () => {
    const schema = await buildSchema();
    const text = 'query Q {\n  monitors(first: 2) {\n    edges { node { id nope } }\n  }\n}';
    const full = validate(schema, parse(text)).map((e) => e.toJSON());
    const lean = dropTokens(parse(text));
    const field = parse(text).definitions[0] as OperationDefinitionNode;
    const leanField = lean.definitions[0] as OperationDefinitionNode;
    const token = (d: OperationDefinitionNode) => d.selectionSet.selections[0]!.loc!.startToken;
    expect({ line: token(leanField).line, column: token(leanField).column }).toEqual({ line: token(field).line, column: token(field).column });
    expect(token(leanField).next).toBeUndefined(); // no token list
    expect(validate(schema, lean).map((e) => e.toJSON())).toEqual(full);
    expect(full[0]!.locations).toEqual([{ line: 3, column: 23 }]);
    expect(JSON.stringify(lean.loc)).toBe(JSON.stringify(parse(text).loc));
  });
});

describe('compiled operations', () => {
  let schema: Awaited<ReturnType<typeof buildSchema>>;
  beforeAll(async () => {
    schema = await buildSchema();
  });
  const counting = () => {
    const compiled: string[] = [];
    const compile = (document: DocumentNode, name?: string) => () => {
      compiled.push(name ?? '');
      return compileQuery(schema, document, name);
    };
    return { compiled, compile };
  };

  it('compiles an operation on its hot run within the window, not one that runs less often', () => {
    let now = 0;
    const cache = new CompiledOperations(1 << 20, 3, () => now);
    const { compiled, compile } = counting();
    const doc = parse('query A { viewer { role } }');
    expect(cache.lookup('h', doc, 'A', compile(doc, 'A'))).toBeNull();
    expect(cache.lookup('h', doc, 'A', compile(doc, 'A'))).toBeNull();
    const isCompiled = (c: ReturnType<typeof cache.lookup>) => c !== null && isCompiledQuery(c);
    expect(isCompiled(cache.lookup('h', doc, 'A', compile(doc, 'A')))).toBe(true);
    expect(isCompiled(cache.lookup('h', doc, 'A', compile(doc, 'A')))).toBe(true);
    expect(compiled).toEqual(['A']);
    const slow = parse('query B { viewer { role } }');
    for (let i = 0; i < 6; i++) {
      now += HOT_WINDOW_MS / 2 + 1; // two runs a window: never three within one
      expect(cache.lookup('s', slow, 'B', compile(slow, 'B'))).toBeNull();
    }
    expect(compiled).toEqual(['A']);
  });

  it('stays under its bound over 1,000 hot documents, and drops a document\'s code when the store lets the document go', () => {
    const bound = 512 * 1024;
    const cache = new CompiledOperations(bound, 1);
    const { compiled, compile } = counting();
    for (let i = 0; i < 1_000; i++) {
      const doc = parse(distinctDocument(i));
      cache.lookup(`h${i}`, doc, undefined, compile(doc));
      expect(cache.bytes).toBeLessThanOrEqual(bound);
    }
    const last = parse(distinctDocument(999));
    cache.lookup('h999', last, undefined, compile(last));
    expect(compiled).toHaveLength(1_000); // still held
    cache.forget('h999');
    cache.lookup('h999', last, undefined, compile(last));
    expect(compiled).toHaveLength(1_001); // compiled again once forgotten
  });
});

describe('API key cache', () => {
  const caller = (n: number): Caller => ({ kind: 'key', teamId: `team-${n}`, keyId: `key-${n}`, memberId: null, role: 'VIEWER', trustedOnly: false });

  it('stays under its bound over 5,000 keys; an evicted key is verified again, to the same caller', async () => {
    const cache = new KeyCache({ maxBytes: 16 * 1024 });
    const loads = new Map<number, number>();
    const load = (n: number) => async () => {
      loads.set(n, (loads.get(n) ?? 0) + 1);
      return caller(n);
    };
    const now = Date.now();
    for (let n = 0; n < 5_000; n++) {
      await cache.resolve(`hash-${n}`, now, load(n));
      expect(cache.bytes).toBeLessThanOrEqual(16 * 1024);
    }
    expect(cache.size).toBeGreaterThan(10);
    expect(await cache.resolve('hash-4999', now, load(4999))).toEqual(caller(4999));
    expect(loads.get(4999)).toBe(1); // still cached
    expect(await cache.resolve('hash-0', now, load(0))).toEqual(caller(0));
    expect(loads.get(0)).toBe(2); // evicted, so asked again
  });
});

describe('single-process rate limiter', () => {
  it('stays under its bound over 5,000 keys; an evicted key\'s bucket starts again full', async () => {
    const now = 1_000_000; // a still clock: nothing refills
    const limiter = new MemoryRateLimiter({ perMinute: 60, burst: 3, maxBytes: 16 * 1024 }, () => now);
    const log = logger();
    const drained = [];
    for (let i = 0; i < 4; i++) drained.push(await limiter.take('k0', log));
    expect(drained.map((d) => [d.allowed, d.remaining])).toEqual([[true, 2], [true, 1], [true, 0], [false, 0]]);
    for (let n = 1; n <= 5_000; n++) {
      await limiter.take(`k${n}`, log);
      expect(limiter.bytes).toBeLessThanOrEqual(16 * 1024);
    }
    expect(await limiter.take('k5000', log)).toMatchObject({ allowed: true, remaining: 1 }); // still held: its second token
    expect(await limiter.take('k0', log)).toMatchObject({ allowed: true, remaining: 2 }); // pushed out: a full bucket again
  });
});
