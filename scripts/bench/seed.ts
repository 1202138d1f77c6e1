// Bulk seeding for the API bench and the perf tests: straight through Prisma
// (createMany, client-side ids), not through the API, so 1,000 monitors with
// their history take seconds. Every row is valid for the API's readers
// (monitor configs parse with the stored-config schema).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import type { ExecutionStatus, MonitorType } from '../../src/generated/prisma/client.js';
import { nextHealth, type HealthState } from '../../src/kernel/rules/health.js';
import type { MonitorConfig } from '../../src/kernel/monitor-config.js';
import { violationHourlyStorage } from '../../src/storage/violation-hourly.js';

export interface SeedOptions {
  monitors: number;
  /** Executions per schedule (one schedule per monitor). */
  executionsPerSchedule: number;
  /** Violations of each COMPLETED_WITH_VIOLATIONS execution. */
  violationsPerExecution?: number;
  /** Newest scheduled time; older executions go back hourly from here. */
  now?: Date;
}

export interface SeedResult {
  monitorIds: string[];
  scheduleIds: string[];
  executions: number;
  violations: number;
}

const TYPES: MonitorType[] = ['DATA_QUALITY', 'MODEL_QUALITY', 'MODEL_BIAS', 'MODEL_EXPLAINABILITY'];
const EXPRESSIONS = ['cron(0 * ? * * *)', 'cron(0 6 ? * * *)', 'cron(0 0/4 ? * * *)', 'NOW'];
const STATUSES: ExecutionStatus[] = ['COMPLETED', 'COMPLETED_WITH_VIOLATIONS', 'COMPLETED', 'FAILED', 'COMPLETED_WITH_VIOLATIONS'];
const CHECKS = ['baseline_drift_check', 'data_type_check', 'completeness_check', 'missing_column_check'];
const FEATURES = ['age', 'tenure', 'plan', 'income', 'region'];

function configOf(type: MonitorType, i: number): MonitorConfig {
  const base: MonitorConfig = {
    endpointInput: { endpointName: `ep-${i % 20}`, startTimeOffset: '-P1D', endTimeOffset: '-PT1H' },
    outputS3Uri: `s3://reports/m-${i}`,
    resources: { instanceType: 'ml.m5.xlarge', instanceCount: 1, volumeSizeInGB: 20 },
    maxRuntimeInSeconds: 1800,
    roleArn: 'arn:aws:iam::123456789012:role/monitor',
  };
  switch (type) {
    case 'MODEL_QUALITY':
      return { ...base, problemType: 'BinaryClassification', groundTruthS3Uri: 's3://gt/churn' };
    case 'MODEL_BIAS':
      return { ...base, groundTruthS3Uri: 's3://gt/churn', bias: { facetName: 'age', facetValuesOrThreshold: ['40'], labelValuesOrThreshold: ['1'] } };
    case 'MODEL_EXPLAINABILITY':
      return { ...base, explainability: { headers: ['age', 'tenure', 'plan'], numSamples: 100, aggMethod: 'mean_abs', useLogit: false } };
    default:
      return base;
  }
}

async function inChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** Seeds monitors (mixed types and backends), one schedule each, its executions and their violations. */
export async function seedTeamData(db: Db, teamId: string, options: SeedOptions): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const perExecution = options.violationsPerExecution ?? 3;
  const tag = randomUUID().slice(0, 8);
  const monitors = [];
  const schedules = [];
  const executions = [];
  const violations = [];
  for (let i = 0; i < options.monitors; i++) {
    const type = TYPES[i % TYPES.length] as MonitorType;
    const config = configOf(type, i);
    const monitorId = randomUUID();
    // Spread creation over the last 30 days, newest last.
    const createdAt = new Date(now.getTime() - (options.monitors - i) * 60_000 * 43);
    monitors.push({
      id: monitorId, teamId, name: `m-${tag}-${i}`, type, backend: i % 5 === 0 ? ('SAGEMAKER' as const) : ('BUILTIN' as const),
      endpointName: config.endpointInput?.endpointName ?? null, config: config as object, createdAt, updatedAt: createdAt,
    });
    const scheduleId = randomUUID();
    const expression = EXPRESSIONS[i % EXPRESSIONS.length] as string;
    schedules.push({
      id: scheduleId, teamId, monitorId, name: `s-${tag}-${i}`, expression,
      dataAnalysisStartTime: expression === 'NOW' ? '-PT2H' : null, dataAnalysisEndTime: expression === 'NOW' ? '-PT1H' : null,
      status: 'SCHEDULED' as const, createdAt, updatedAt: createdAt,
    });
    const history = [];
    for (let j = 0; j < options.executionsPerSchedule; j++) {
      const executionId = randomUUID();
      // Hourly history going back from `now`, offset per monitor so times differ.
      const scheduledTime = new Date(now.getTime() - j * 3_600_000 - (i % 60) * 1000);
      const status = STATUSES[(i + j) % STATUSES.length] as ExecutionStatus;
      const endedAt = new Date(scheduledTime.getTime() + 600_000);
      executions.push({
        id: executionId, teamId, monitorId, scheduleId, backendExecutionId: `exec-${i}-${j}`, status, scheduledTime,
        startedAt: new Date(scheduledTime.getTime() + 60_000), endedAt,
        failureReason: status === 'FAILED' ? 'AlgorithmError: see the job logs' : null,
        reportUri: status === 'FAILED' ? null : `s3://reports/m-${i}/${j}`,
        createdAt: endedAt, updatedAt: endedAt,
      });
      history.push(executions.at(-1)!);
      if (status === 'COMPLETED_WITH_VIOLATIONS') {
        for (let k = 0; k < perExecution; k++) {
          violations.push({
            id: randomUUID(), teamId, monitorId, executionId,
            featureName: FEATURES[(i + k) % FEATURES.length] as string, checkType: CHECKS[k % CHECKS.length] as string,
            description: `Feature ${FEATURES[(i + k) % FEATURES.length]} failed ${CHECKS[k % CHECKS.length]} (distance 0.${(i * 7 + k) % 100})`,
            createdAt: endedAt,
          });
        }
      }
    }
    // The health the sync would have kept, its runs stored oldest first.
    let health: HealthState = { status: 'PENDING', since: null, executionId: null, scheduledTime: null };
    for (const e of history.reverse()) health = nextHealth(health, e) ?? health;
    Object.assign(monitors.at(-1)!, {
      healthStatus: health.status, healthSince: health.since, healthExecutionId: health.executionId, healthScheduledTime: health.scheduledTime,
      healthOpenViolations: health.status === 'VIOLATING' ? perExecution : 0,
    });
  }
  await inChunks(monitors, 1000, (data) => db.monitor.createMany({ data }));
  await inChunks(schedules, 1000, (data) => db.schedule.createMany({ data }));
  await inChunks(executions, 2000, (data) => db.execution.createMany({ data }));
  await inChunks(violations, 2000, (data) => db.violation.createMany({ data }));
  // Written around the sync, so the hourly rollup the sync keeps is counted here.
  await db.$transaction((tx) => violationHourlyStorage.rebuildTeam(tx, teamId));
  return { monitorIds: monitors.map((m) => m.id), scheduleIds: schedules.map((s) => s.id), executions: executions.length, violations: violations.length };
}
