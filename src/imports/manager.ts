// Adopting schedules made outside the gateway (SDK scripts, the console) from the team's
// SageMaker account: each one the gateway can represent becomes a monitor, a schedule and
// maybe a baseline, all in one transaction; the rest is reported with a reason. Nothing is
// sent to SageMaker but reads. A schedule with an inline MonitoringJobDefinition is adopted
// with backendRef null: the SageMaker backend keeps it inline on timing changes and moves it
// to a job definition of its own at the monitor's first change (updateDefinition).
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { isImportSource, type Backends, type ForeignSchedule, type ImportSkipCode } from '../backends/types.js';
import type { Baseline, Monitor, Prisma, Schedule, ScheduleStatus, MonitorType } from '../generated/prisma/client.js';
import type { Actor } from '../kernel/caller.js';
import { endpointNameOf } from '../kernel/monitor-config.js';
import { checkMonitor } from '../kernel/rules/monitor.js';
import { resolveScheduleSpec } from '../kernel/rules/schedule.js';
import { recordAudit } from '../storage/audit.js';
import { baselineStorage } from '../storage/baselines.js';
import { importStorage } from '../storage/imports.js';
import { ownerOf } from './ownership.js';
import { monitorStorage } from '../storage/monitors.js';
import { scheduleStorage } from '../storage/schedules.js';
import { loadTeamAwsSettings } from '../tenancy/aws-settings.js';
import { AppError, ErrorCode, notFound } from '../shared/errors.js';
import { requireId } from '../shared/ids.js';

export const IMPORT_ACTION = 'sagemaker.import';

export interface ImportedSchedule {
  name: string;
  type: MonitorType;
  /** Null for a schedule with an inline MonitoringJobDefinition. */
  jobDefinitionName: string | null;
  status: ScheduleStatus;
  expression: string;
  monitor: Monitor | null;
  schedule: Schedule | null;
  baseline: Baseline | null;
}

export interface SkippedSchedule {
  name: string;
  reason: ImportSkipCode;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  adopted: ImportedSchedule[];
  skipped: SkippedSchedule[];
}

type Adoptable = Extract<ForeignSchedule, { adoptable: true }>;

const json = (v: unknown) => v as Prisma.InputJsonValue;

export class ImportManager {
  constructor(private readonly db: Db, private readonly backends: Backends) {}

