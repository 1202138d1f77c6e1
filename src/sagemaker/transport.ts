// How the backend talks to SageMaker and S3: through the real SDK clients, or through a
// recorder for dry runs that returns placeholders and sends nothing.
import {
  CreateDataQualityJobDefinitionCommand, CreateModelBiasJobDefinitionCommand, CreateModelExplainabilityJobDefinitionCommand,
  CreateModelQualityJobDefinitionCommand, CreateMonitoringScheduleCommand, CreateProcessingJobCommand,
  DeleteDataQualityJobDefinitionCommand, DeleteModelBiasJobDefinitionCommand, DeleteModelExplainabilityJobDefinitionCommand,
  DeleteModelQualityJobDefinitionCommand, DeleteMonitoringScheduleCommand, DescribeMonitoringScheduleCommand, DescribeProcessingJobCommand,
  DescribeDataQualityJobDefinitionCommand, DescribeModelBiasJobDefinitionCommand, DescribeModelExplainabilityJobDefinitionCommand,
  DescribeModelQualityJobDefinitionCommand, ListMonitoringSchedulesCommand,
  ListMonitoringExecutionsCommand, StartMonitoringScheduleCommand, StopMonitoringScheduleCommand, UpdateMonitoringScheduleCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { toAppError } from './errors.js';
import type { OutboundRequest } from '../backends/types.js';

const COMMANDS = {
  CreateDataQualityJobDefinition: CreateDataQualityJobDefinitionCommand,
  CreateModelQualityJobDefinition: CreateModelQualityJobDefinitionCommand,
  CreateModelBiasJobDefinition: CreateModelBiasJobDefinitionCommand,
  CreateModelExplainabilityJobDefinition: CreateModelExplainabilityJobDefinitionCommand,
  DeleteDataQualityJobDefinition: DeleteDataQualityJobDefinitionCommand,
  DeleteModelQualityJobDefinition: DeleteModelQualityJobDefinitionCommand,
  DeleteModelBiasJobDefinition: DeleteModelBiasJobDefinitionCommand,
  DeleteModelExplainabilityJobDefinition: DeleteModelExplainabilityJobDefinitionCommand,
  CreateMonitoringSchedule: CreateMonitoringScheduleCommand,
  UpdateMonitoringSchedule: UpdateMonitoringScheduleCommand,
  DeleteMonitoringSchedule: DeleteMonitoringScheduleCommand,
  DescribeMonitoringSchedule: DescribeMonitoringScheduleCommand,
  StartMonitoringSchedule: StartMonitoringScheduleCommand,
  StopMonitoringSchedule: StopMonitoringScheduleCommand,
  ListMonitoringExecutions: ListMonitoringExecutionsCommand,
  CreateProcessingJob: CreateProcessingJobCommand,
  ListMonitoringSchedules: ListMonitoringSchedulesCommand,
  DescribeDataQualityJobDefinition: DescribeDataQualityJobDefinitionCommand,
  DescribeModelQualityJobDefinition: DescribeModelQualityJobDefinitionCommand,
  DescribeModelBiasJobDefinition: DescribeModelBiasJobDefinitionCommand,
  DescribeModelExplainabilityJobDefinition: DescribeModelExplainabilityJobDefinitionCommand,
  DescribeProcessingJob: DescribeProcessingJobCommand,
} as const;

export type SageMakerOperation = keyof typeof COMMANDS;
type Cmd<K extends SageMakerOperation> = (typeof COMMANDS)[K];
export type OperationInput<K extends SageMakerOperation> = ConstructorParameters<Cmd<K>>[0];

/** One request as it would go to AWS: the dry-run answer and what tests compare. */
export type AwsRequest = OutboundRequest;

export interface Transport {
  /** SageMaker's answer, unchecked: readers narrow each field they use (a dry run answers `{ dryRun: true }`). Throws AppError (mapped from AWS). */
  sagemaker<K extends SageMakerOperation>(operation: K, input: OperationInput<K>): Promise<Record<string, unknown>>;
  putObject(uri: string, body: string): Promise<void>;
  /** The object's text, or null when there is no such key. */
  getObject(uri: string): Promise<string | null>;
  readonly sending: boolean;
}

export function parseS3Uri(uri: string): { Bucket: string; Key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// object URI: ${uri}`);
  return { Bucket: m[1]!, Key: m[2]! };
}

export class SdkTransport implements Transport {
  readonly sending = true;
  constructor(private readonly sm: SageMakerClient, private readonly s3: S3Client) {}

  async sagemaker<K extends SageMakerOperation>(operation: K, input: OperationInput<K>): Promise<Record<string, unknown>> {
    const Command = COMMANDS[operation] as unknown as new (i: unknown) => Parameters<SageMakerClient['send']>[0];
    try {
      return (await this.sm.send(new Command(input))) as unknown as Record<string, unknown>;
    } catch (error) {
      throw toAppError(error, operation);
    }
  }

  async putObject(uri: string, body: string): Promise<void> {
    try {
      await this.s3.send(new PutObjectCommand({ ...parseS3Uri(uri), Body: body, ContentType: 'application/json' }));
    } catch (error) {
      throw toAppError(error, 'S3 PutObject');
    }
  }

  async getObject(uri: string): Promise<string | null> {
    try {
      const out = await this.s3.send(new GetObjectCommand(parseS3Uri(uri)));
      return (await out.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NoSuchKey' || name === 'NotFound') return null;
      throw toAppError(error, 'S3 GetObject');
    }
  }
}

/** Records what would be sent; answers creates with placeholder ARNs and reads with nothing. */
export class RecordingTransport implements Transport {
  readonly sending = false;
  readonly requests: AwsRequest[] = [];

  async sagemaker<K extends SageMakerOperation>(operation: K, input: OperationInput<K>): Promise<Record<string, unknown>> {
    this.requests.push({ service: 'SageMaker', operation, input });
    return { dryRun: true };
  }

  async putObject(uri: string, body: string): Promise<void> {
    this.requests.push({ service: 'S3', operation: 'PutObject', input: { ...parseS3Uri(uri), Body: JSON.parse(body) as unknown } });
  }

  async getObject(): Promise<string | null> {
    return null;
  }
}
