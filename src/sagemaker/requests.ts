// Pure builders of the SageMaker requests, one code path for all four monitor types:
// the per-type differences are data (which job input, which app specification).
import { createHash } from 'node:crypto';
import type {
  BatchTransformInput,
  CreateDataQualityJobDefinitionCommandInput,
  CreateModelBiasJobDefinitionCommandInput,
  CreateModelExplainabilityJobDefinitionCommandInput,
  CreateModelQualityJobDefinitionCommandInput,
  CreateMonitoringScheduleCommandInput,
  CreateProcessingJobCommandInput,
  EndpointInput,
  MonitoringOutputConfig,
  MonitoringResources,
} from '@aws-sdk/client-sagemaker';
import type { BackendMonitor, BackendSchedule, BaselineJobRequest } from '../backends/types.js';
import { AWS_MONITORING_TYPE, type BatchTransformInputConfig, type EndpointInputConfig, type MonitorConfig, type MonitorType } from '../kernel/monitor-config.js';
import { biasProbabilityThreshold } from './clarify-config.js';
import { clarifyImage, modelMonitorImage } from './images.js';
import { modelQualityAttributes, networkConfig, outputKms } from './job-options.js';

export interface AwsContext {
  region: string;
  /** The role jobs run as: the monitor's, else the team's execution role. */
  roleArn: string;
}

export type JobDefinitionOperation =
  | 'CreateDataQualityJobDefinition'
  | 'CreateModelQualityJobDefinition'
  | 'CreateModelBiasJobDefinition'
  | 'CreateModelExplainabilityJobDefinition';

export type JobDefinitionRequest =
  | { operation: 'CreateDataQualityJobDefinition'; input: CreateDataQualityJobDefinitionCommandInput }
  | { operation: 'CreateModelQualityJobDefinition'; input: CreateModelQualityJobDefinitionCommandInput }
  | { operation: 'CreateModelBiasJobDefinition'; input: CreateModelBiasJobDefinitionCommandInput }
  | { operation: 'CreateModelExplainabilityJobDefinition'; input: CreateModelExplainabilityJobDefinitionCommandInput };

const JOB_DEFINITION_API: Record<MonitorType, { create: JobDefinitionOperation; remove: string }> = {
  DATA_QUALITY: { create: 'CreateDataQualityJobDefinition', remove: 'DeleteDataQualityJobDefinition' },
  MODEL_QUALITY: { create: 'CreateModelQualityJobDefinition', remove: 'DeleteModelQualityJobDefinition' },
  MODEL_BIAS: { create: 'CreateModelBiasJobDefinition', remove: 'DeleteModelBiasJobDefinition' },
  MODEL_EXPLAINABILITY: { create: 'CreateModelExplainabilityJobDefinition', remove: 'DeleteModelExplainabilityJobDefinition' },
};

export const deleteJobDefinitionOperation = (type: MonitorType) =>
  JOB_DEFINITION_API[type].remove as
    | 'DeleteDataQualityJobDefinition' | 'DeleteModelQualityJobDefinition' | 'DeleteModelBiasJobDefinition' | 'DeleteModelExplainabilityJobDefinition';

const CONTAINER_INPUT = '/opt/ml/processing/input';
const CONTAINER_OUTPUT = '/opt/ml/processing/output';

function attributes(i: Omit<EndpointInputConfig, 'endpointName'>) {
  return {
    ...(i.s3InputMode ? { S3InputMode: i.s3InputMode } : {}),
    ...(i.s3DataDistributionType ? { S3DataDistributionType: i.s3DataDistributionType } : {}),
    ...(i.featuresAttribute ? { FeaturesAttribute: i.featuresAttribute } : {}),
    ...(i.inferenceAttribute ? { InferenceAttribute: i.inferenceAttribute } : {}),
    ...(i.probabilityAttribute ? { ProbabilityAttribute: i.probabilityAttribute } : {}),
    ...(i.probabilityThresholdAttribute !== undefined ? { ProbabilityThresholdAttribute: i.probabilityThresholdAttribute } : {}),
    ...(i.startTimeOffset ? { StartTimeOffset: i.startTimeOffset } : {}),
    ...(i.endTimeOffset ? { EndTimeOffset: i.endTimeOffset } : {}),
    ...(i.excludeFeaturesAttribute ? { ExcludeFeaturesAttribute: i.excludeFeaturesAttribute } : {}),
  };
}

