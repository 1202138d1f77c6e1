// The transactional outbox: events are inserted with the change that causes them, and
// relayed to the bus afterwards. A crash between commit and relay only delays an event
// (the relay picks up what is unpublished at its next pass, e.g. on restart); a crash
// between relay and marking re-publishes it, which receivers drop by eventId.
import { readRows, type Db } from '../db/client.js';
import type { Tx } from '../db/client.js';
import { metrics } from '../ops/metrics.js';
import type { EventBus } from './bus.js';
import { GatewayEventSchema, type GatewayEvent } from './types.js';
import { SetAsideRows, unreadableReason, type OnUnreadable, type UnreadableRow } from './outbox-unreadable.js';

/**
 * OutboxEvent is read only here, with SQL (Prisma has no SKIP LOCKED); written with Prisma.
 * Both marks null: the leading columns of the (deadAt, publishedAt, id) index, read in id order.
 * $2: the unreadable rows this relay set aside (outbox-unreadable.ts).
 */
const UNPUBLISHED = `SELECT x."id", x."payload", x."createdAt" FROM "OutboxEvent" x
  WHERE x."deadAt" IS NULL AND x."publishedAt" IS NULL AND NOT (x."id" = ANY($2::bigint[]))
  ORDER BY x."id" LIMIT $1::int FOR UPDATE SKIP LOCKED`;

/** OUTBOX_DEAD_AFTER_MS's default. */
const DEAD_AFTER_MS = 3_600_000;

/**
 * Idempotent: an event whose eventId is already in the outbox is skipped. Returns the events
 * added by this call: the changes made now, not replays (what metrics count).
 */
export async function addToOutbox(tx: Tx, events: readonly GatewayEvent[]): Promise<GatewayEvent[]> {
  if (events.length === 0) return [];
  const added = await tx.outboxEvent.createManyAndReturn({
    data: events.map((e) => ({ eventId: e.eventId, teamId: e.teamId, type: e.type, payload: e })),
    skipDuplicates: true,
    select: { eventId: true },
  });
  const ids = new Set(added.map((a) => a.eventId));
  return events.filter((e) => ids.has(e.eventId));
}

/**
 * Something else that must see each relayed event exactly once (e.g. webhook fan-out):
 * called inside the relay's transaction, so its rows commit with the "published" mark.
 * The function it may return runs after the commit (e.g. queueing jobs) and should not throw.
 */
export type OutboxSink = (tx: Tx, events: readonly GatewayEvent[]) => Promise<(() => Promise<void>) | void>;

export interface RelayOptions {
  limit?: number;
  sinks?: readonly OutboxSink[];
  /** How long a row that does not parse stays unpublished before it is marked dead (OUTBOX_DEAD_AFTER_MS). */
  deadAfterMs?: number;
  onUnreadable?: OnUnreadable;
  /** The unreadable rows this relay set aside, kept across its passes (startOutboxRelay keeps one); without it a call remembers none. */
  setAside?: SetAsideRows;
}

/**
 * Publishes up to `limit` unpublished events, oldest first, hands them to the sinks and
 * marks them. Rows are locked (SKIP LOCKED) so concurrent relays in other processes take
 * different events. A row that does not parse is left out and set aside (outbox-unreadable.ts).
 * Returns how many were published.
 */
export async function relayOutbox(db: Db, bus: EventBus, options: RelayOptions = {}): Promise<number> {
  const afterCommit: Array<() => Promise<void>> = [];
  const setAside = options.setAside ?? new SetAsideRows();
  const count = await db.$transaction(async (tx) => {
    const rows = await readRows<{ id: bigint; payload: unknown; createdAt: Date }>(tx, UNPUBLISHED, [options.limit ?? 500, setAside.ids()]);
    const now = new Date();
    const events: GatewayEvent[] = [];
    const ids: bigint[] = [];
    const unreadable: UnreadableRow[] = [];
    for (const r of rows) {
      const parsed = GatewayEventSchema.safeParse(r.payload);
      if (parsed.success) {
        events.push(parsed.data);
        ids.push(r.id);
      } else unreadable.push({ id: r.id, createdAt: r.createdAt, reason: unreadableReason(parsed.error) });
    }
    const forget = await setAside.add(tx, unreadable, options.deadAfterMs ?? DEAD_AFTER_MS, now, options.onUnreadable);
    afterCommit.push(async () => forget());
    if (events.length === 0) return 0;
    for (const sink of options.sinks ?? []) {
      const then = await sink(tx, events);
      if (then) afterCommit.push(then);
    }
    await bus.publish(events);
    await tx.outboxEvent.updateMany({ where: { id: { in: ids } }, data: { publishedAt: now } });
    return events.length;
  });
  metrics.eventsRelayed.inc(count); // once committed: a pass that rolled back is relayed again
  for (const then of afterCommit) await then();
  return count;
}

/** Runs the relay every `intervalMs` and on demand (`kick`), until stopped. Should not throw. */
export function startOutboxRelay(db: Db, bus: EventBus, options: RelayOptions & { intervalMs: number; onError: (error: unknown) => void }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const relayOptions = { ...options, setAside: options.setAside ?? new SetAsideRows() };
  const pass = async (): Promise<void> => {
    try {
      while ((await relayOutbox(db, bus, relayOptions)) > 0 && !stopped);
    } catch (error) {
      options.onError(error);
    }
  };
  const kick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass().finally(() => {
      running = null;
      if (again) {
        again = false;
        kick();
      }
    });
  };
  timer = setInterval(kick, options.intervalMs);
  kick();
  return {
    kick,
    /**
     * Waits for the pass in progress, at most `graceMs`: a pass can wait on Redis for as long
     * as Redis is down (queueing webhook deliveries). What it leaves is not lost: unmarked
     * events are relayed by the next relay, unqueued deliveries by the delivery sweeper.
     */
    async stop(graceMs = 5_000): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      let late: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((resolve) => (late = setTimeout(resolve, graceMs)))]);
      clearTimeout(late);
    },
  };
}
