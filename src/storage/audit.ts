// The only writer and reader of AuditEvent rows. Inserts happen inside the caller's
// transaction, so an event exists exactly when its change was committed.
import type { Prisma } from '../generated/prisma/client.js';
import type { Db, Tx } from '../db/client.js';
import type { Actor } from '../kernel/caller.js';
import type { Page } from '../shared/pagination.js';

/** Fields never copied into the audit history. */
const REDACTED = new Set(['hash']);

/** A JSON snapshot of a row for before/after (dates as ISO strings, secrets dropped). */
export function snapshot(row: object | null | undefined): Prisma.InputJsonValue | undefined {
  if (!row) return undefined;
  return JSON.parse(JSON.stringify(row, (k, v: unknown) => (REDACTED.has(k) ? undefined : typeof v === 'bigint' ? v.toString() : v))) as Prisma.InputJsonValue;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  before?: object | null;
  after?: object | null;
}

export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  const before = snapshot(entry.before);
  const after = snapshot(entry.after);
  await tx.auditEvent.create({
    data: {
      teamId: actor.teamId,
      actorKeyId: actor.keyId,
      actorMemberId: actor.memberId,
      actor: actor.label,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
      requestId: actor.requestId,
    },
  });
}

export interface AuditFilter {
  action?: string | null | undefined;
  targetType?: string | null | undefined;
  targetId?: string | null | undefined;
  actorKeyId?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export async function listAuditEvents(db: Db, teamId: string, filter: AuditFilter, page: Page) {
  const createdAt = filter.from || filter.to ? { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } : undefined;
  const rows = await db.auditEvent.findMany({
    where: {
      teamId,
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.targetType ? { targetType: filter.targetType } : {}),
      ...(filter.targetId ? { targetId: filter.targetId } : {}),
      ...(filter.actorKeyId ? { actorKeyId: filter.actorKeyId } : {}),
      ...(createdAt ? { createdAt } : {}),
      // The audit cursor orders by the bigint id alone (newest first).
      ...(page.after ? { id: { lt: BigInt(page.after.id) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: page.take,
  });
  return rows;
}
