// Request parts shared by job definitions and baselining jobs: the monitored input, the
// monitoring output, the cluster, and where the containers read and write.
import type { BatchTransformInput, EndpointInput, MonitoringOutputConfig, MonitoringResources } from '@aws-sdk/client-sagemaker';
import type { BatchTransformInputConfig, EndpointInputConfig, MonitorConfig, MonitorType } from '../kernel/monitor-config.js';
import { biasProbabilityThreshold } from './clarify-config.js';
import { outputKms } from './job-options.js';

export interface AwsContext {
  region: string;
  /** The role jobs run as: the monitor's, else the team's execution role. */
  roleArn: string;
}

export const CONTAINER_INPUT = '/opt/ml/processing/input';
export const CONTAINER_OUTPUT = '/opt/ml/processing/output';

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
export function monitoredInput(type: MonitorType, c: MonitorConfig) {
  const threshold = type === 'MODEL_BIAS' ? biasProbabilityThreshold(c) : undefined;
  const t = threshold !== undefined ? { probabilityThresholdAttribute: threshold } : {};
  return c.endpointInput ? { EndpointInput: endpointInput({ ...c.endpointInput, ...t }) } : { BatchTransformInput: batchTransformInput({ ...c.batchTransformInput!, ...t }) };
}

/** Continuous, the SDK's MonitoringOutput default. */
export function outputConfig(c: MonitorConfig): MonitoringOutputConfig {
  return { MonitoringOutputs: [{ S3Output: { S3Uri: c.outputS3Uri, LocalPath: CONTAINER_OUTPUT, S3UploadMode: 'Continuous' } }], ...outputKms(c) };
}

export function resources(c: MonitorConfig): MonitoringResources {
  const r = c.resources;
  return { ClusterConfig: { InstanceCount: r.instanceCount, InstanceType: r.instanceType as never, VolumeSizeInGB: r.volumeSizeInGB, ...(r.volumeKmsKeyId ? { VolumeKmsKeyId: r.volumeKmsKeyId } : {}) } };
}
