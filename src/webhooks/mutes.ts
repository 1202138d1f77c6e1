// Alert mutes: a team silences a monitor's alerts (or one feature's) until a time. The
// fan-out (alerting.ts) reads the mutes applying when it runs, so an expired mute stops
// applying by itself. Every change is audited in its transaction.
import type { Db } from '../db/client.js';
import type { AlertMuteFilter, MuteAlertsInput } from '../generated/graphql.js';
import type { AlertMute } from '../generated/prisma/client.js';
import type { Actor } from '../kernel/caller.js';
import { recordAudit } from '../storage/audit.js';
import { alertStorage } from '../storage/alerts.js';
import { monitorStorage } from '../storage/monitors.js';
import { assertValid, notFound, type RuleViolation } from '../shared/errors.js';
import { filterIdsCanExist, requireId } from '../shared/ids.js';
import { emptyConnection, pagedConnection, toPage, type PageArgs } from '../shared/pagination.js';

const MAX_MUTE_MS = 366 * 24 * 3_600_000;

/** Checks a mute's input at `now`: every problem with its field. */
export function checkMute(input: MuteAlertsInput, now: Date): RuleViolation[] {
  const out: RuleViolation[] = [];
  const until = input.until.getTime();
  if (until <= now.getTime()) out.push({ field: 'input.until', message: `until must be in the future (got ${input.until.toISOString()}, now is ${now.toISOString()})` });
  else if (until - now.getTime() > MAX_MUTE_MS) out.push({ field: 'input.until', message: 'until must be at most a year away' });
  const feature = input.featureName;
  if (feature != null && (feature.trim().length === 0 || feature.length > 200)) out.push({ field: 'input.featureName', message: 'featureName must be 1 to 200 characters (leave it out to mute the whole monitor)' });
  if (input.reason != null && input.reason.length > 500) out.push({ field: 'input.reason', message: 'reason must be at most 500 characters' });
  return out;
}

export class AlertMuteManager {
  constructor(private readonly db: Db) {}

  async list(teamId: string, filter: AlertMuteFilter | null | undefined, args: PageArgs) {
    const page = toPage(args);
    // An id that cannot name a monitor finds nothing, as the other lists' filters.
    if (filter && !filterIdsCanExist(filter, ['monitorId'])) return emptyConnection<AlertMute>();
    const monitorId = filter?.monitorId ? filter.monitorId.toLowerCase() : null;
    const where = { monitorId, appliesAt: filter?.includeExpired ? null : new Date() };
    return pagedConnection(args, page, alertStorage.mutes(this.db, teamId, where, page), () => alertStorage.countMutes(this.db, teamId, where), (m) => m.createdAt);
  }

  async mute(actor: Actor, input: MuteAlertsInput): Promise<AlertMute> {
    assertValid(checkMute(input, new Date()));
    const monitorId = requireId('Monitor', input.monitorId, 'input.monitorId');
    if (!(await monitorStorage.get(this.db, actor.teamId, monitorId))) throw notFound('Monitor', input.monitorId, 'input.monitorId');
    return this.db.$transaction(async (tx) => {
      const row = await alertStorage.createMute(tx, {
        teamId: actor.teamId, monitorId, featureName: input.featureName ?? null, until: input.until, reason: input.reason ?? null, createdBy: actor.label,
      });
      await recordAudit(tx, actor, { action: 'alertMute.create', targetType: 'AlertMute', targetId: row.id, after: row });
      return row;
    });
  }

  async unmute(actor: Actor, id: string): Promise<{ id: string }> {
    const before = await alertStorage.mute(this.db, actor.teamId, requireId('AlertMute', id));
    if (!before) throw notFound('AlertMute', id);
    await this.db.$transaction(async (tx) => {
      await alertStorage.deleteMute(tx, before.id);
      await recordAudit(tx, actor, { action: 'alertMute.delete', targetType: 'AlertMute', targetId: before.id, before });
    });
    return { id: before.id };
  }
}
