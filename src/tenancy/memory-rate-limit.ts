// The per-API-key token bucket of single-process mode: the same budget as the Redis limiter
// (./rate-limit.ts: `burst` tokens, refilled at `perMinute` a minute, one per request), kept
// in this process's memory, which is the whole deployment in that mode.
import type { Logger } from '../shared/logger.js';
import type { KeyRateLimiter, RateDecision } from './rate-limit.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept before full ones (idle keys) are dropped. */
const PRUNE_ABOVE = 10_000;

export class MemoryRateLimiter implements KeyRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(private readonly options: { perMinute: number; burst: number }, private readonly now: () => number = Date.now) {
    this.perMs = options.perMinute / 60_000;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.buckets.clear();
  }

  async take(apiKeyId: string, _log: Logger): Promise<RateDecision> {
    const now = this.now();
    const capacity = this.options.burst;
    const b = this.buckets.get(apiKeyId) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    this.buckets.set(apiKeyId, b);
    if (this.buckets.size > PRUNE_ABOVE) this.prune(now);
    if (b.tokens < 1) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)), remaining: 0 };
    b.tokens -= 1;
    return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(b.tokens) };
  }

  /** Drops the buckets that have refilled (a new one starts full anyway). */
  private prune(now: number): void {
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.at) * this.perMs >= this.options.burst) this.buckets.delete(key);
  }
}