export function endpointInput(i: EndpointInputConfig): EndpointInput {
  return { EndpointName: i.endpointName, LocalPath: i.localPath ?? `${CONTAINER_INPUT}/endpoint`, ...attributes(i) };
}

export function batchTransformInput(i: BatchTransformInputConfig): BatchTransformInput {
  const f = i.datasetFormat;
  const DatasetFormat = f.csv ? { Csv: { Header: f.csv.header } } : f.json ? { Json: { Line: f.json.line } } : { Parquet: {} };
  return { DataCapturedDestinationS3Uri: i.dataCapturedDestinationS3Uri, DatasetFormat, LocalPath: i.localPath ?? `${CONTAINER_INPUT}/batch`, ...attributes(i) };
}

/** A bias threshold goes in the input's ProbabilityThresholdAttribute too, not only in Clarify's analysis config. */
function monitoredInput(type: MonitorType, c: MonitorConfig) {
  const threshold = type === 'MODEL_BIAS' ? biasProbabilityThreshold(c) : undefined;
  const t = threshold !== undefined ? { probabilityThresholdAttribute: threshold } : {};
  return c.endpointInput ? { EndpointInput: endpointInput({ ...c.endpointInput, ...t }) } : { BatchTransformInput: batchTransformInput({ ...c.batchTransformInput!, ...t }) };
}

/** Continuous, the SDK's MonitoringOutput default. */
function outputConfig(c: MonitorConfig): MonitoringOutputConfig {
  return { MonitoringOutputs: [{ S3Output: { S3Uri: c.outputS3Uri, LocalPath: CONTAINER_OUTPUT, S3UploadMode: 'Continuous' } }], ...outputKms(c) };
}

function resources(c: MonitorConfig): MonitoringResources {
  const r = c.resources;
  return { ClusterConfig: { InstanceCount: r.instanceCount, InstanceType: r.instanceType as never, VolumeSizeInGB: r.volumeSizeInGB, ...(r.volumeKmsKeyId ? { VolumeKmsKeyId: r.volumeKmsKeyId } : {}) } };
}

/** Where the gateway puts a monitor's baseline files and Clarify analysis configuration. */
export function monitorFilesUri(c: MonitorConfig, monitorName: string): string {
  return `${c.outputS3Uri.replace(/\/+$/, '')}/gateway/${monitorName}`;
}

export function analysisConfigUri(m: BackendMonitor, jobDefinitionName: string): string {
  return `${monitorFilesUri(m.config, m.name)}/${jobDefinitionName}/analysis_config.json`;
}

function stableHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 8);
}

/**
 * Each schedule gets its own job definition, named after the schedule and the
 * definition's content: a changed monitor means a new name (SageMaker job definitions
 * are immutable), and deleting a schedule can delete its definition without checking
 * who else uses it. Always 1-63 characters of [a-zA-Z0-9-].
 */
export function jobDefinitionName(scheduleName: string, definition: unknown): string {
  const stem = scheduleName.slice(0, 54).replace(/-+$/, '');
  return `${stem}-${stableHash(definition)}`;
}

