// The per-API-key token bucket of single-process mode: the same budget as the Redis limiter
// (./rate-limit.ts: `burst` tokens, refilled at `perMinute` a minute, one per request), kept
// in this process's memory, which is the whole deployment in that mode. The buckets are an LRU
// bounded by bytes (config CACHE_RATE_LEASES_MB, the Redis limiter's lease bound): a bucket
// pushed out is the least recently used key's, which starts again full when it comes back.
import type { Logger } from '../shared/logger.js';
import { Lru } from '../shared/lru.js';
import type { KeyRateLimiter, RateDecision } from './rate-limit.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** A bucket's record: two numbers and the object's header. */
const BUCKET_BYTES = 40;

export class MemoryRateLimiter implements KeyRateLimiter {
  private readonly buckets: Lru<Bucket>;
  private readonly perMs: number;

  constructor(private readonly options: { perMinute: number; burst: number; maxBytes: number }, private readonly now: () => number = Date.now) {
    this.perMs = options.perMinute / 60_000;
    this.buckets = new Lru<Bucket>({ maxBytes: options.maxBytes, sizeOf: () => BUCKET_BYTES });
  }

  /** Estimated bytes of the buckets, never above the bound. */
  get bytes(): number {
    return this.buckets.bytes;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.buckets.clear();
  }

  async take(apiKeyId: string, _log: Logger): Promise<RateDecision> {
    const now = this.now();
    const capacity = this.options.burst;
    let b = this.buckets.get(apiKeyId);
    if (!b) {
      b = { tokens: capacity, at: now };
      this.buckets.set(apiKeyId, b);
    }
    b.tokens = Math.min(capacity, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    if (b.tokens < 1) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)), remaining: 0 };
    b.tokens -= 1;
    return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(b.tokens) };
  }
}
