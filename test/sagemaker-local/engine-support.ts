// What the engine-report tests share: SDK clients on a server's endpoints, S3 objects by URI, data
// capture lines, and where an execution's reports are, found as a SageMaker user finds them.
import { DescribeProcessingJobCommand, ListMonitoringExecutionsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach } from '@jest/globals';
import { startLocalSageMaker, type LocalSageMaker } from '@mmg/local-sagemaker';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
export const CLUSTER = { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge' as const, VolumeSizeInGB: 20 } };
export const ANALYZER_IMAGE = '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer';
export const CLARIFY_IMAGE = '205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0';
export const output = (S3Uri: string) => ({ MonitoringOutputs: [{ S3Output: { S3Uri, LocalPath: '/opt/ml/processing/output' } }] });

export interface Clients { sm: SageMakerClient; s3: S3Client }
export const clients = (endpoint: string, s3Endpoint: string): Clients => ({
  sm: new SageMakerClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 }),
  s3: new S3Client({ region: 'us-east-1', endpoint: s3Endpoint, credentials, forcePathStyle: true, maxAttempts: 1 }),
});

export async function put(s3: S3Client, uri: string, body: string): Promise<void> {
  const [, Bucket, Key] = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri)!;
  await s3.send(new CreateBucketCommand({ Bucket })).catch(() => undefined);
  await s3.send(new PutObjectCommand({ Bucket, Key, Body: body }));
}
export async function get(s3: S3Client, uri: string): Promise<string> {
  const [, Bucket, Key] = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri)!;
  return (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();
}

/** One data capture line, as an endpoint writes it. */
export const capture = (i: number, at: string, input: string, output: string, outputType = 'CSV') => JSON.stringify({
  captureData: {
    endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: input, encoding: 'CSV' },
    endpointOutput: { observedContentType: outputType === 'JSON' ? 'application/json' : 'text/csv', mode: 'OUTPUT', data: output, encoding: outputType },
  },
  eventMetadata: { eventId: `event-${i}`, inferenceTime: at },
  eventVersion: '0',
});

/** A ground truth line for the capture `event-${i}`. */
export const groundTruth = (i: number, label: string) => JSON.stringify({ groundTruthData: { data: label, encoding: 'CSV' }, eventMetadata: { eventId: `event-${i}` }, eventVersion: '0' });

const CITIES = ['paris', 'lyon', 'nice'];
/** A CSV record age,income,city. */
export const row = (i: number) => `${20 + (i % 50)},${(1000 + 37 * i) / 10},${CITIES[i % 3]}`;

/** A minute of 2024-01-01T00:xx, in the window of the run at 01:00. */
export const inFirstHour = (minute: number) => `2024-01-01T00:${String(minute).padStart(2, '0')}:00Z`;

/** The report folder of the schedule's only finished execution, from its processing job (as a SageMaker user finds it). */
export async function reportOf(sm: SageMakerClient, schedule: string) {
  const { MonitoringExecutionSummaries: runs = [] } = await sm.send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: schedule }));
  const run = runs.find((r) => r.MonitoringExecutionStatus !== 'Pending' && r.MonitoringExecutionStatus !== 'InProgress')!;
  const job = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: run.ProcessingJobArn!.split('/').pop()! }));
  return { run, uri: job.ProcessingOutputConfig!.Outputs![0]!.S3Output!.S3Uri! };
}

/** A server with `reports: 'engine'` and clients on it, for each test of the calling suite. */
export function engineServer(): { server: LocalSageMaker; c: Clients } {
  const env = {} as { server: LocalSageMaker; c: Clients };
  beforeEach(async () => {
    env.server = await startLocalSageMaker({ reports: 'engine' });
    env.c = clients(env.server.endpoint, env.server.s3Endpoint);
  });
  afterEach(async () => {
    env.c.sm.destroy();
    env.c.s3.destroy();
    await env.server.close();
  });
  return env;
}