/** The job definition request for a monitor, under the name derived from its content. */
export function buildJobDefinition(m: BackendMonitor, schedule: Pick<BackendSchedule, 'name'>, aws: AwsContext): JobDefinitionRequest {
  const c = m.config;
  const region = aws.region;
  const common = {
    JobResources: resources(c),
    RoleArn: c.roleArn ?? aws.roleArn,
    ...networkConfig(c),
    StoppingCondition: { MaxRuntimeInSeconds: c.maxRuntimeInSeconds },
  };
  const env = c.environment && Object.keys(c.environment).length > 0 ? { Environment: c.environment } : {};
  const constraints = m.baseline ? { ConstraintsResource: { S3Uri: `${monitorFilesUri(c, m.name)}/baselines/v${m.baseline.version}/constraints.json` } } : undefined;
  const statistics = m.baseline ? { StatisticsResource: { S3Uri: `${monitorFilesUri(c, m.name)}/baselines/v${m.baseline.version}/statistics.json` } } : undefined;
  const scripts = {
    ...(c.recordPreprocessorSourceUri ? { RecordPreprocessorSourceUri: c.recordPreprocessorSourceUri } : {}),
    ...(c.postAnalyticsProcessorSourceUri ? { PostAnalyticsProcessorSourceUri: c.postAnalyticsProcessorSourceUri } : {}),
  };
  const groundTruth = { GroundTruthS3Input: { S3Uri: c.groundTruthS3Uri! } };
  // The name hashes everything but itself; the ConfigUri depends on the name, so it is added after.
  const named = <T extends object>(body: T) => ({ JobDefinitionName: jobDefinitionName(schedule.name, { type: m.type, body }), ...body });
  switch (m.type) {
    case 'DATA_QUALITY':
      return {
        operation: 'CreateDataQualityJobDefinition',
        input: named({
          ...(constraints || statistics ? { DataQualityBaselineConfig: { ...constraints, ...statistics } } : {}),
          DataQualityAppSpecification: { ImageUri: modelMonitorImage(region), ...scripts, ...env },
          DataQualityJobInput: monitoredInput(m.type, c),
          DataQualityJobOutputConfig: outputConfig(c),
          ...common,
        }),
      };
    case 'MODEL_QUALITY':
      return {
        operation: 'CreateModelQualityJobDefinition',
        input: named({
          ...(constraints ? { ModelQualityBaselineConfig: constraints } : {}),
          ModelQualityAppSpecification: { ImageUri: modelMonitorImage(region), ProblemType: c.problemType!, ...scripts, ...env },
          ModelQualityJobInput: { ...monitoredInput(m.type, c), ...groundTruth },
          ModelQualityJobOutputConfig: outputConfig(c),
          ...common,
        }),
      };
    case 'MODEL_BIAS': {
      const input = named({
        ...(constraints ? { ModelBiasBaselineConfig: constraints } : {}),
        ModelBiasAppSpecification: { ImageUri: clarifyImage(region), ConfigUri: '', ...env },
        ModelBiasJobInput: { ...monitoredInput(m.type, c), ...groundTruth },
        ModelBiasJobOutputConfig: outputConfig(c),
        ...common,
      });
      input.ModelBiasAppSpecification.ConfigUri = analysisConfigUri(m, input.JobDefinitionName);
      return { operation: 'CreateModelBiasJobDefinition', input };
    }
    case 'MODEL_EXPLAINABILITY': {
      const input = named({
        ...(constraints ? { ModelExplainabilityBaselineConfig: constraints } : {}),
        ModelExplainabilityAppSpecification: { ImageUri: clarifyImage(region), ConfigUri: '', ...env },
        ModelExplainabilityJobInput: monitoredInput(m.type, c),
        ModelExplainabilityJobOutputConfig: outputConfig(c),
        ...common,
      });
      input.ModelExplainabilityAppSpecification.ConfigUri = analysisConfigUri(m, input.JobDefinitionName);
      return { operation: 'CreateModelExplainabilityJobDefinition', input };
    }
  }
}

