// Outbox rows the relay cannot parse (outbox.ts). One such row must not stop the relay, so it
// is set aside: while young it stays unpublished, since a newer gateway's relay may read it (a
// rolling deploy writes event types an older relay does not know); once older than the dead
// horizon (OUTBOX_DEAD_AFTER_MS) it is marked dead, never read again, and purged by retention.
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { metrics } from '../ops/metrics.js';

export interface UnreadableRow {
  id: bigint;
  createdAt: Date;
  /** Why it did not parse: the zod message, truncated (stored as deadReason). */
  reason: string;
}

/** Called once per row per relay (one a process), when the relay first finds it unreadable; `dead`: marked dead at once. */
export type OnUnreadable = (row: UnreadableRow, dead: boolean) => void;

/** deadReason's bound: the message of a payload with many bad fields can be long. */
const MAX_REASON = 1000;

export function unreadableReason(error: z.ZodError): string {
  const text = z.prettifyError(error);
  return text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`;
}

/**
 * The young unreadable rows one relay has seen, by id: its later reads skip them (a run of them
 * longer than a batch must not hold up the events behind it) and each is reported once. Each
 * leaves when marked dead, so this holds at most the unreadable rows of one dead horizon.
 */
export class SetAsideRows {
  private readonly waiting = new Map<bigint, UnreadableRow>();

  /** The ids the relay's read skips, as text (the statement casts them to bigint[]). */
  ids(): string[] {
    return [...this.waiting.keys()].map(String);
  }

  /**
   * Sets the rows aside inside the relay's transaction: those older than `deadAfterMs`, and any
   * set aside earlier that aged since, are marked dead (only if still neither published nor dead).
   * Returns what to do after the commit (counting, forgetting): a rolled-back pass changes nothing.
   */
  async add(tx: Tx, rows: readonly UnreadableRow[], deadAfterMs: number, now: Date, onUnreadable?: OnUnreadable): Promise<() => void> {
    const { waiting } = this;
    const horizon = now.getTime() - deadAfterMs;
    const fresh = rows.filter((r) => !waiting.has(r.id));
    // The read skips the waiting rows, so `rows` holds none of them (a repeat would update nothing).
    const aged = [...rows, ...waiting.values()].filter((r) => r.createdAt.getTime() <= horizon);
    let dead = 0;
    for (const row of aged) {
      const { count } = await tx.outboxEvent.updateMany({
        where: { id: row.id, publishedAt: null, deadAt: null },
        data: { deadAt: now, deadReason: row.reason },
      });
      dead += count;
    }
    return () => {
      const agedIds = new Set(aged.map((r) => r.id));
      for (const row of fresh) {
        metrics.outboxUnreadable.inc();
        onUnreadable?.(row, agedIds.has(row.id));
        if (!agedIds.has(row.id)) waiting.set(row.id, row);
      }
      for (const id of agedIds) waiting.delete(id);
      metrics.outboxDead.inc(dead);
    };
  }
}
