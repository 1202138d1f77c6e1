// Per-API-key request budget: a token bucket kept in Redis, so every gateway process
// draws from the same budget. The bucket holds at most `burst` tokens and refills at
// `perMinute` per minute; each request takes one. The Lua script reads Redis's own
// clock (TIME), so processes with skewed clocks still agree.
//
// FAIL OPEN: when Redis cannot be reached (not connected, error, slow answer), requests
// are allowed and a warning is logged (at most every 10 s per process). A Redis outage
// must not take the API down; the per-request cost and depth limits still apply.
import { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.js';

const TOKEN_BUCKET = `
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * perMs)
local allowed = 0
local waitMs = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  waitMs = math.ceil((1 - tokens) / perMs)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / perMs) + 1000)
return { allowed, waitMs, math.floor(tokens) }
`;

export interface RateLimitOptions {
  redisUrl: string;
  prefix: string;
  perMinute: number;
  burst: number;
  /** A Redis answer slower than this counts as Redis being down (fail open). */
  timeoutMs?: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one request is allowed again (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

type BucketRedis = Redis & { takeToken(key: string, capacity: number, perMs: number): Promise<[number, number, number]> };

export class RateLimiter {
  private readonly redis: BucketRedis;
  private lastWarning = 0;

  constructor(private readonly options: RateLimitOptions) {
    this.redis = new Redis(options.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs ?? 500,
      retryStrategy: (times) => Math.min(times * 200, 5_000),
    }) as BucketRedis;
    this.redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TOKEN_BUCKET });
    this.redis.on('error', () => undefined); // reported per request by take(), not per reconnect attempt
  }

  /** Connects; never throws (a limiter without Redis fails open). */
  async start(): Promise<void> {
    await this.redis.connect().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.redis.disconnect();
  }

  key(apiKeyId: string): string {
    return `${this.options.prefix}:rl:${apiKeyId}`;
  }

  /** Takes one token from the key's bucket; allows (and warns) when Redis cannot answer. */
  async take(apiKeyId: string, log: Logger): Promise<RateDecision> {
    const { perMinute, burst } = this.options;
    try {
      const [allowed, waitMs, remaining] = await this.redis.takeToken(this.key(apiKeyId), burst, perMinute / 60_000);
      return { allowed: allowed === 1, retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)), remaining };
    } catch (err) {
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        log.warn({ err }, 'rate limiter cannot reach Redis; allowing requests without a rate limit (fail open)');
      }
      return { allowed: true, retryAfterSeconds: 0, remaining: burst };
    }
  }
}
