// The only place that touches WebhookChannel and WebhookDelivery rows.
import { readCount, readRows, type Db } from '../db/client.js';
import type { Tx } from '../db/client.js';
import { Columns, countSql, pageOrder, pageWhere, SqlParams } from '../db/sql.js';
import { Prisma, type DeliveryStatus, type WebhookChannel, type WebhookDelivery, type WebhookFormat } from '../generated/prisma/client.js';
import type { Page } from '../shared/pagination.js';

export interface ChannelData {
  name: string;
  url: string;
  eventTypes: string[];
  filter: Prisma.InputJsonValue;
  format: WebhookFormat;
  active: boolean;
  repeatWindowMinutes: number;
}

const CHANNEL_COLUMNS = new Columns<WebhookChannel>(Prisma.WebhookChannelScalarFieldEnum, ['format']).sql;
const DELIVERY_COLUMNS = new Columns<WebhookDelivery>(Prisma.WebhookDeliveryScalarFieldEnum, ['status']).sql;

const CHANNEL = `SELECT ${CHANNEL_COLUMNS} FROM "WebhookChannel" x WHERE x."teamId" = $1::uuid AND x."id" = $2::uuid`;
const ACTIVE_OF_TEAMS = `SELECT x."id", x."teamId", x."eventTypes", x."filter", x."format"::text AS "format", x."repeatWindowMinutes"
  FROM "WebhookChannel" x WHERE x."teamId" = ANY($1::uuid[]) AND x."active"`;
/** What the fan-out needs of a channel. */
export type FanOutChannel = Pick<WebhookChannel, 'id' | 'teamId' | 'eventTypes' | 'filter' | 'format' | 'repeatWindowMinutes'>;
const DELIVERY = `SELECT ${DELIVERY_COLUMNS} FROM "WebhookDelivery" x WHERE x."teamId" = $1::uuid AND x."id" = $2::uuid`;

/** What a delivery attempt needs: the row and its channel. */
type ChannelOfDelivery = Pick<WebhookChannel, 'url' | 'format' | 'secretEncrypted' | 'active'>;
const WITH_CHANNEL = `SELECT ${DELIVERY_COLUMNS}, c."url" AS "channel.url", c."format"::text AS "channel.format",
    c."secretEncrypted" AS "channel.secretEncrypted", c."active" AS "channel.active"
  FROM "WebhookDelivery" x JOIN "WebhookChannel" c ON c."id" = x."channelId" WHERE x."id" = $1::uuid`;
type WithChannelRow = WebhookDelivery & { [K in keyof ChannelOfDelivery as `channel.${K}`]: ChannelOfDelivery[K] };

const DUE = `SELECT x."id", x."attempts", x."nextAttemptAt" FROM "WebhookDelivery" x JOIN "WebhookChannel" c ON c."id" = x."channelId"
  WHERE x."status" IN ('PENDING', 'FAILED') AND x."nextAttemptAt" <= $1::timestamptz AND c."active" ORDER BY x."nextAttemptAt" LIMIT $2::int`;

function deliveriesWhere(p: SqlParams, teamId: string, channelId: string, status: DeliveryStatus | null | undefined): string[] {
  const where = [`x."teamId" = ${p.add(teamId, '::uuid')}`, `x."channelId" = ${p.add(channelId, '::uuid')}`];
  if (status) where.push(`x."status" = ${p.add(status, '::"DeliveryStatus"')}`);
  return where;
}

/** What matches a bulk redelivery (redeliverWebhookDeliveries). */
export interface RedeliveryFilter {
  teamId: string;
  status: 'DEAD' | 'FAILED';
  channelId?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
  eventType?: string | null | undefined;
}

/**
 * Queues deliveries again from attempt 1, in one statement: the rows `select` picks (a
 * subquery of `d` over WebhookDelivery, ids only) become PENDING, due at `at`.
 */
function requeueRows(tx: Tx, p: SqlParams, at: Date, select: string): Promise<WebhookDelivery[]> {
  const due = p.add(at, '::timestamptz');
  return readRows<WebhookDelivery>(tx, `UPDATE "WebhookDelivery" x
    SET "status" = 'PENDING', "attempts" = 0, "nextAttemptAt" = ${due}, "lastError" = NULL, "lastStatusCode" = NULL, "deliveredAt" = NULL, "updatedAt" = ${due}
    FROM (${select}) s WHERE x."id" = s."id" RETURNING ${DELIVERY_COLUMNS}`, p.values);
}

