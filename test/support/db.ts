// Direct database access for assertions (row counts, audit rows) — never for setup.
import { createDb, type Db } from '../../src/db/client.js';
import { config } from '../../src/config.js';

export function testDb(): Db {
  return createDb({ url: config().DATABASE_URL, poolSize: 2 });
}

/** Rows of every team-owned table for one team, to prove a refused change wrote nothing. */
export async function teamRowCounts(db: Db, teamId: string): Promise<Record<string, number>> {
  const where = { where: { teamId } };
  const [members, apiKeys, monitors, baselines, schedules, executions, violations, auditEvents, webhooks, webhookDeliveries, trustedDocuments] = await Promise.all([
    db.member.count(where), db.apiKey.count(where), db.monitor.count(where), db.baseline.count(where),
    db.schedule.count(where), db.execution.count(where), db.violation.count(where), db.auditEvent.count(where),
    db.webhookChannel.count(where), db.webhookDelivery.count(where), db.trustedDocument.count(where),
  ]);
  return { members, apiKeys, monitors, baselines, schedules, executions, violations, auditEvents, webhooks, webhookDeliveries, trustedDocuments };
}