export function buildCreateSchedule(m: BackendMonitor, schedule: BackendSchedule, jobDefinitionName: string): CreateMonitoringScheduleCommandInput {
  return {
    MonitoringScheduleName: schedule.name,
    MonitoringScheduleConfig: {
      ScheduleConfig: schedule.scheduleConfig,
      MonitoringJobDefinitionName: jobDefinitionName,
      MonitoringType: AWS_MONITORING_TYPE[m.type],
    },
  };
}

/** Processing job name of a baseline: unique per baseline version, 1-63 characters. */
export function baselineJobName(m: BackendMonitor, request: BaselineJobRequest): string {
  return `${m.name.slice(0, 40).replace(/-+$/, '')}-baseline-v${request.version}-${request.baselineId.slice(0, 8)}`;
}

export function baselineOutputUri(m: BackendMonitor, request: BaselineJobRequest): string {
  return `${monitorFilesUri(m.config, m.name)}/baselines/v${request.version}`;
}

/**
 * The baselining processing job: Model Monitor's analyzer for data and model quality
 * (statistics.json + constraints.json), Clarify for bias and explainability (analysis.json).
 */
export function buildBaselineJob(m: BackendMonitor, request: BaselineJobRequest, aws: AwsContext): CreateProcessingJobCommandInput {
  const c = m.config;
  const clarify = m.type === 'MODEL_BIAS' || m.type === 'MODEL_EXPLAINABILITY';
  const f = request.datasetFormat;
  const datasetFormat = f.csvHeader != null ? { csv: { header: f.csvHeader } } : f.jsonLines != null ? { json: { lines: f.jsonLines } } : { parquet: {} };
  const outputUri = baselineOutputUri(m, request);
  // The monitor's environment goes to its baselining job too, as the SDK's suggest_baseline sends it.
  const env: Record<string, string> = clarify
    ? { ...c.environment }
    : {
        ...c.environment,
        dataset_format: JSON.stringify(datasetFormat),
        dataset_source: `${CONTAINER_INPUT}/baseline_dataset_input`,
        output_path: CONTAINER_OUTPUT,
        publish_cloudwatch_metrics: 'Disabled',
        ...(m.type === 'MODEL_QUALITY' ? { analysis_type: 'MODEL_QUALITY', problem_type: c.problemType!, ...modelQualityAttributes(c, request) } : {}),
        ...(request.columnNames ? { header: JSON.stringify(request.columnNames) } : {}),
      };
  // The SDK's ProcessingInput defaults, all sent.
  const s3Input = (S3Uri: string, LocalPath: string) => ({
    S3Uri, LocalPath, S3DataType: 'S3Prefix' as const, S3InputMode: 'File' as const, S3DataDistributionType: 'FullyReplicated' as const, S3CompressionType: 'None' as const,
  });
  const inputs = [
    { InputName: clarify ? 'dataset' : 'baseline_dataset_input', AppManaged: false, S3Input: s3Input(request.datasetUri, `${CONTAINER_INPUT}/${clarify ? 'data' : 'baseline_dataset_input'}`) },
    ...(clarify ? [{ InputName: 'analysis_config', AppManaged: false, S3Input: s3Input(`${outputUri}/analysis_config.json`, `${CONTAINER_INPUT}/config`) }] : []),
  ];
  return {
    ProcessingJobName: baselineJobName(m, request),
    AppSpecification: { ImageUri: clarify ? clarifyImage(aws.region) : modelMonitorImage(aws.region) },
    ...(Object.keys(env).length > 0 ? { Environment: env } : {}),
    ProcessingInputs: inputs,
    ProcessingOutputConfig: { Outputs: [{ OutputName: clarify ? 'analysis_result' : 'monitoring_output', S3Output: { S3Uri: outputUri, LocalPath: CONTAINER_OUTPUT, S3UploadMode: 'EndOfJob' } }], ...outputKms(c) },
    ProcessingResources: resources(c),
    StoppingCondition: { MaxRuntimeInSeconds: c.maxRuntimeInSeconds },
    RoleArn: c.roleArn ?? aws.roleArn,
    ...networkConfig(c),
  };
}
