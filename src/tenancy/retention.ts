// A team's retention: how many days each kind of history is kept (Team columns), set by
// updateTeamRetention (validated, audited), and the daily purge that deletes past those
// horizons in bounded batches (storage/retention.ts), counting what it removed in
// mmg_retention_deleted_rows_total. Audit events are never deleted.
import type { Db } from '../db/client.js';
import type { Team } from '../generated/prisma/client.js';
import type { UpdateTeamRetentionInput } from '../generated/graphql.js';
import type { Actor } from '../kernel/caller.js';
import { metrics } from '../ops/metrics.js';
import { recordAudit } from '../storage/audit.js';
import { retentionStorage, type PurgeHorizons, type PurgedTable } from '../storage/retention.js';
import { tenancyStorage } from '../storage/tenancy.js';
import { assertValid, type RuleViolation } from '../shared/errors.js';

const DAY_MS = 86_400_000;
export const MAX_RETENTION_DAYS = 3650;

const COLUMN = {
  executionsDays: 'retentionExecutionsDays',
  violationsDays: 'retentionViolationsDays',
  metricPointsDays: 'retentionMetricPointsDays',
  webhookDeliveriesDays: 'retentionWebhookDeliveriesDays',
  outboxDays: 'retentionOutboxDays',
} as const satisfies Record<keyof UpdateTeamRetentionInput, keyof Team>;
type Field = keyof typeof COLUMN;
const FIELDS = Object.keys(COLUMN) as Field[];

export type TeamRetention = Record<Field, number>;

export function retentionOf(team: Team): TeamRetention {
  return Object.fromEntries(FIELDS.map((f) => [f, team[COLUMN[f]]])) as TeamRetention;
}

/** The settings `input` would leave: each 1 to 3650 days; violations and metric points at most as long as their executions. */
export function checkRetention(input: UpdateTeamRetentionInput, merged: TeamRetention): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const f of FIELDS) {
    const v = input[f];
    if (v === null) out.push({ field: `input.${f}`, message: `${f} cannot be null; leave it out to keep its value` });
    else if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > MAX_RETENTION_DAYS)) out.push({ field: `input.${f}`, message: `${f} must be 1 to ${MAX_RETENTION_DAYS} days` });
  }
  if (out.length) return out;
  for (const f of ['violationsDays', 'metricPointsDays'] as const) {
    if (merged[f] > merged.executionsDays) {
      out.push({ field: `input.${f}`, message: `${f} (${merged[f]}) must be at most executionsDays (${merged.executionsDays}): they are deleted with their execution` });
    }
  }
  return out;
}

export async function updateTeamRetention(db: Db, actor: Actor, input: UpdateTeamRetentionInput): Promise<Team> {
  return db.$transaction(async (tx) => {
    const before = await tenancyStorage.team(tx, actor.teamId);
    const merged = { ...retentionOf(before) };
    for (const f of FIELDS) if (input[f] != null) merged[f] = input[f];
    assertValid(checkRetention(input, merged));
    const data = Object.fromEntries(FIELDS.filter((f) => input[f] != null).map((f) => [COLUMN[f], merged[f]]));
    const team = await tenancyStorage.updateTeam(tx, actor.teamId, data);
    await recordAudit(tx, actor, { action: 'team.updateRetention', targetType: 'Team', targetId: team.id, before, after: team });
    return team;
  });
}

/** The cutoffs of `settings` at `now`, each at the start of its UTC hour (so the hourly violation counts go whole). */
export function horizonsOf(settings: TeamRetention, now: Date): PurgeHorizons {
  const at = (days: number) => {
    const t = new Date(now.getTime() - days * DAY_MS);
    t.setUTCMinutes(0, 0, 0);
    return t;
  };
  return {
    executions: at(settings.executionsDays), violations: at(settings.violationsDays), metricPoints: at(settings.metricPointsDays),
    webhookDeliveries: at(settings.webhookDeliveriesDays), outbox: at(settings.outboxDays),
  };
}

export interface PurgeResult {
  /** Rows deleted per table. */
  deleted: Record<PurgedTable, number>;
  /** Rows each DELETE statement removed, in order: none above the batch size. */
  batches: number[];
}

/**
 * Deletes every team's rows past its horizons (or those of `teamIds`), `batchSize` rows per
 * statement, each statement its own transaction: no lock is held longer than one batch.
 */
export async function purgeExpired(db: Db, options: { batchSize: number; now?: Date; teamIds?: readonly string[] }): Promise<PurgeResult> {
  const result: PurgeResult = { deleted: Object.fromEntries(retentionStorage.tables.map((t) => [t, 0])) as Record<PurgedTable, number>, batches: [] };
  const teams = await db.team.findMany({ where: options.teamIds ? { id: { in: [...options.teamIds] } } : {}, orderBy: { id: 'asc' } });
  for (const team of teams) {
    const horizons = horizonsOf(retentionOf(team), options.now ?? new Date());
    for (const table of retentionStorage.tables) {
      for (;;) {
        const n = await retentionStorage.purgeBatch(db, table, team.id, horizons, options.batchSize);
        result.batches.push(n);
        result.deleted[table] += n;
        if (n > 0) metrics.retentionDeleted.inc({ table }, n);
        if (n < options.batchSize) break;
      }
    }
  }
  return result;
}
