// Where events travel between processes: Redis pub/sub, so a subscriber on any gateway
// process hears events relayed by any process. The in-process driver serves tests and
// single-process use.
import { Redis } from 'ioredis';
import { logger } from '../shared/logger.js';
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

export class RedisEventBus implements EventBus {
  private readonly pub: Redis;
  private sub: Redis | undefined;
  private readonly handlers = new Set<(event: GatewayEvent) => void>();
  private readonly channel: string;

  constructor(url: string, prefix: string) {
    this.channel = `${prefix}:events`;
    this.pub = new Redis(url, { maxRetriesPerRequest: 3 });
  }

  async publish(events: readonly GatewayEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.pub.pipeline();
    for (const e of events) pipeline.publish(this.channel, JSON.stringify(e));
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async subscribe(handler: (event: GatewayEvent) => void): Promise<() => void> {
    if (!this.sub) {
      const sub = new Redis(this.pub.options);
      this.sub = sub;
      sub.on('message', (_channel: string, message: string) => {
        let parsed;
        try {
          parsed = GatewayEventSchema.safeParse(JSON.parse(message));
        } catch {
          parsed = null;
        }
        if (!parsed?.success) {
          logger().warn({ channel: this.channel }, 'dropped a malformed event from Redis');
          return;
        }
        for (const h of this.handlers) h(parsed.data);
      });
      await sub.subscribe(this.channel);
    }
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async ping(): Promise<void> {
    await this.pub.ping();
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.all([this.pub.quit().catch(() => undefined), this.sub?.quit().catch(() => undefined)]);
  }
}
