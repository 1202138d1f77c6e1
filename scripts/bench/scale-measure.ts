// What one execution adds to the database, per monitor type and per table, rows and bytes
// (heap, TOAST and indexes: pg_total_relation_size). Runs a gateway on a database of its own
// with the in-process test backend, and stores N executions of each type through the real
// sync (execution, violations, hourly counts, metric points, outbox events) with reports
// made of the real SageMaker sample files. The rows the sync does not write itself are
// written as their writers would: a built-in engine run (EngineExecution, with its
// violations and progress) and one webhook delivery per outbox event for one channel.
//   npx tsx scripts/bench/scale-measure.ts [--executions 200]
// Prints a table and one JSON line ({"perExecution": {type: {table: {rows, bytes}}}}).
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createDatabase, dropDatabase, migrateDatabase } from '../../src/db/admin.js';
import { parseAnalysis, parseStatistics, parseViolations } from '../../src/backends/reports.js';
import type { ExecutionReport } from '../../src/backends/types.js';
import type { MonitorType } from '../../src/generated/prisma/client.js';

const { values: flags } = parseArgs({ options: { executions: { type: 'string', default: '200' } } });
const N = Number(flags.executions);
const run = randomBytes(4).toString('hex');
const url = `postgresql://postgres@127.0.0.1:5432/mmg_measure_${run}`;
Object.assign(process.env, {
  DATABASE_URL: url, REDIS_PREFIX: `mmg_measure_${run}`, LOG_LEVEL: 'silent', NODE_ENV: 'test', RECONCILE_INTERVAL_MS: '0',
  API_KEY_PEPPER: process.env['API_KEY_PEPPER'] ?? 'measure-pepper-0123456789abcdef', ADMIN_TOKEN: process.env['ADMIN_TOKEN'] ?? 'measure-admin-token-0123456789',
});
/** The real samples, where the tests read them (SAGEMAKER_SAMPLES_DIR, else ../shared beside the repository). */
const SAMPLES = process.env['SAGEMAKER_SAMPLES_DIR'] ?? resolve(import.meta.dirname, '../../../shared/sagemaker-samples');
const readSample = (...path: string[]): string => readFileSync(join(SAMPLES, ...path), 'utf8');
// Loaded after the environment is set: the config module reads it once.
const { startTestGateway } = await import('../../test/support/gateway.js');
const { seed } = await import('../../test/support/seed.js');

export const TABLES = ['Execution', 'Violation', 'ViolationHourly', 'MetricPoint', 'OutboxEvent', 'WebhookDelivery', 'EngineExecution', 'AuditEvent'] as const;
type Table = (typeof TABLES)[number];

/** Each type's report: the real sample files (model quality has no violations file among them). */
const REPORTS: Record<MonitorType, () => ExecutionReport> = {
  DATA_QUALITY: () => ({
    statistics: parseStatistics(readSample('data-quality', 'sdk-monitor.statistics.json'), 's'),
    violations: parseViolations(readSample('data-quality', 'sdk-monitor.constraint_violations.json'), 'v'),
  }),
  MODEL_QUALITY: () => ({ statistics: parseStatistics(readSample('model-quality', 'docs.binary_classification_metrics.json'), 's'), violations: [] }),
  MODEL_BIAS: () => ({
    statistics: parseAnalysis(readSample('bias-drift', 'examples-bias-monitor-bt-json.baseline.analysis.json'), 'a'),
    violations: parseViolations(readSample('bias-drift', 'examples-bias-monitor-bt-json.constraint_violations.json'), 'v'),
  }),
  MODEL_EXPLAINABILITY: () => ({
    statistics: parseAnalysis(readSample('feature-attribution-drift', 'examples-fraud-detection.explainability.analysis.json'), 'a'),
    violations: parseViolations(readSample('feature-attribution-drift', 'docs.constraint_violations.json'), 'v'),
  }),
};

async function sizes(client: pg.Client): Promise<Record<Table, { rows: number; bytes: number }>> {
  const out = {} as Record<Table, { rows: number; bytes: number }>;
  for (const t of TABLES) {
    const r = await client.query<{ rows: string; bytes: string }>(`SELECT count(*) AS rows, pg_total_relation_size('"${t}"') AS bytes FROM "${t}"`);
    out[t] = { rows: Number(r.rows[0]!.rows), bytes: Number(r.rows[0]!.bytes) };
  }
  return out;
}

