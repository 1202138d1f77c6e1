// Per-API-key request budget: a token bucket kept in Redis, so every gateway process
// draws from the same budget. The bucket holds at most `burst` tokens and refills at
// `perMinute` per minute; each request takes one. The Lua script reads Redis's own
// clock (TIME), so processes with skewed clocks still agree.
//
// LEASES: a process takes up to `lease` tokens in one call (burst / 20, at least 1, at most
// 50) and spends them on the key's next requests without asking Redis again, for at most
// `leaseMs`; tokens left then go back to the bucket with the key's next call (a key that
// goes quiet keeps at most lease - 1 of them away). So a budget is never exceeded, and a key
// whose requests are spread over several processes is charged what it sends; a process may
// refuse while another still holds a few leased tokens (at most lease - 1 per process). With the default burst of 100, a key's polling costs one Redis
// call per 5 requests instead of one per request; small bursts (under 40) stay exact. Leases are
// kept in an LRU bounded by bytes (config CACHE_RATE_LEASES_MB): a lease pushed out takes its
// unspent tokens with it (the key is charged them, at most lease - 1, until the bucket refills).
//
// FAIL OPEN: when Redis cannot be reached (not connected, error, slow answer), requests
// are allowed and a warning is logged (at most every 10 s per process). A Redis outage
// must not take the API down; the per-request cost and depth limits still apply.
//
// WHY NOT rate-limiter-flexible (11.4.0, RateLimiterRedis over ioredis, measured 2026-12-05 by
// `npm run bench:libs` against the real Redis, Node 20, 2 shared cores): it counts fixed windows
// of whole seconds, not a refilling bucket, so its nearest equivalent of a burst of 10 at 300 a
// minute let 19 requests through in 0.2 s across a window's edge (this: 10), and its key holds a
// string counter, not this hash. Without leases, every request is one Redis call (this: 0.2 per
// allowed request at the default burst); one key polling took 36-113 µs median per request
// against 13-26 µs here (x2.4-4.4 over four runs), 200 keys in turn x3.6-4.7; refusals cost
// the same (one call each side). It was faster only for 25 concurrent requests of one key
// (x0.5-0.8: it sends the 25 calls at once, where this makes them wait for its leases' calls).
import { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.js';
import { Lru } from '../shared/lru.js';

const TOKEN_BUCKET = `
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local returned = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * perMs + returned)
local granted = 0
local waitMs = 0
if tokens >= 1 then
  granted = math.min(wanted, math.floor(tokens))
  tokens = tokens - granted
else
  waitMs = math.ceil((1 - tokens) / perMs)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / perMs) + 1000)
return { granted, waitMs, math.floor(tokens) }
`;

export interface RateLimitOptions {
  redisUrl: string;
  prefix: string;
  perMinute: number;
  burst: number;
  /** A Redis answer slower than this counts as Redis being down (fail open). */
  timeoutMs?: number;
  /** How long leased tokens may be spent before they go back (default 1 s). */
  leaseMs?: number;
  /** Most bytes of leases kept (config CACHE_RATE_LEASES_MB). */
  maxLeaseBytes: number;
}

/** A lease's record: three numbers and the object's header. */
const LEASE_BYTES = 48;

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one request is allowed again (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

/** What the gateway asks of a rate limiter: this Redis one, or the in-memory one of single-process mode (./memory-rate-limit.ts). */
export interface KeyRateLimiter {
  start(): Promise<void>;
  stop(): Promise<void>;
  take(apiKeyId: string, log: Logger): Promise<RateDecision>;
}

type BucketRedis = Redis & { takeTokens(key: string, capacity: number, perMs: number, wanted: number, returned: number): Promise<[number, number, number]> };

interface Lease {
  tokens: number;
  /** Tokens left in the shared bucket when the lease was taken. */
  bucket: number;
  expires: number;
}

export class RateLimiter implements KeyRateLimiter {
  private readonly redis: BucketRedis;
  private lastWarning = 0;
  private readonly lease: number;
  private readonly leases: Lru<Lease>;
  /** One Redis call per key at a time: concurrent requests wait for it instead of each taking a lease. */
  private readonly calls = new Map<string, Promise<RateDecision>>();

  constructor(private readonly options: RateLimitOptions) {
    this.redis = new Redis(options.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs ?? 500,
      retryStrategy: (times) => Math.min(times * 200, 5_000),
    }) as BucketRedis;
    this.redis.defineCommand('takeTokens', { numberOfKeys: 1, lua: TOKEN_BUCKET });
    this.lease = Math.min(50, Math.max(1, Math.floor(options.burst / 20)));
    this.leases = new Lru<Lease>({ maxBytes: options.maxLeaseBytes, sizeOf: () => LEASE_BYTES });
    this.redis.on('error', () => undefined); // reported per request by take(), not per reconnect attempt
  }

  /** Connects; never throws (a limiter without Redis fails open). */
  async start(): Promise<void> {
    await this.redis.connect().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.redis.disconnect();
  }

  /** Estimated bytes of the leases kept, never above the bound. */
  get leaseBytes(): number {
    return this.leases.bytes;
  }

  key(apiKeyId: string): string {
    return `${this.options.prefix}:rl:${apiKeyId}`;
  }

  /** Takes one token from the key's bucket (or its lease); allows (and warns) when Redis cannot answer. */
  async take(apiKeyId: string, log: Logger): Promise<RateDecision> {
    for (;;) {
      const now = Date.now();
      const lease = this.leases.get(apiKeyId);
      if (lease && lease.tokens > 0 && lease.expires > now) {
        lease.tokens--;
        return { allowed: true, retryAfterSeconds: 0, remaining: lease.bucket + lease.tokens };
      }
      const pending = this.calls.get(apiKeyId);
      if (!pending) break;
      // Another request of this key is asking Redis: its lease may serve this one too.
      const decision = await pending;
      if (!decision.allowed) return decision;
    }
    const call = this.takeFromRedis(apiKeyId, log).finally(() => this.calls.delete(apiKeyId));
    this.calls.set(apiKeyId, call);
    return call;
  }

  private async takeFromRedis(apiKeyId: string, log: Logger): Promise<RateDecision> {
    const { perMinute, burst } = this.options;
    try {
      // Reached only when the key's lease is spent or expired: what it has left goes back.
      const unspent = this.leases.get(apiKeyId)?.tokens ?? 0;
      this.leases.delete(apiKeyId);
      const [granted, waitMs, remaining] = await this.redis.takeTokens(this.key(apiKeyId), burst, perMinute / 60_000, this.lease, unspent);
      if (granted < 1) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), remaining };
      // One token is this request's; the rest are leased to the key's next requests in this process.
      this.leases.set(apiKeyId, { tokens: granted - 1, bucket: remaining, expires: Date.now() + (this.options.leaseMs ?? 1_000) });
      return { allowed: true, retryAfterSeconds: 0, remaining: remaining + granted - 1 };
    } catch (err) {
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        log.warn({ err }, 'rate limiter cannot reach Redis; allowing requests without a rate limit (fail open)');
      }
      return { allowed: true, retryAfterSeconds: 0, remaining: burst };
    }
  }
}
