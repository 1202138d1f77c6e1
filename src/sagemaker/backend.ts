// MonitoringBackend on Amazon SageMaker Model Monitor, through @aws-sdk/client-sagemaker
// and client-s3. The same code runs against AWS and against the local server: only the
// team's endpoint settings differ.
import type { MonitoringExecutionSummary, MonitoringJobDefinition, MonitoringScheduleConfig } from '@aws-sdk/client-sagemaker';
import type {
  BackendExecution,
  BackendMonitor,
  BackendSchedule,
  BackendScheduleState,
  BaselineJobRequest,
  BaselineJobState,
  DryRunBackend,
  ExecutionQuery,
  ForeignSchedule,
  ImportSource,
  ExecutionReport,
  MonitoringBackend,
} from '../backends/types.js';
import { AWS_MONITORING_TYPE } from '../kernel/monitor-config.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { TeamClients, type ClientOptions, type TeamAwsSettings } from './clients.js';
import { clarifyAnalysisConfig } from './clarify-config.js';
import { baselineJobState, readReportFiles, readReportObject, toBackendExecution } from './results.js';
import { buildBaselineJob } from './baseline-job.js';
import { buildCreateSchedule, buildJobDefinition, deleteJobDefinitionOperation } from './job-definition.js';
import type { AwsContext } from './job-inputs.js';
import { analysisConfigUri, baselineFilesUri, baselineOutputUri } from './monitor-files.js';
import { teamScopedName } from './naming.js';
import { toScheduleState } from './schedule-state.js';
import { RecordingTransport, type Transport } from './transport.js';
import { SageMakerInventory } from './inventory.js';

export interface SageMakerBackendOptions extends ClientOptions {
  /** The team's AWS settings (region, roles, endpoints). */
  settings(teamId: string): Promise<TeamAwsSettings>;
}

const isClarify = (m: BackendMonitor) => m.type === 'MODEL_BIAS' || m.type === 'MODEL_EXPLAINABILITY';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ignoring<T>(code: ErrorCode, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === code) return null;
    throw error;
  }
}

export class SageMakerBackend implements MonitoringBackend, ImportSource {
  readonly kind = 'SAGEMAKER' as const;
  private readonly clients: TeamClients;

  constructor(private readonly options: SageMakerBackendOptions, private readonly fixedTransport?: Transport) {
    this.clients = new TeamClients(options);
  }

  scheduleNameFor(teamId: string, name: string): string {
    return teamScopedName(teamId, name);
  }

  /** The same backend over a recorder: it computes every request and sends none. */
  dryRun(): DryRunBackend {
    const recorder = new RecordingTransport();
    return { backend: new SageMakerBackend(this.options, recorder), requests: () => recorder.requests };
  }