await createDatabase(url);
await migrateDatabase(url);
const env = await startTestGateway();
const client = new pg.Client({ connectionString: url });
await client.connect();
const result: Record<string, Record<Table, { rows: number; bytes: number }>> = {};
try {
  const team = await seed(env).createTeam();
  const db = env.gateway.services.db;
  const channel = await db.webhookChannel.create({
    data: { teamId: team.id, name: 'measure', url: 'https://hooks.example.com/x', eventTypes: [], filter: {}, secretEncrypted: 'x', secretPrefix: 'x' },
  });
  for (const type of Object.keys(REPORTS) as MonitorType[]) {
    const monitor = await team.createMonitor(type);
    const schedule = await team.createSchedule(monitor.id, { kind: 'HOURLY' });
    const report = REPORTS[type]();
    const before = await sizes(client);
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < N; i++) {
      const at = new Date(start + i * 3_600_000);
      env.backends.BUILTIN.putExecution(schedule.name, {
        executionId: `${type}-${i}`, status: report.violations.length ? 'COMPLETED_WITH_VIOLATIONS' : 'COMPLETED', scheduledTime: at, startedAt: at,
        endedAt: new Date(at.getTime() + 600_000), failureReason: null, reportUri: `s3://reports/${schedule.name}/${i}/`,
      }, report, new Date(Date.now() - (N - i) * 1000));
    }
    let stored = 0;
    while (stored < N) {
      await env.gateway.services.executions.syncSchedule(team.id, schedule.id);
      const now = await db.execution.count({ where: { scheduleId: schedule.id } });
      if (now === stored) throw new Error(`sync stopped at ${now} of ${N} executions`);
      stored = now;
    }
    // The built-in engine's own run row, and the deliveries of this monitor's events to one channel.
    const executions = await db.execution.findMany({ where: { scheduleId: schedule.id } });
    await db.engineExecution.createMany({
      data: executions.map((e) => ({
        scheduleRef: schedule.name, teamId: team.id, monitorId: monitor.id, scheduledTime: e.scheduledTime, status: e.status,
        windowStart: e.scheduledTime, windowEnd: e.scheduledTime, startedAt: e.startedAt, endedAt: e.endedAt, reportUri: e.reportUri,
        violations: report.violations.map((v) => ({ ...v })), recordCount: 10_000,
        progress: { phase: 'DONE', partitionsDone: 1, partitionsTotal: 1, objectsRead: 12, recordsRead: 10_000, updatedAt: new Date().toISOString() },
      })),
    });
    const events = await client.query<{ eventId: string; type: string; payload: object }>(
      `SELECT "eventId", type, payload FROM "OutboxEvent" WHERE "teamId" = $1 AND payload->>'monitorId' = $2`, [team.id, monitor.id]);
    await db.webhookDelivery.createMany({
      data: events.rows.map((e) => ({ id: randomUUID(), teamId: team.id, channelId: channel.id, eventId: e.eventId, eventType: e.type, payload: e.payload, status: 'DELIVERED' as const, attempts: 1, lastStatusCode: 200, deliveredAt: new Date() })),
    });
    const after = await sizes(client);
    result[type] = Object.fromEntries(TABLES.map((t) => [t, {
      rows: Math.round(((after[t].rows - before[t].rows) / N) * 100) / 100, bytes: Math.round((after[t].bytes - before[t].bytes) / N),
    }])) as Record<Table, { rows: number; bytes: number }>;
  }
} finally {
  await client.end();
  await env.stop();
  await dropDatabase(url);
}

console.log(`per execution (mean of ${N} per type): rows / bytes incl. TOAST and indexes`);
console.log(['table'.padEnd(16), ...Object.keys(result).map((t) => t.padStart(22))].join(''));
for (const t of TABLES) console.log([t.padEnd(16), ...Object.values(result).map((r) => `${r[t].rows} / ${r[t].bytes}`.padStart(22))].join(''));
const totals = Object.fromEntries(Object.entries(result).map(([type, r]) => [type, TABLES.reduce((s, t) => s + r[t].bytes, 0)]));
console.log(['total bytes'.padEnd(16), ...Object.values(totals).map((b) => String(b).padStart(22))].join(''));
console.log(JSON.stringify({ executions: N, perExecution: result, totalBytes: totals }));
