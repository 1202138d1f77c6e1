// The only place that touches WebhookChannel and WebhookDelivery rows.
import type { Db } from '../db/client.js';
import type { Tx } from '../db/client.js';
import type { DeliveryStatus, Prisma, WebhookFormat } from '../generated/prisma/client.js';
import { afterCursorWhere, orderDesc, type Page } from '../shared/pagination.js';

export interface ChannelData {
  name: string;
  url: string;
  eventTypes: string[];
  filter: Prisma.InputJsonValue;
  format: WebhookFormat;
  active: boolean;
}

/** What a delivery attempt needs: the row and its channel. */
const WITH_CHANNEL = { channel: { select: { url: true, format: true, secretEncrypted: true, active: true } } } as const;

export const webhookStorage = {
  create: (tx: Tx, data: ChannelData & { teamId: string; secretEncrypted: string; secretPrefix: string }) => tx.webhookChannel.create({ data }),
  get: (db: Db | Tx, teamId: string, id: string) => db.webhookChannel.findFirst({ where: { id, teamId } }),
  update: (tx: Tx, id: string, data: Partial<ChannelData>) => tx.webhookChannel.update({ where: { id }, data }),
  /** Its deliveries go with it (ON DELETE CASCADE). */
  delete: (tx: Tx, id: string) => tx.webhookChannel.delete({ where: { id } }),
  list: (db: Db, teamId: string, page: Page) =>
    db.webhookChannel.findMany({ where: { teamId, ...afterCursorWhere('createdAt', page.after) }, orderBy: orderDesc('createdAt'), take: page.take }),
  /** Active channels of these teams (fan-out). */
  activeOfTeams: (tx: Tx, teamIds: readonly string[]) =>
    tx.webhookChannel.findMany({ where: { teamId: { in: [...teamIds] }, active: true }, select: { id: true, teamId: true, eventTypes: true, filter: true } }),

  /** Inserts the deliveries not there yet ((channelId, eventId) is unique); returns the new ones. */
  addDeliveries: (tx: Tx, rows: Array<{ teamId: string; channelId: string; eventId: string; eventType: string; payload: Prisma.InputJsonValue; nextAttemptAt: Date }>) =>
    rows.length === 0
      ? Promise.resolve([])
      : tx.webhookDelivery.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true, attempts: true, nextAttemptAt: true } }),
  delivery: (db: Db | Tx, teamId: string, id: string) => db.webhookDelivery.findFirst({ where: { id, teamId } }),
  deliveryWithChannel: (db: Db, id: string) => db.webhookDelivery.findUnique({ where: { id }, include: WITH_CHANNEL }),
  deliveries: (db: Db, teamId: string, channelId: string, status: DeliveryStatus | null | undefined, page: Page) =>
    db.webhookDelivery.findMany({
      where: { teamId, channelId, ...(status ? { status } : {}), ...afterCursorWhere('createdAt', page.after) },
      orderBy: orderDesc('createdAt'),
      take: page.take,
    }),
  /**
   * Takes attempt `attempts + 1` of a delivery in state (attempts, nextAttemptAt), once:
   * false when another job already took it or the delivery moved on (stale job).
   */
  claim: async (db: Db, id: string, seen: { attempts: number; nextAttemptAt: Date }, leaseUntil: Date): Promise<boolean> => {
    const r = await db.webhookDelivery.updateMany({
      where: { id, attempts: seen.attempts, nextAttemptAt: seen.nextAttemptAt, status: { in: ['PENDING', 'FAILED'] } },
      data: { attempts: { increment: 1 }, nextAttemptAt: leaseUntil },
    });
    return r.count === 1;
  },
  /** Records the outcome of attempt `attempts` (the claimed one). */
  finish: (db: Db, id: string, attempts: number, data: { status: DeliveryStatus; lastStatusCode: number | null; lastError: string | null; nextAttemptAt: Date | null; deliveredAt?: Date }) =>
    db.webhookDelivery.updateMany({ where: { id, attempts }, data }),
  /** Queued again from attempt 1 (redelivery). */
  requeue: (tx: Tx, id: string, at: Date) =>
    tx.webhookDelivery.update({ where: { id }, data: { status: 'PENDING', attempts: 0, nextAttemptAt: at, lastError: null, lastStatusCode: null, deliveredAt: null } }),
  /** A resumed channel's waiting deliveries are due now (new job ids: their old jobs ran while it was paused). */
  resume: (tx: Tx, channelId: string, at: Date) =>
    tx.webhookDelivery.updateMany({ where: { channelId, status: { in: ['PENDING', 'FAILED'] } }, data: { nextAttemptAt: at } }),
  /** PENDING/FAILED deliveries of active channels whose next attempt is due (sweeper). */
  due: (db: Db, now: Date, limit: number) =>
    db.webhookDelivery.findMany({
      where: { status: { in: ['PENDING', 'FAILED'] }, nextAttemptAt: { lte: now }, channel: { active: true } },
      select: { id: true, attempts: true, nextAttemptAt: true },
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
    }),
};
