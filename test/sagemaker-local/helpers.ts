/** Shared helpers for the local SageMaker server tests: real SDK clients and request builders. */
import {
  CreateDataQualityJobDefinitionCommand, CreateModelBiasJobDefinitionCommand, CreateModelExplainabilityJobDefinitionCommand,
  CreateModelQualityJobDefinitionCommand, CreateMonitoringScheduleCommand, DeleteDataQualityJobDefinitionCommand,
  DeleteModelBiasJobDefinitionCommand, DeleteModelExplainabilityJobDefinitionCommand, DeleteModelQualityJobDefinitionCommand,
  DescribeDataQualityJobDefinitionCommand, DescribeModelBiasJobDefinitionCommand, DescribeModelExplainabilityJobDefinitionCommand,
  DescribeModelQualityJobDefinitionCommand, SageMakerClient, type ScheduleConfig,
} from '@aws-sdk/client-sagemaker';
import { S3Client } from '@aws-sdk/client-s3';
import type { LocalSageMaker, MonitoringType } from '@mmg/local-sagemaker';

export const TYPES: MonitoringType[] = ['DataQuality', 'ModelQuality', 'ModelBias', 'ModelExplainability'];
export const ROLE = 'arn:aws:iam::123456789012:role/service-role/ModelMonitorRole';
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export function sageMaker(server: LocalSageMaker, maxAttempts = 1): SageMakerClient {
  return new SageMakerClient({ region: 'us-east-1', endpoint: server.endpoint, credentials, maxAttempts });
}

export function s3Client(server: LocalSageMaker): S3Client {
  return new S3Client({ region: 'us-east-1', endpoint: server.s3Endpoint, credentials, forcePathStyle: true, maxAttempts: 1 });
}

export interface JobDefinitionOptions {
  endpointName?: string;
  batch?: boolean;
  bothInputs?: boolean;
  outputUri?: string;
  maxRuntime?: number;
  roleArn?: string;
}

/** A complete Create<Type>JobDefinition request (plain JSON, as the SDK sends it). */
export function jobDefinitionInput(type: MonitoringType, name: string, o: JobDefinitionOptions = {}): Record<string, unknown> {
  const endpointInput = {
    EndpointName: o.endpointName ?? 'my-endpoint',
    LocalPath: '/opt/ml/processing/input/endpoint',
    S3InputMode: 'File',
    S3DataDistributionType: 'FullyReplicated',
    ...(type === 'DataQuality' ? {} : { InferenceAttribute: '0', ProbabilityAttribute: '1', ProbabilityThresholdAttribute: 0.5 }),
    ...(type === 'ModelQuality' || type === 'ModelBias' ? { StartTimeOffset: '-P8D', EndTimeOffset: '-P1D' } : {}),
  };
  const batchInput = {
    DataCapturedDestinationS3Uri: 's3://capture-bucket/batch',
    DatasetFormat: { Csv: { Header: true } },
    LocalPath: '/opt/ml/processing/input/batch',
  };
  const jobInput: Record<string, unknown> = o.bothInputs
    ? { EndpointInput: endpointInput, BatchTransformInput: batchInput }
    : o.batch ? { BatchTransformInput: batchInput } : { EndpointInput: endpointInput };
  if (type === 'ModelQuality' || type === 'ModelBias') jobInput['GroundTruthS3Input'] = { S3Uri: 's3://ground-truth/labels' };
  const app =
    type === 'ModelBias' || type === 'ModelExplainability'
      ? { ImageUri: '205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0', ConfigUri: `s3://configs/${name}/analysis_config.json`, Environment: { LOG_LEVEL: 'info' } }
      : { ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer', ...(type === 'ModelQuality' ? { ProblemType: 'BinaryClassification' } : {}), Environment: { publish_cloudwatch_metrics: 'Disabled' } };
  return {
    JobDefinitionName: name,
    [`${type}BaselineConfig`]: { ConstraintsResource: { S3Uri: `s3://baselines/${name}/constraints.json` } },
    [`${type}AppSpecification`]: app,
    [`${type}JobInput`]: jobInput,
    [`${type}JobOutputConfig`]: { MonitoringOutputs: [{ S3Output: { S3Uri: o.outputUri ?? `s3://reports/${name}`, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'Continuous' } }] },
    JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } },
    RoleArn: o.roleArn ?? ROLE,
    StoppingCondition: { MaxRuntimeInSeconds: o.maxRuntime ?? 1800 },
    Tags: [{ Key: 'team', Value: 'ml' }],
  };
}

/** The four request types differ only by prefix; the plain-JSON input is passed through unchanged. */
export function createJobDefinition(client: SageMakerClient, type: MonitoringType, input: Record<string, unknown>) {
  const i = input as never;
  switch (type) {
    case 'DataQuality': return client.send(new CreateDataQualityJobDefinitionCommand(i));
    case 'ModelQuality': return client.send(new CreateModelQualityJobDefinitionCommand(i));
    case 'ModelBias': return client.send(new CreateModelBiasJobDefinitionCommand(i));
    case 'ModelExplainability': return client.send(new CreateModelExplainabilityJobDefinitionCommand(i));
  }
}

export async function describeJobDefinition(client: SageMakerClient, type: MonitoringType, name: string): Promise<Record<string, unknown>> {
  const i = { JobDefinitionName: name };
  switch (type) {
    case 'DataQuality': return { ...(await client.send(new DescribeDataQualityJobDefinitionCommand(i))) };
    case 'ModelQuality': return { ...(await client.send(new DescribeModelQualityJobDefinitionCommand(i))) };
    case 'ModelBias': return { ...(await client.send(new DescribeModelBiasJobDefinitionCommand(i))) };
    case 'ModelExplainability': return { ...(await client.send(new DescribeModelExplainabilityJobDefinitionCommand(i))) };
  }
}

export function deleteJobDefinition(client: SageMakerClient, type: MonitoringType, name: string) {
  const i = { JobDefinitionName: name };
  switch (type) {
    case 'DataQuality': return client.send(new DeleteDataQualityJobDefinitionCommand(i));
    case 'ModelQuality': return client.send(new DeleteModelQualityJobDefinitionCommand(i));
    case 'ModelBias': return client.send(new DeleteModelBiasJobDefinitionCommand(i));
    case 'ModelExplainability': return client.send(new DeleteModelExplainabilityJobDefinitionCommand(i));
  }
}

export function createSchedule(client: SageMakerClient, name: string, type: MonitoringType, jobDefinitionName: string, scheduleConfig: ScheduleConfig) {
  return client.send(new CreateMonitoringScheduleCommand({
    MonitoringScheduleName: name,
    MonitoringScheduleConfig: { ScheduleConfig: scheduleConfig, MonitoringJobDefinitionName: jobDefinitionName, MonitoringType: type },
  }));
}

/** Job definition + schedule in one go. */
export async function setUpMonitor(client: SageMakerClient, type: MonitoringType, name: string, expression: string, o: JobDefinitionOptions = {}) {
  await createJobDefinition(client, type, jobDefinitionInput(type, `${name}-jd`, o));
  const config: ScheduleConfig = expression === 'NOW'
    ? { ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT2H', DataAnalysisEndTime: '-PT1H' }
    : { ScheduleExpression: expression };
  await createSchedule(client, name, type, `${name}-jd`, config);
}

/** Runs `fn`, expecting it to reject; returns the error (fails the test otherwise). */
export async function failure(fn: () => Promise<unknown>): Promise<Error & { $fault?: string; $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}
