// Helpers of the alert tests (digests, mutes, repeats): a model-quality monitor whose runs
// are put in the in-process backend and synced (so the gateway's own relay fans their
// events out to webhooks), and the real delivery path: a fresh BullMQ webhook queue whose
// sweeper sends what the fan-out left PENDING to real HTTP receivers.
import type { ReportViolation } from '../../src/backends/types.js';
import { GatewayEventSchema } from '../../src/events/types.js';
import { fanOut } from '../../src/webhooks/index.js';
import { queueAttempt } from '../../src/webhooks/jobs.js';
import type { TestGateway } from '../support/gateway.js';
import type { TeamFixture } from '../support/seed.js';
import { completedBaseline, MUTATION_DOCS } from '../api/support-ops.js';
import { MQ_CONSTRAINTS } from '../metric-series/fixtures.js';
import { hex, startWebhookQueue, testSettings, waitFor } from './support.js';

/** Eleven violations of one model-quality run: 6 LessThanThreshold, 3 GreaterThanThreshold, 2 missing_column_check. */
export const MQ_VIOLATIONS: ReportViolation[] = [
  ...['recall', 'precision', 'accuracy', 'auc', 'f1', 'f0_5'].map((m) => ({ featureName: m, metricName: m, checkType: 'LessThanThreshold', description: `${m} 0.61 is less than the threshold 0.9` })),
  ...['false_positive_rate', 'false_negative_rate', 'log_loss'].map((m) => ({ featureName: m, metricName: m, checkType: 'GreaterThanThreshold', description: `${m} 0.4 is greater than the threshold 0.2` })),
  ...['label', 'prediction'].map((c) => ({ featureName: c, checkType: 'missing_column_check', description: `column ${c} is missing from the merged dataset` })),
];

export async function modelQualityMonitor(env: TestGateway, team: TeamFixture) {
  const m = await team.createMonitor('MODEL_QUALITY');
  await completedBaseline(env, team, m.id, MQ_CONSTRAINTS);
  const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
  /** Puts a finished run scheduled at `at` with `violations` and syncs it; returns the execution's id. */
  const run = async (at: Date, violations: ReportViolation[] = MQ_VIOLATIONS): Promise<string> => {
    const executionId = `mq-${hex(6)}`;
    env.backends.BUILTIN.putExecution(s.name, {
      executionId, status: violations.length > 0 ? 'COMPLETED_WITH_VIOLATIONS' : 'COMPLETED', scheduledTime: at, startedAt: at, endedAt: at,
      failureReason: null, reportUri: `s3://reports/${s.name}/${executionId}`,
    }, { violations, statistics: null });
    await env.gateway.services.executions.syncSchedule(team.id, s.id);
    const row = await env.gateway.services.db.execution.findFirstOrThrow({ where: { monitorId: m.id, backendExecutionId: executionId } });
    // The gateway's relay fans the run's events out (kicked by the sync): wait until it has.
    await waitFor('relayed', async () => (await env.gateway.services.db.outboxEvent.count({ where: { teamId: team.id, publishedAt: null } })) === 0);
    return row.id;
  };
  return { monitor: m, schedule: s, run };
}

export async function createWebhook(team: TeamFixture, input: Record<string, unknown>) {
  const d = await team.call(MUTATION_DOCS['createWebhook'] as string, { input: { name: `w-${hex()}`, eventTypes: ['VIOLATION_DETECTED'], ...input } });
  return d['createWebhook'] as { webhook: { id: string }; secret: string };
}

/**
 * Sends the team's PENDING and FAILED deliveries through a fresh webhook queue, until none is
 * left. Only the team's: the sweeper would queue every team's (other suites' deliveries to
 * slow or unreachable receivers, in the same database, would hold this one up).
 */
export async function deliverAll(env: TestGateway, teamId: string): Promise<void> {
  const db = env.gateway.services.db;
  const queue = await startWebhookQueue(db, testSettings());
  try {
    const due = await db.webhookDelivery.findMany({ where: { teamId, status: { in: ['PENDING', 'FAILED'] } }, select: { id: true, attempts: true, nextAttemptAt: true } });
    for (const d of due) await queueAttempt(queue, d);
    await waitFor('deliveries sent', async () => (await db.webhookDelivery.count({ where: { teamId, status: { in: ['PENDING', 'FAILED'] } } })) === 0);
  } finally {
    await queue.close();
  }
}

/** The fan-out run again on every event the team ever had (a relay pass replaying them). */
export async function fanOutAgain(env: TestGateway, teamId: string): Promise<number> {
  const db = env.gateway.services.db;
  const events = (await db.outboxEvent.findMany({ where: { teamId }, orderBy: { id: 'asc' } })).map((r) => GatewayEventSchema.parse(r.payload));
  return (await db.$transaction((tx) => fanOut(tx, events))).length;
}

export const LOG = `query($id: ID!) { webhook(id: $id) { deliveries(first: 50) { edges { node { id eventId eventType status lastError event } } } } }`;
