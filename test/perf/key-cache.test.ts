// The API key cache: hits skip the database, revocation in this process empties it at
// once, and an answer read before a revocation is never kept after it.
import { KeyCache, bumpRevocationEpoch } from '../../src/tenancy/key-cache.js';
import type { Caller } from '../../src/kernel/caller.js';

const MiB = 2 ** 20;
const caller = (role: 'VIEWER' | 'ADMIN' = 'ADMIN'): Caller => ({ kind: 'key', teamId: 't', keyId: 'k', memberId: null, role, trustedOnly: false });

describe('KeyCache', () => {
  it('answers from memory until the TTL, then asks again', async () => {
    const cache = new KeyCache({ ttlMs: 1000, maxBytes: MiB });
    let loads = 0;
    const load = async () => { loads++; return caller(); };
    await cache.resolve('h', 0, load);
    await cache.resolve('h', 500, load);
    expect(loads).toBe(1);
    await cache.resolve('h', Date.now() + 2000, load);
    expect(loads).toBe(2);
  });

  it('never keeps unknown or revoked keys', async () => {
    const cache = new KeyCache({ maxBytes: MiB });
    let loads = 0;
    const load = async (): Promise<Caller> => { loads++; return { kind: 'anonymous', reason: 'This API key was revoked' }; };
    await cache.resolve('h', Date.now(), load);
    await cache.resolve('h', Date.now(), load);
    expect(loads).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('forgets everything when a revocation commits, in every cache of the process', async () => {
    const a = new KeyCache({ maxBytes: MiB });
    const b = new KeyCache({ maxBytes: MiB });
    await a.resolve('h', Date.now(), async () => caller());
    await b.resolve('h', Date.now(), async () => caller());
    bumpRevocationEpoch();
    expect(a.get('h', Date.now())).toBeUndefined();
    expect(b.get('h', Date.now())).toBeUndefined();
  });

  it('does not keep a read that raced with a revocation', async () => {
    const cache = new KeyCache({ maxBytes: MiB });
    let release!: () => void;
    const slow = cache.resolve('h', Date.now(), () => new Promise<Caller>((resolve) => { release = () => resolve(caller()); }));
    bumpRevocationEpoch(); // the revoke commits while the read is in flight
    release();
    await slow;
    let loads = 0;
    await cache.resolve('h', Date.now(), async () => { loads++; return { kind: 'anonymous', reason: 'This API key was revoked' }; });
    expect(loads).toBe(1);
  });

  it('shares one read between concurrent misses', async () => {
    const cache = new KeyCache({ maxBytes: MiB });
    let loads = 0;
    const load = async () => { loads++; await new Promise((r) => setTimeout(r, 10)); return caller(); };
    await Promise.all([cache.resolve('h', Date.now(), load), cache.resolve('h', Date.now(), load), cache.resolve('h', Date.now(), load)]);
    expect(loads).toBe(1);
  });

  it('keeps at most maxBytes of keys, dropping the least recently used', async () => {
    const one = new KeyCache({ maxBytes: MiB });
    await one.resolve('a', Date.now(), async () => caller());
    const cache = new KeyCache({ maxBytes: Math.floor(one.bytes * 2.5) }); // two entries fit, not three
    const now = Date.now();
    await cache.resolve('a', now, async () => caller());
    await cache.resolve('b', now, async () => caller());
    cache.get('a', now);
    await cache.resolve('c', now, async () => caller());
    expect(cache.get('a', now)).toBeDefined();
    expect(cache.get('b', now)).toBeUndefined();
  });
});
