// A small in-process cache of verified API keys: HMAC hash → caller, for a short TTL.
//
// Safety:
// - Keyed by the stored HMAC, never by the clear key; unknown and revoked keys are
//   not cached (every such request goes to the database).
// - Revocation in this process is immediate: revokeApiKey, updateMember and
//   removeMember bump the process-wide revocation epoch after their change commits,
//   which empties every cache of the process at once. An entry read from the database
//   before a bump is never stored after it (the epoch is taken before the read).
// - Another gateway process sees a revocation when its entry expires: at most `ttlMs`
//   (2 s by default) later.
// - Concurrent misses for one key share one database read.
import type { Caller, KeyCaller } from '../kernel/caller.js';
import { Lru } from '../shared/lru.js';

/** Bumped by every change that can revoke or lower a key; entries from an older epoch are dead. */
let revocationEpoch = 0;

/** Call after a change that revokes a key or lowers a role has committed (and on failure, to be safe). */
export function bumpRevocationEpoch(): void {
  revocationEpoch++;
}

interface Entry {
  caller: KeyCaller;
  epoch: number;
  expiresAt: number;
  /** Estimated heap: the caller's JSON length (its strings, one byte a character) plus the record. */
  bytes: number;
}

export interface KeyCacheOptions {
  /** How long a verified key is trusted without asking the database (ms). */
  ttlMs?: number;
  /** Most bytes kept (config CACHE_API_KEYS_MB); the least recently used keys go first. */
  maxBytes: number;
}

export const DEFAULT_KEY_CACHE_TTL_MS = 2_000;
/** An entry's record (epoch, expiry) and the frozen caller object's own header. */
const ENTRY_BYTES = 96;

export class KeyCache {
  private readonly entries: Lru<Entry>;
  private readonly inflight = new Map<string, { epoch: number; promise: Promise<Caller> }>();
  private readonly ttlMs: number;
  private seenEpoch = revocationEpoch;

  constructor(options: KeyCacheOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_KEY_CACHE_TTL_MS;
    this.entries = new Lru<Entry>({ maxBytes: options.maxBytes, sizeOf: (e) => e.bytes });
  }

  /** The cached caller of `hash`, or undefined. */
  get(hash: string, now: number): KeyCaller | undefined {
    this.sync();
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= now || entry.epoch !== revocationEpoch) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.caller; // the LRU moved it to the end
  }

  /**
   * The caller of `hash` from the cache, or from `load` (shared by concurrent misses).
   * Only key callers are kept: an unknown or revoked key asks the database every time.
   */
  async resolve(hash: string, now: number, load: () => Promise<Caller>): Promise<Caller> {
    const hit = this.get(hash, now);
    if (hit) return hit;
    const epoch = revocationEpoch;
    const pending = this.inflight.get(hash);
    if (pending && pending.epoch === epoch) return pending.promise;
    const promise = load().then(
      (caller) => {
        if (caller.kind === 'key') this.store(hash, caller, epoch, Date.now());
        return caller;
      },
    );
    this.inflight.set(hash, { epoch, promise });
    const clear = () => {
      if (this.inflight.get(hash)?.promise === promise) this.inflight.delete(hash);
    };
    promise.then(clear, clear);
    return promise;
  }

  get size(): number {
    this.sync();
    return this.entries.size;
  }

  /** Estimated bytes held, never above maxBytes. */
  get bytes(): number {
    this.sync();
    return this.entries.bytes;
  }

  private store(hash: string, caller: KeyCaller, epoch: number, now: number): void {
    // Read before a revocation committed in this process: do not keep it.
    if (epoch !== revocationEpoch) return;
    const frozen = Object.freeze({ ...caller });
    this.entries.set(hash, { caller: frozen, epoch, expiresAt: now + this.ttlMs, bytes: JSON.stringify(frozen).length + ENTRY_BYTES });
  }

  /** Drops everything once the epoch moved (frees memory; correctness does not depend on it). */
  private sync(): void {
    if (this.seenEpoch !== revocationEpoch) {
      this.entries.clear();
      this.seenEpoch = revocationEpoch;
    }
  }
}
