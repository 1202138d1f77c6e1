// The team's own SageMaker schedules, read for adoption (importSageMakerSchedules): each
// schedule with its job definition (named, or inline in the schedule), mapped onto the gateway's
// MonitorConfig, and its baseline files read back. Every answer is parsed with the zod schemas
// of inventory-schemas.ts; what the gateway cannot represent, or a malformed answer, is reported
// with a reason, never guessed.
import type { ForeignSchedule } from '../backends/types.js';
import { AWS_MONITORING_TYPE, type MonitorType } from '../kernel/monitor-config.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { clarifyImage, modelMonitorImage } from './images.js';
import { clarifySettings, monitorConfigOf } from './inventory-config.js';
import { AnalysisConfig, DefinitionAnswer, ListAnswer, parseOr, ProcessingJobAnswer, ScheduleAnswer, Skip } from './inventory-schemas.js';
import { parseAnalysis, parseConstraints, parseStatistics } from '../backends/reports.js';
import type { Transport } from './transport.js';

type Obj = Record<string, unknown>;
type Describe = 'DescribeDataQualityJobDefinition' | 'DescribeModelQualityJobDefinition' | 'DescribeModelBiasJobDefinition' | 'DescribeModelExplainabilityJobDefinition';

const TYPE_OF = Object.fromEntries(Object.entries(AWS_MONITORING_TYPE).map(([k, v]) => [v, k as MonitorType])) as Record<string, MonitorType>;
/** The prefix of each type's job definition fields (DataQualityAppSpecification, …). */
const PREFIX: Record<MonitorType, string> = { DATA_QUALITY: 'DataQuality', MODEL_QUALITY: 'ModelQuality', MODEL_BIAS: 'ModelBias', MODEL_EXPLAINABILITY: 'ModelExplainability' };

/** A *JobDefinition answer in the one shape DefinitionAnswer parses. */
const named = (d: Obj, prefix: string) => ({
  AppSpecification: d[`${prefix}AppSpecification`], JobInput: d[`${prefix}JobInput`], OutputConfig: d[`${prefix}JobOutputConfig`],
  JobResources: d['JobResources'], NetworkConfig: d['NetworkConfig'], RoleArn: d['RoleArn'], StoppingCondition: d['StoppingCondition'], BaselineConfig: d[`${prefix}BaselineConfig`],
});

/** A schedule's inline MonitoringJobDefinition (one input; its Environment beside the app specification) in the same shape. */
function inline(d: Obj) {
  const inputs = Array.isArray(d['MonitoringInputs']) ? (d['MonitoringInputs'] as unknown[]) : [];
  if (inputs.length !== 1) throw new Skip('INVALID_MONITOR', `the inline MonitoringJobDefinition has ${inputs.length} MonitoringInputs; SageMaker and the gateway take exactly one`);
  const app = d['MonitoringAppSpecification'];
  return {
    AppSpecification: app !== null && typeof app === 'object' ? { ...app, Environment: d['Environment'] } : app, JobInput: inputs[0], OutputConfig: d['MonitoringOutputConfig'],
    JobResources: d['MonitoringResources'], NetworkConfig: d['NetworkConfig'], RoleArn: d['RoleArn'], StoppingCondition: d['StoppingCondition'], BaselineConfig: d['BaselineConfig'],
  };
}

export class SageMakerInventory {
  /** `pageSize`: ListMonitoringSchedules' MaxResults (1-100). */
  constructor(private readonly t: Transport, private readonly region: string, private readonly pageSize = 100) {}

  async list(): Promise<ForeignSchedule[]> {
    const out: ForeignSchedule[] = [];
    let nextToken: string | undefined;
    do {
      const answer = await this.t.sagemaker('ListMonitoringSchedules', { MaxResults: this.pageSize, SortBy: 'Name', SortOrder: 'Ascending', ...(nextToken ? { NextToken: nextToken } : {}) });
      const page = ListAnswer.safeParse(answer);
      // No schedule to skip: the whole listing is unusable.
      if (!page.success) throw new AppError(ErrorCode.UNAVAILABLE, `SageMaker's ListMonitoringSchedules answer is malformed: ${page.error.issues[0]!.message}`);
      for (const s of page.data.MonitoringScheduleSummaries) out.push(await this.one(s.MonitoringScheduleName));
      nextToken = page.data.NextToken || undefined;
    } while (nextToken);
    return out;
  }

  private async one(name: string): Promise<ForeignSchedule> {
    let arn: string | null = null;
    try {
      const answer = await this.t.sagemaker('DescribeMonitoringSchedule', { MonitoringScheduleName: name });
      arn = typeof answer['MonitoringScheduleArn'] === 'string' ? answer['MonitoringScheduleArn'] : null;
      return { name, arn, adoptable: true, ...(await this.adopt(parseOr(ScheduleAnswer, answer, 'INVALID_MONITOR', 'its DescribeMonitoringSchedule answer'))) };
    } catch (error) {
      if (error instanceof Skip) return { name, arn, adoptable: false, code: error.code, message: error.message };
      throw error;
    }
  }

