// The job definition and schedule requests, one code path for all four monitor types:
// the per-type differences are data (which job input, which app specification).
import { createHash } from 'node:crypto';
import type {
  CreateDataQualityJobDefinitionCommandInput,
  CreateModelBiasJobDefinitionCommandInput,
  CreateModelExplainabilityJobDefinitionCommandInput,
  CreateModelQualityJobDefinitionCommandInput,
  CreateMonitoringScheduleCommandInput,
} from '@aws-sdk/client-sagemaker';
import type { BackendMonitor, BackendSchedule } from '../backends/types.js';
import { AWS_MONITORING_TYPE, type MonitorType } from '../kernel/monitor-config.js';
import { clarifyImage, modelMonitorImage } from './images.js';
import { monitoredInput, outputConfig, resources, type AwsContext } from './job-inputs.js';
import { networkConfig } from './job-options.js';
import { analysisConfigUri, baselineFilesUri } from './monitor-files.js';
import { gatewayTags } from './tags.js';

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
  // The SDK's create_monitoring_schedule defaults enable_cloudwatch_metrics to True for all four monitor
  // types and sends it as this variable (ModelMonitor._generate_env_map); the monitor's environment
  // is the gateway's setting for it, so a value there wins.
  const env = { Environment: { publish_cloudwatch_metrics: 'Enabled', ...c.environment } };
  const constraints = m.baseline ? { ConstraintsResource: { S3Uri: `${baselineFilesUri(m, m.baseline.version)}/constraints.json` } } : undefined;
  const statistics = m.baseline ? { StatisticsResource: { S3Uri: `${baselineFilesUri(m, m.baseline.version)}/statistics.json` } } : undefined;
  const scripts = {
    ...(c.recordPreprocessorSourceUri ? { RecordPreprocessorSourceUri: c.recordPreprocessorSourceUri } : {}),
    ...(c.postAnalyticsProcessorSourceUri ? { PostAnalyticsProcessorSourceUri: c.postAnalyticsProcessorSourceUri } : {}),
  };
  const groundTruth = { GroundTruthS3Input: { S3Uri: c.groundTruthS3Uri! } };
  // The name hashes the definition but not itself or the tags (who owns it, not what it does);
  // the ConfigUri depends on the name, so it is added after.
  const Tags = gatewayTags(m);
  const named = <T extends object>(body: T) => ({ JobDefinitionName: jobDefinitionName(schedule.name, { type: m.type, body }), ...body, Tags });
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
    Tags: gatewayTags(m),
  };
}