  /** `teamId` must be the actor's team (else NOT_FOUND, as for any other team's object). */
  async importSageMakerSchedules(actor: Actor, teamId: string, dryRun: boolean): Promise<ImportReport> {
    if (requireId('Team', teamId, 'teamId') !== actor.teamId) throw notFound('Team', teamId, 'teamId');
    const source = this.backends.SAGEMAKER;
    if (!isImportSource(source)) throw new AppError(ErrorCode.BACKEND_NOT_CONFIGURED, 'This gateway\'s SAGEMAKER backend cannot list schedules for import');
    // The team's region (and that it has one: the same refusal as any SAGEMAKER call).
    const { region } = await loadTeamAwsSettings(this.db, actor.teamId);
    const found = await source.foreignSchedules(actor.teamId);
    const team = await this.db.team.findUniqueOrThrow({ where: { id: actor.teamId } });
    const names = found.map((f) => f.name);
    const [holders, others, taken] = await Promise.all([
      importStorage.holders(this.db, names), importStorage.regionTeams(this.db, actor.teamId, region), importStorage.takenNames(this.db, actor.teamId, names),
    ]);
    const report: ImportReport = { dryRun, adopted: [], skipped: [] };
    const skip = (name: string, reason: ImportSkipCode, message: string) => report.skipped.push({ name, reason, message });
    for (const f of found) {
      const owner = ownerOf(actor.teamId, f, holders.get(f.name) ?? new Set(), others);
      if (owner?.owner === 'SELF') {
        skip(f.name, 'ALREADY_ADOPTED', `the team already has the schedule ${f.name} (adopted before or made by the gateway)`);
        continue;
      }
      if (owner?.owner === 'OTHER') {
        skip(f.name, 'MANAGED_BY_ANOTHER_TEAM', `${owner.message}; that team manages it`);
        continue;
      }
      if (!f.adoptable) {
        skip(f.name, f.code, f.message);
        continue;
      }
      const violations = checkMonitor({ name: f.name, type: f.type, backend: 'SAGEMAKER', config: f.config, teamExecutionRoleArn: team.awsExecutionRoleArn });
      if (violations.length > 0) {
        skip(f.name, 'INVALID_MONITOR', violations.map((v) => `${v.field}: ${v.message}`).join('; '));
        continue;
      }
      const resolved = resolveScheduleSpec(
        { kind: f.spec.expression === 'NOW' ? 'ONE_TIME' : 'EXPRESSION', ...f.spec },
        { type: f.type, maxRuntimeInSeconds: f.config.maxRuntimeInSeconds },
      );
      if (!resolved.spec) {
        skip(f.name, 'UNSUPPORTED_SCHEDULE', resolved.violations.map((v) => `${v.field}: ${v.message}`).join('; '));
        continue;
      }
      if (taken.has(f.name)) {
        skip(f.name, 'NAME_TAKEN', `the team already has a monitor or schedule named ${f.name} that is not this SageMaker schedule; rename one of them`);
        continue;
      }
      const planned: ImportedSchedule = {
        name: f.name, type: f.type, jobDefinitionName: f.definitionName, status: f.status, expression: resolved.spec.expression, monitor: null, schedule: null, baseline: null,
      };
      if (dryRun) {
        report.adopted.push(planned);
        continue;
      }
      try {
        report.adopted.push({ ...planned, ...(await this.adopt(actor, { ...f, spec: resolved.spec })) });
      } catch (error) {
        // A concurrent import or create took the name between the check and the insert.
        if (!isUniqueViolation(error)) throw error;
        skip(f.name, 'NAME_TAKEN', `a monitor or schedule named ${f.name} was created meanwhile`);
      }
    }
    return report;
  }

  /** One adoption, one transaction: the monitor, its baseline, its schedule, and their audit events. */
  private adopt(actor: Actor, f: Adoptable): Promise<{ monitor: Monitor; schedule: Schedule; baseline: Baseline | null }> {
    const source = { sageMakerSchedule: f.name, sageMakerArn: f.arn, jobDefinitionName: f.definitionName, inlineDefinition: f.definitionName === null };
    return this.db.$transaction(async (tx) => {
      const monitor = await monitorStorage.create(tx, {
        teamId: actor.teamId, name: f.name, type: f.type, backend: 'SAGEMAKER', endpointName: endpointNameOf(f.config), config: json(f.config),
      });
      await recordAudit(tx, actor, { action: IMPORT_ACTION, targetType: 'Monitor', targetId: monitor.id, after: { ...monitor, source } });
      let baseline: Baseline | null = null;
      if (f.baseline) {
        baseline = await baselineStorage.create(tx, {
          teamId: actor.teamId, monitorId: monitor.id, version: 1, source: 'SUGGESTED', status: 'COMPLETED',
          datasetUri: f.baseline.constraintsUri, datasetFormat: {}, backendJobRef: f.baseline.jobName,
          constraints: json(f.baseline.constraints), ...(f.baseline.statistics != null ? { statistics: json(f.baseline.statistics) } : {}),
        });
        await recordAudit(tx, actor, { action: IMPORT_ACTION, targetType: 'Baseline', targetId: baseline.id, after: { ...baseline, source } });
      }
      const created = await scheduleStorage.create(tx, { teamId: actor.teamId, monitorId: monitor.id, name: f.name, backendName: f.name, ...f.spec, status: f.status });
      const schedule = f.definitionName === null ? created : await scheduleStorage.update(tx, created.id, { backendRef: f.definitionName });
      await recordAudit(tx, actor, { action: IMPORT_ACTION, targetType: 'Schedule', targetId: schedule.id, after: { ...schedule, source } });
      return { monitor, schedule, baseline };
    });
  }
}
