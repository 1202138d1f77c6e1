// One per gateway process: listens to the bus once, drops events it has already seen
// (by eventId), and hands each to the matching subscriptions of this process.
import type { EventBus } from './bus.js';
import type { GatewayEvent } from './types.js';

const SEEN_LIMIT = 50_000;

type Listener = (event: GatewayEvent) => void;

export class EventHub {
  private readonly listeners = new Set<Listener>();
  private readonly seen = new Set<string>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly bus: EventBus) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe((e) => this.dispatch(e));
  }

  stop(): void {
    this.unsubscribe?.();
    for (const l of this.listeners) this.listeners.delete(l);
  }

  private dispatch(event: GatewayEvent): void {
    if (this.seen.has(event.eventId)) return;
    this.seen.add(event.eventId);
    // Insertion-ordered: the oldest ids go first once the window is full.
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value as string);
    for (const l of this.listeners) l(event);
  }

  /** Events of one team that pass `accept`, as an async iterator a subscription can return. */
  iterate<T extends GatewayEvent>(teamId: string, accept: (e: GatewayEvent) => e is T): AsyncIterableIterator<T> {
    const queue: T[] = [];
    let wake: ((r: IteratorResult<T>) => void) | null = null;
    let done = false;
    const listener: Listener = (e) => {
      if (e.teamId !== teamId || !accept(e)) return;
      if (wake) {
        const w = wake;
        wake = null;
        w({ value: e, done: false });
      } else queue.push(e);
    };
    this.listeners.add(listener);
    const finish = (): Promise<IteratorResult<T>> => {
      done = true;
      this.listeners.delete(listener);
      wake?.({ value: undefined, done: true });
      wake = null;
      return Promise.resolve({ value: undefined, done: true });
    };
    return {
      next: () => {
        if (done) return Promise.resolve({ value: undefined, done: true });
        const first = queue.shift();
        if (first) return Promise.resolve({ value: first, done: false });
        return new Promise((resolve) => (wake = resolve));
      },
      return: finish,
      throw: (error: unknown) => finish().then(() => Promise.reject(error)),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}