  private async adopt(s: ScheduleAnswer) {
    if (s.MonitoringScheduleStatus === 'Failed') throw new Skip('SCHEDULE_FAILED', `the schedule is Failed in SageMaker${s.FailureReason ? `: ${s.FailureReason}` : ''}; fix or delete it there first`);
    const config = s.MonitoringScheduleConfig;
    const { type, definitionName, d } = config.MonitoringJobDefinition ? this.inlineDefinition(config) : await this.namedDefinition(config);
    const clarify = type === 'MODEL_BIAS' || type === 'MODEL_EXPLAINABILITY';
    const image = clarify ? clarifyImage(this.region) : modelMonitorImage(this.region);
    const app = d.AppSpecification;
    if (app.ImageUri !== image) throw new Skip('CUSTOM_IMAGE', `the job definition runs ${app.ImageUri}, not the ${clarify ? 'Clarify' : 'Model Monitor analyzer'} image of ${this.region} (${image})`);
    if (app.ContainerEntrypoint || app.ContainerArguments) throw new Skip('CUSTOM_IMAGE', 'the job definition sets the container\'s entrypoint or arguments, which the gateway\'s monitors do not carry');
    const monitorConfig = monitorConfigOf(d);
    if (clarify) {
      const uri = app.ConfigUri ?? '';
      Object.assign(monitorConfig, clarifySettings(type, await this.readJson(uri, 'Clarify analysis configuration', (text) => parseOr(AnalysisConfig, JSON.parse(text), 'UNREADABLE_FILE', 'it'))));
    }
    // No expression is UNSUPPORTED_SCHEDULE, as any expression the gateway does not take.
    const timing = config.ScheduleConfig ?? {};
    return {
      type,
      config: monitorConfig,
      spec: { expression: timing.ScheduleExpression ?? '', dataAnalysisStartTime: timing.DataAnalysisStartTime ?? null, dataAnalysisEndTime: timing.DataAnalysisEndTime ?? null },
      status: s.MonitoringScheduleStatus === 'Stopped' ? ('STOPPED' as const) : ('SCHEDULED' as const),
      definitionName,
      baseline: await this.baseline(d.BaselineConfig, clarify),
    };
  }

  /** The inline form is data quality's (SageMaker's API takes no other type inline). */
  private inlineDefinition(config: ScheduleAnswer['MonitoringScheduleConfig']) {
    if ((config.MonitoringType ?? 'DataQuality') !== 'DataQuality') throw new Skip('INVALID_MONITOR', `the schedule's inline MonitoringJobDefinition is of type ${config.MonitoringType}; inline definitions are data quality's`);
    const d = parseOr(DefinitionAnswer, inline(config.MonitoringJobDefinition!), 'INVALID_MONITOR', 'its inline MonitoringJobDefinition');
    return { type: 'DATA_QUALITY' as const, definitionName: null, d };
  }

  private async namedDefinition(config: ScheduleAnswer['MonitoringScheduleConfig']) {
    const definitionName = config.MonitoringJobDefinitionName;
    if (!definitionName) throw new Skip('INVALID_MONITOR', 'the schedule names no job definition and carries none inline');
    const type = TYPE_OF[config.MonitoringType ?? 'DataQuality']!;
    const prefix = PREFIX[type];
    let answer: Obj;
    try {
      answer = await this.t.sagemaker(`Describe${prefix}JobDefinition` as Describe, { JobDefinitionName: definitionName });
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.NOT_FOUND) throw new Skip('DEFINITION_NOT_FOUND', `its ${prefix} job definition ${definitionName} does not exist`);
      throw error;
    }
    return { type, definitionName, d: parseOr(DefinitionAnswer, named(answer, prefix), 'INVALID_MONITOR', `its ${prefix} job definition ${definitionName}`) };
  }

  /** The definition's baseline files (or those of its baselining job), parsed as the gateway stores baselines. */
  private async baseline(config: DefinitionAnswer['BaselineConfig'], clarify: boolean) {
    if (!config) return null;
    const jobName = config.BaseliningJobName || null;
    let constraintsUri = config.ConstraintsResource?.S3Uri;
    let statisticsUri = config.StatisticsResource?.S3Uri;
    if (!constraintsUri && jobName) {
      const job = parseOr(ProcessingJobAnswer, await this.t.sagemaker('DescribeProcessingJob', { ProcessingJobName: jobName }), 'INVALID_MONITOR', `its baselining job ${jobName}`);
      const dir = job.ProcessingOutputConfig.Outputs[0]!.S3Output.S3Uri.replace(/\/+$/, '');
      constraintsUri = `${dir}/${clarify ? 'analysis.json' : 'constraints.json'}`;
      statisticsUri = clarify ? undefined : `${dir}/statistics.json`;
    }
    if (!constraintsUri) return null;
    const constraints = await this.readJson(constraintsUri, 'baseline constraints', (text, uri) => (clarify ? parseAnalysis : parseConstraints)(text, uri));
    const statistics = statisticsUri ? await this.readJson(statisticsUri, 'baseline statistics', parseStatistics) : null;
    return { constraints, statistics, constraintsUri, jobName };
  }

  private async readJson<T>(uri: string, what: string, parse: (text: string, uri: string) => T): Promise<T> {
    let text: string | null;
    try {
      text = /^s3:\/\/[^/]+\/.+/.test(uri) ? await this.t.getObject(uri) : null;
    } catch (error) {
      if (error instanceof AppError && error.code !== ErrorCode.UNAVAILABLE) throw new Skip('UNREADABLE_FILE', `its ${what} ${uri} could not be read: ${error.message}`);
      throw error;
    }
    if (text === null) throw new Skip('UNREADABLE_FILE', `its ${what} ${uri} does not exist`);
    try {
      return parse(text, uri);
    } catch (error) {
      if (error instanceof Skip) throw new Skip(error.code, `its ${what} ${uri} is not usable: ${error.message.replace(/^it has /, '')}`);
      throw new Skip('UNREADABLE_FILE', `its ${what} ${uri} is not usable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
