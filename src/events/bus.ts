// Where events travel between processes: a Redis Stream, so a subscriber on any gateway
// process hears events relayed by any process. The in-process driver serves tests and
// single-process use.
import { Redis } from 'ioredis';
import { logger } from '../shared/logger.js';
import { closeRedis } from '../shared/redis.js';
import { GatewayEventSchema, type GatewayEvent } from './types.js';

export interface EventBus {
  publish(events: readonly GatewayEvent[]): Promise<void>;
  /** Returns an unsubscribe function. Handlers should not throw. */
  subscribe(handler: (event: GatewayEvent) => void): Promise<() => void>;
  /** Throws when the bus cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class InProcessEventBus implements EventBus {
  private readonly handlers = new Set<(event: GatewayEvent) => void>();

  async publish(events: readonly GatewayEvent[]): Promise<void> {
    for (const e of events) for (const h of this.handlers) h(e);
  }

  async subscribe(handler: (event: GatewayEvent) => void): Promise<() => void> {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.handlers.clear();
  }
}

/**
 * A Redis Stream (XADD / XREAD), not pub/sub: pub/sub drops what is published while a
 * subscriber's connection is down (a Redis restart), whereas each process here reads the
 * stream from the last entry it saw and resumes there after reconnecting. A process that
 * starts reads only what is added after it started. The stream is capped (MAXLEN ~).
 */
export class RedisEventBus implements EventBus {
  private readonly pub: Redis;
  private reader: Redis | undefined;
  private readonly handlers = new Set<(event: GatewayEvent) => void>();
  private readonly stream: string;
  private lastId = '0-0';
  private loop: Promise<void> | undefined;
  private stopped = false;
  /** Settles on close: a read pending on a reconnecting connection is never answered. */
  private readonly closing: Promise<null>;
  private signalClose: () => void = () => undefined;

  constructor(private readonly url: string, prefix: string, private readonly maxLen = 100_000) {
    this.stream = `${prefix}:events`;
    this.pub = new Redis(url, { maxRetriesPerRequest: 3 });
    this.closing = new Promise((resolve) => (this.signalClose = () => resolve(null)));
  }

  async publish(events: readonly GatewayEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.pub.pipeline();
    for (const e of events) pipeline.xadd(this.stream, 'MAXLEN', '~', String(this.maxLen), '*', 'e', JSON.stringify(e));
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
  }

  async subscribe(handler: (event: GatewayEvent) => void): Promise<() => void> {
    if (!this.reader) {
      // Commands wait for a reconnection instead of failing: the read loop just resumes.
      this.reader = new Redis(this.url, { maxRetriesPerRequest: null });
      const newest = await this.reader.xrevrange(this.stream, '+', '-', 'COUNT', 1);
      this.lastId = newest[0]?.[0] ?? '0-0';
      this.loop = this.read(this.reader);
    }
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Reads until closed; never throws (errors are logged and the read retried from lastId). */
  private async read(reader: Redis): Promise<void> {
    while (!this.stopped) {
      try {
        const result = await Promise.race([
          reader.xread('COUNT', 500, 'BLOCK', 2000, 'STREAMS', this.stream, this.lastId),
          this.closing,
        ]);
        for (const [, entries] of result ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            this.deliver(fields[1]);
          }
        }
      } catch (error) {
        if (this.stopped) return;
        logger().warn({ err: error, stream: this.stream }, 'reading events from Redis failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private deliver(message: string | undefined): void {
    let parsed;
    try {
      parsed = GatewayEventSchema.safeParse(JSON.parse(message ?? ''));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      logger().warn({ stream: this.stream }, 'dropped a malformed event from Redis');
      return;
    }
    for (const h of this.handlers) h(parsed.data);
  }

  async ping(): Promise<void> {
    await this.pub.ping();
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.signalClose();
    this.handlers.clear();
    // Not QUIT: a blocked XREAD would hold it for up to 2 s.
    this.reader?.disconnect();
    await this.loop;
    await closeRedis(this.pub);
  }
}