export const webhookStorage = {
  create: (tx: Tx, data: ChannelData & { teamId: string; secretEncrypted: string; secretPrefix: string }) => tx.webhookChannel.create({ data }),
  get: async (db: Db | Tx, teamId: string, id: string): Promise<WebhookChannel | null> => (await readRows<WebhookChannel>(db, CHANNEL, [teamId, id]))[0] ?? null,
  update: (tx: Tx, id: string, data: Partial<ChannelData>) => tx.webhookChannel.update({ where: { id }, data }),
  /** Its deliveries go with it (ON DELETE CASCADE). */
  delete: (tx: Tx, id: string) => tx.webhookChannel.delete({ where: { id } }),
  /** A keyset page of the team's channels, newest first: WebhookChannel(teamId, createdAt, id). */
  list: (db: Db, teamId: string, page: Page): Promise<WebhookChannel[]> => {
    const p = new SqlParams();
    const where = [`x."teamId" = ${p.add(teamId, '::uuid')}`];
    return readRows<WebhookChannel>(db, `SELECT ${CHANNEL_COLUMNS} FROM "WebhookChannel" x WHERE ${pageWhere(p, where, 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`, p.values);
  },
  count: (db: Db, teamId: string): Promise<number> => {
    const p = new SqlParams();
    return readCount(db, countSql('"WebhookChannel"', [`x."teamId" = ${p.add(teamId, '::uuid')}`]), p.values);
  },
  /** Active channels of these teams (fan-out). */
  activeOfTeams: (tx: Tx, teamIds: readonly string[]) => readRows<FanOutChannel>(tx, ACTIVE_OF_TEAMS, [teamIds]),

  /** Inserts the deliveries not there yet ((channelId, eventId) is unique); returns the new ones. */
  addDeliveries: (tx: Tx, rows: Array<{ teamId: string; channelId: string; eventId: string; eventType: string; payload: Prisma.InputJsonValue; nextAttemptAt: Date }>) =>
    rows.length === 0
      ? Promise.resolve([])
      : tx.webhookDelivery.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true, attempts: true, nextAttemptAt: true, channelId: true, eventId: true } }),
  delivery: async (db: Db | Tx, teamId: string, id: string): Promise<WebhookDelivery | null> =>
    (await readRows<WebhookDelivery>(db, DELIVERY, [teamId, id]))[0] ?? null,
  deliveryWithChannel: async (db: Db, id: string): Promise<(WebhookDelivery & { channel: ChannelOfDelivery }) | null> => {
    const [row] = await readRows<WithChannelRow>(db, WITH_CHANNEL, [id]);
    if (!row) return null;
    const { 'channel.url': url, 'channel.format': format, 'channel.secretEncrypted': secretEncrypted, 'channel.active': active, ...delivery } = row;
    return { ...delivery, channel: { url, format, secretEncrypted, active } };
  },
  /** A keyset page of a channel's deliveries, newest first: WebhookDelivery(teamId, channelId, createdAt, id). */
  deliveries: (db: Db, teamId: string, channelId: string, status: DeliveryStatus | null | undefined, page: Page): Promise<WebhookDelivery[]> => {
    const p = new SqlParams();
    const where = deliveriesWhere(p, teamId, channelId, status);
    return readRows<WebhookDelivery>(db, `SELECT ${DELIVERY_COLUMNS} FROM "WebhookDelivery" x WHERE ${pageWhere(p, where, 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`, p.values);
  },
  countDeliveries: (db: Db, teamId: string, channelId: string, status: DeliveryStatus | null | undefined): Promise<number> => {
    const p = new SqlParams();
    return readCount(db, countSql('"WebhookDelivery"', deliveriesWhere(p, teamId, channelId, status)), p.values);
  },
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
  requeue: async (tx: Tx, id: string, at: Date): Promise<WebhookDelivery> => {
    const p = new SqlParams();
    const [row] = await requeueRows(tx, p, at, `SELECT d."id" FROM "WebhookDelivery" d WHERE d."id" = ${p.add(id, '::uuid')}`);
    if (!row) throw new Error(`webhook delivery ${id} does not exist`);
    return row;
  },
  /**
   * Queues again the oldest `limit` deliveries matching `f` of the team's active channels (a
   * bulk redelivery), skipping rows another transaction holds: WebhookDelivery(teamId, channelId, createdAt, id).
   */
  requeueMatching: (tx: Tx, f: RedeliveryFilter, at: Date, limit: number): Promise<WebhookDelivery[]> => {
    const p = new SqlParams();
    const where = [`d."teamId" = ${p.add(f.teamId, '::uuid')}`, `d."status" = ${p.add(f.status, '::"DeliveryStatus"')}`];
    if (f.channelId) where.push(`d."channelId" = ${p.add(f.channelId, '::uuid')}`);
    if (f.from) where.push(`d."createdAt" >= ${p.add(f.from, '::timestamptz')}`);
    if (f.to) where.push(`d."createdAt" <= ${p.add(f.to, '::timestamptz')}`);
    if (f.eventType) where.push(`d."eventType" = ${p.add(f.eventType)}`);
    return requeueRows(tx, p, at, `SELECT d."id" FROM "WebhookDelivery" d JOIN "WebhookChannel" c ON c."id" = d."channelId" AND c."active"
      WHERE ${where.join(' AND ')} ORDER BY d."createdAt", d."id" LIMIT ${p.add(limit, '::int')} FOR UPDATE OF d SKIP LOCKED`);
  },
  /** A resumed channel's waiting deliveries are due now (new job ids: their old jobs ran while it was paused). */
  resume: (tx: Tx, channelId: string, at: Date) =>
    tx.webhookDelivery.updateMany({ where: { channelId, status: { in: ['PENDING', 'FAILED'] } }, data: { nextAttemptAt: at } }),
  /** A new delivery that is not to be sent (muted, a repeat, nothing to tell): `reason` in lastError. */
  suppress: (tx: Tx, ids: readonly string[], reason: string) =>
    tx.webhookDelivery.updateMany({ where: { id: { in: [...ids] }, status: 'PENDING', attempts: 0 }, data: { status: 'SUPPRESSED', nextAttemptAt: null, lastError: reason } }),
  /** A new delivery's payload, once the fan-out has decided it (a digest, repeats). */
  setPayload: (tx: Tx, id: string, payload: Prisma.InputJsonValue) => tx.webhookDelivery.update({ where: { id }, data: { payload }, select: { id: true } }),
  /** PENDING/FAILED deliveries of active channels whose next attempt is due (sweeper). */
  due: (db: Db, now: Date, limit: number) => readRows<Pick<WebhookDelivery, 'id' | 'attempts' | 'nextAttemptAt'>>(db, DUE, [now, limit]),
};
