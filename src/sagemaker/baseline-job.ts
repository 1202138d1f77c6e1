// The baselining processing job: Model Monitor's analyzer for data and model quality
// (statistics.json + constraints.json), Clarify for bias and explainability (analysis.json).
import type { CreateProcessingJobCommandInput } from '@aws-sdk/client-sagemaker';
import type { BackendMonitor, BaselineJobRequest } from '../backends/types.js';
import { clarifyImage, modelMonitorImage } from './images.js';
import { CONTAINER_INPUT, CONTAINER_OUTPUT, resources, type AwsContext } from './job-inputs.js';
import { modelQualityAttributes, networkConfig, outputKms } from './job-options.js';
import { baselineOutputUri } from './monitor-files.js';
import { gatewayTags } from './tags.js';

/** Processing job name of a baseline: unique per baseline version, 1-63 characters. */
export function baselineJobName(m: BackendMonitor, request: BaselineJobRequest): string {
  return `${m.name.slice(0, 40).replace(/-+$/, '')}-baseline-v${request.version}-${request.baselineId.slice(0, 8)}`;
}

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
    Tags: gatewayTags(m),
  };
}
