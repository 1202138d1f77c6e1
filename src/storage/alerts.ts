// The only place that touches AlertMute and AlertRepeat rows: the mutes of a team's
// monitors and the repeat-suppression state of each violation key on each webhook.
import { readCount, readRows, type Db, type Tx } from '../db/client.js';
import { Columns, countSql, pageOrder, pageWhere, SqlParams } from '../db/sql.js';
import { Prisma, type AlertMute } from '../generated/prisma/client.js';
import type { Page } from '../shared/pagination.js';

const MUTE_COLUMNS = new Columns<AlertMute>(Prisma.AlertMuteScalarFieldEnum).sql;

const MUTE = `SELECT ${MUTE_COLUMNS} FROM "AlertMute" x WHERE x."teamId" = $1::uuid AND x."id" = $2::uuid`;
/** AlertMute(teamId, monitorId, until): the mutes applying at $3. */
const APPLYING = `SELECT ${MUTE_COLUMNS} FROM "AlertMute" x
  WHERE x."teamId" = ANY($1::uuid[]) AND x."monitorId" = ANY($2::uuid[]) AND x."until" > $3::timestamptz`;

/** One violation key, seen `n` times at `at` (its event's time). */
export interface RepeatKey {
  monitorId: string;
  featureName: string;
  checkType: string;
  metricName: string;
  facetValue: string;
}

export interface RepeatOutcome extends RepeatKey {
  /** The first of the key's `n` occurrences is sent (a new window); false: all are held back. */
  lastSent: boolean;
  /** Identical ones held back before it, since `repeatsSince` (the one sent before). */
  lastRepeats: number;
  repeatsSince: Date | null;
}

const KEY = '"channelId", "monitorId", "featureName", "checkType", "metricName", "facetValue"';
const IN_WINDOW = 'r."sentAt" > EXCLUDED."sentAt" - make_interval(mins => $9::int)';
/**
 * One statement per webhook and batch: a key not seen yet, or whose last sent one is older
 * than the window, is sent (carrying the count held back since); within it, held back and
 * counted. ON CONFLICT locks the key's row, so concurrent fan-outs count every occurrence once.
 */
const UPSERT_REPEATS = `INSERT INTO "AlertRepeat" AS r (${KEY}, "sentAt", "suppressed", "lastSent", "lastRepeats", "repeatsSince", "updatedAt")
  SELECT $1::uuid, k.m, k.f, k.c, k.mn, k.fv, k.at, k.n - 1, true, 0, NULL, now()
  FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::int[]) AS k(m, f, c, mn, fv, at, n)
  ON CONFLICT (${KEY}) DO UPDATE SET
    "lastSent" = NOT (${IN_WINDOW}),
    "lastRepeats" = CASE WHEN ${IN_WINDOW} THEN 0 ELSE r."suppressed" END,
    "repeatsSince" = CASE WHEN ${IN_WINDOW} THEN NULL ELSE r."sentAt" END,
    "suppressed" = CASE WHEN ${IN_WINDOW} THEN r."suppressed" + EXCLUDED."suppressed" + 1 ELSE EXCLUDED."suppressed" END,
    "sentAt" = CASE WHEN ${IN_WINDOW} THEN r."sentAt" ELSE EXCLUDED."sentAt" END,
    "updatedAt" = now()
  RETURNING "monitorId", "featureName", "checkType", "metricName", "facetValue", "lastSent", "lastRepeats", "repeatsSince"`;

interface MuteFilter { monitorId?: string | null; appliesAt?: Date | null }

/** The WHERE of the mutes list and its count. */
function muteWhere(p: SqlParams, teamId: string, filter: MuteFilter): string[] {
  const where = [`x."teamId" = ${p.add(teamId, '::uuid')}`];
  if (filter.monitorId) where.push(`x."monitorId" = ${p.add(filter.monitorId, '::uuid')}`);
  if (filter.appliesAt) where.push(`x."until" > ${p.add(filter.appliesAt, '::timestamptz')}`);
  return where;
}

export const alertStorage = {
  createMute: (tx: Tx, data: Pick<AlertMute, 'teamId' | 'monitorId' | 'featureName' | 'until' | 'reason' | 'createdBy'>) => tx.alertMute.create({ data }),
  mute: async (db: Db | Tx, teamId: string, id: string): Promise<AlertMute | null> => (await readRows<AlertMute>(db, MUTE, [teamId, id]))[0] ?? null,
  deleteMute: (tx: Tx, id: string) => tx.alertMute.delete({ where: { id } }),
  /** A keyset page of the team's mutes, newest first: AlertMute(teamId, createdAt, id). */
  mutes: (db: Db, teamId: string, filter: MuteFilter, page: Page): Promise<AlertMute[]> => {
    const p = new SqlParams();
    return readRows<AlertMute>(db, `SELECT ${MUTE_COLUMNS} FROM "AlertMute" x WHERE ${pageWhere(p, muteWhere(p, teamId, filter), 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`, p.values);
  },
  /** How many mutes the filter matches (totalCount). */
  countMutes: (db: Db, teamId: string, filter: MuteFilter): Promise<number> => {
    const p = new SqlParams();
    return readCount(db, countSql('"AlertMute"', muteWhere(p, teamId, filter)), p.values);
  },
  /** The mutes of these monitors that apply at `at` (fan-out). */
  applying: (tx: Tx, teamIds: readonly string[], monitorIds: readonly string[], at: Date) =>
    monitorIds.length === 0 ? Promise.resolve([]) : readRows<AlertMute>(tx, APPLYING, [teamIds, monitorIds, at]),

  /** Records occurrences of violation keys on a webhook (distinct keys, each `n` times at `at`); returns each key's outcome. */
  recordRepeats: (tx: Tx, channelId: string, windowMinutes: number, keys: ReadonlyArray<RepeatKey & { at: Date; n: number }>): Promise<RepeatOutcome[]> =>
    keys.length === 0
      ? Promise.resolve([])
      : readRows<RepeatOutcome>(tx, UPSERT_REPEATS, [
        channelId, keys.map((k) => k.monitorId), keys.map((k) => k.featureName), keys.map((k) => k.checkType), keys.map((k) => k.metricName),
        keys.map((k) => k.facetValue), keys.map((k) => k.at), keys.map((k) => k.n), windowMinutes,
      ]),
};