  private async context(m: BackendMonitor): Promise<{ t: Transport; aws: AwsContext }> {
    const s = await this.options.settings(m.teamId);
    const roleArn = m.config.roleArn ?? s.executionRoleArn;
    if (!roleArn) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'This monitor has no roleArn and the team has no execution role: set one with updateTeamAwsSettings', { field: 'roleArn' });
    }
    return { t: this.fixedTransport ?? this.clients.transport(s), aws: { region: s.region, roleArn } };
  }

  /** Files the job definition refers to: Clarify's analysis config and the baseline in force. */
  private async uploadDefinitionFiles(t: Transport, m: BackendMonitor, jobDefinitionName: string): Promise<void> {
    if (isClarify(m)) await t.putObject(analysisConfigUri(m, jobDefinitionName), JSON.stringify(clarifyAnalysisConfig(m)));
    if (m.baseline) {
      const dir = baselineFilesUri(m, m.baseline.version);
      if (m.baseline.constraints != null) await t.putObject(`${dir}/constraints.json`, JSON.stringify(m.baseline.constraints));
      if (m.baseline.statistics != null) await t.putObject(`${dir}/statistics.json`, JSON.stringify(m.baseline.statistics));
    }
  }

  /** Creates the job definition; one that already exists under the same (content-derived) name is reused. */
  private async createDefinition(t: Transport, m: BackendMonitor, schedule: BackendSchedule, aws: AwsContext): Promise<{ name: string; created: boolean }> {
    const jd = buildJobDefinition(m, schedule, aws);
    const name = jd.input.JobDefinitionName!;
    await this.uploadDefinitionFiles(t, m, name);
    const created = await ignoring(ErrorCode.CONFLICT, () => t.sagemaker(jd.operation, jd.input as never));
    return { name, created: created !== null };
  }

  /** Deletes a job definition; gone already counts as done, still-in-use is retried briefly (deletes are asynchronous in AWS). */
  private async deleteDefinition(t: Transport, m: BackendMonitor, name: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await ignoring(ErrorCode.NOT_FOUND, () => t.sagemaker(deleteJobDefinitionOperation(m.type), { JobDefinitionName: name }));
        return;
      } catch (error) {
        if (!(error instanceof AppError && error.code === ErrorCode.CONFLICT) || attempt >= 4 || !t.sending) throw error;
        await sleep(250 * 2 ** attempt);
      }
    }
  }

  async createSchedule(m: BackendMonitor, schedule: BackendSchedule): Promise<{ backendRef: string }> {
    const { t, aws } = await this.context(m);
    const definition = await this.createDefinition(t, m, schedule, aws);
    try {
      await t.sagemaker('CreateMonitoringSchedule', buildCreateSchedule(m, schedule, definition.name));
    } catch (error) {
      // No orphan: the definition made for this schedule goes with it.
      if (definition.created) await this.deleteDefinition(t, m, definition.name).catch(() => undefined);
      throw error;
    }
    return { backendRef: definition.name };
  }

  /**
   * A schedule without a ref: one adopted with an inline MonitoringJobDefinition (its definition,
   * read back from SageMaker), else one that was never created there (CONFLICT).
   */
  private async inlineDefinition(m: BackendMonitor, schedule: BackendSchedule): Promise<MonitoringJobDefinition> {
    const t = this.clients.transport(await this.options.settings(m.teamId));
    const out = await ignoring(ErrorCode.NOT_FOUND, () => t.sagemaker('DescribeMonitoringSchedule', { MonitoringScheduleName: schedule.name }));
    const inline = (out?.['MonitoringScheduleConfig'] as MonitoringScheduleConfig | undefined)?.MonitoringJobDefinition;
    if (!inline) throw new AppError(ErrorCode.CONFLICT, `Schedule "${schedule.name}" was never created in SageMaker`);
    return inline;
  }

  /** Timing only: an inline definition is sent back as it is (UpdateMonitoringSchedule takes either form). */
  async updateSchedule(m: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    const { t } = await this.context(m);
    const definition = schedule.backendRef
      ? { MonitoringJobDefinitionName: schedule.backendRef, MonitoringType: AWS_MONITORING_TYPE[m.type] }
      : { MonitoringJobDefinition: await this.inlineDefinition(m, schedule) };
    await t.sagemaker('UpdateMonitoringSchedule', { MonitoringScheduleName: schedule.name, MonitoringScheduleConfig: { ScheduleConfig: schedule.scheduleConfig, ...definition } });
  }

  /** A changed monitor: new (immutable) job definition, schedule repointed, old definition deleted (an inline one goes with the update). */
  async updateDefinition(m: BackendMonitor, schedule: BackendSchedule): Promise<{ backendRef: string }> {
    const { t, aws } = await this.context(m);
    const old = schedule.backendRef;
    if (!old) await this.inlineDefinition(m, schedule);
    const next = await this.createDefinition(t, m, schedule, aws);
    if (next.name === old) return { backendRef: old };
    await t.sagemaker('UpdateMonitoringSchedule', {
      MonitoringScheduleName: schedule.name,
      MonitoringScheduleConfig: { ScheduleConfig: schedule.scheduleConfig, MonitoringJobDefinitionName: next.name, MonitoringType: AWS_MONITORING_TYPE[m.type] },
    });
    if (old) await this.deleteDefinition(t, m, old);
    return { backendRef: next.name };
  }

  async deleteSchedule(m: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    const { t } = await this.context(m);
    await ignoring(ErrorCode.NOT_FOUND, () => t.sagemaker('DeleteMonitoringSchedule', { MonitoringScheduleName: schedule.name }));
    if (schedule.backendRef) await this.deleteDefinition(t, m, schedule.backendRef);
  }

  async startSchedule(m: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    const { t } = await this.context(m);
    await t.sagemaker('StartMonitoringSchedule', { MonitoringScheduleName: schedule.name });
  }

  async stopSchedule(m: BackendMonitor, schedule: BackendSchedule): Promise<void> {
    const { t } = await this.context(m);
    await t.sagemaker('StopMonitoringSchedule', { MonitoringScheduleName: schedule.name });
  }

  /** A read, so a dry-run twin asks the real SageMaker too (and records nothing). ResourceNotFound → null. */
  async describeSchedule(m: BackendMonitor, schedule: BackendSchedule): Promise<BackendScheduleState | null> {
    const t = this.clients.transport(await this.options.settings(m.teamId));
    const out = await ignoring(ErrorCode.NOT_FOUND, () => t.sagemaker('DescribeMonitoringSchedule', { MonitoringScheduleName: schedule.name }));
    return out && toScheduleState(out);
  }

  /** Reads only: a dry-run twin lists from the real SageMaker too. */
  async foreignSchedules(teamId: string): Promise<ForeignSchedule[]> {
    const s = await this.options.settings(teamId);
    return new SageMakerInventory(this.clients.transport(s), s.region).list();
  }

  async suggestBaseline(m: BackendMonitor, request: BaselineJobRequest): Promise<{ jobRef: string }> {
    const { t, aws } = await this.context(m);
    if (isClarify(m)) await t.putObject(`${baselineOutputUri(m, request)}/analysis_config.json`, JSON.stringify(clarifyAnalysisConfig(m, request)));
    const job = buildBaselineJob(m, request, aws);
    await t.sagemaker('CreateProcessingJob', job);
    return { jobRef: job.ProcessingJobName! };
  }

  async describeBaseline(m: BackendMonitor, jobRef: string): Promise<BaselineJobState> {
    const { t } = await this.context(m);
    return baselineJobState(t, isClarify(m), jobRef);
  }

  async listExecutions(m: BackendMonitor, schedule: BackendSchedule, query: ExecutionQuery) {
    const { t } = await this.context(m);
    const out = await t.sagemaker('ListMonitoringExecutions', {
      MonitoringScheduleName: schedule.name,
      MaxResults: 100,
      SortBy: 'ScheduledTime',
      SortOrder: 'Ascending',
      ...(query.since ? { LastModifiedTimeAfter: query.since } : {}),
      ...(query.nextToken ? { NextToken: query.nextToken } : {}),
    });
    const summaries = (out['MonitoringExecutionSummaries'] ?? []) as MonitoringExecutionSummary[];
    return { executions: summaries.map((s) => toBackendExecution(schedule.name, s)), nextToken: (out['NextToken'] as string | undefined) ?? null };
  }

  async readReport(m: BackendMonitor, execution: BackendExecution): Promise<ExecutionReport> {
    const { t } = await this.context(m);
    return readReportFiles(t, isClarify(m), execution);
  }

  async readReportFile(m: BackendMonitor, reportUri: string, file: string): Promise<string | null> {
    const { t } = await this.context(m);
    return readReportObject(t, reportUri, file);
  }
}
