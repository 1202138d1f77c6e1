/** CreateProcessingJob / DescribeProcessingJob / StopProcessingJob (baselining jobs and execution jobs). */
import { inUse, notFound, validation } from './errors.js';
import type { Handler } from './job-definitions.js';
import type { ExecutionRecord, ProcessingJobRecord } from './state.js';
import { asObj, Checker, clusterConfig, isObj, name, roleArn, S3_URI_PATTERN, stoppingCondition, type Obj } from './validation.js';

const createProcessingJob: Handler = (input, ctx) => {
  const c = new Checker();
  name(c, 'ProcessingJobName', input['ProcessingJobName']);
  const res = asObj(input['ProcessingResources']);
  if (c.required('ProcessingResources', input['ProcessingResources']) && res) clusterConfig(c, 'ProcessingResources.ClusterConfig', res['ClusterConfig']);
  const app = asObj(input['AppSpecification']);
  if (c.required('AppSpecification', input['AppSpecification']) && app) c.str('AppSpecification.ImageUri', app['ImageUri'], { required: true, max: 255 });
  roleArn(c, 'RoleArn', input['RoleArn']);
  stoppingCondition(c, 'StoppingCondition', input['StoppingCondition']);
  const inputs = input['ProcessingInputs'];
  if (Array.isArray(inputs)) {
    if (inputs.length > 10) c.fail('ProcessingInputs', inputs, 'Member must have length less than or equal to 10');
    inputs.forEach((i: unknown, n) => {
      const s3 = asObj(asObj(i)?.['S3Input']);
      if (s3) c.str(`ProcessingInputs.${n + 1}.member.S3Input.S3Uri`, s3['S3Uri'], { required: true, max: 1024, pattern: S3_URI_PATTERN });
    });
  }
  const outputs = asObj(input['ProcessingOutputConfig'])?.['Outputs'];
  if (Array.isArray(outputs))
    outputs.forEach((o: unknown, n) => {
      const s3 = asObj(asObj(o)?.['S3Output']);
      if (s3) c.str(`ProcessingOutputConfig.Outputs.${n + 1}.member.S3Output.S3Uri`, s3['S3Uri'], { required: true, max: 1024, pattern: S3_URI_PATTERN });
    });
  c.done();
  const jobName = input['ProcessingJobName'] as string;
  const { state, clock, options } = ctx;
  const arn = state.arn('processing-job', jobName);
  if (state.processingJobs.has(jobName) || state.executionByJobName(jobName))
    throw inUse(`Job name must be unique within an AWS account and region, and a job with this name already exists (${arn})`);
  const body = structuredClone(input);
  delete body['ProcessingJobName'];
  delete body['Tags'];
  const now = clock.now();
  state.processingJobs.set(jobName, {
    name: jobName, arn, body, status: 'InProgress', creationTime: now, lastModifiedTime: now, startTime: now,
    completeAt: new Date(now.getTime() + options.processingJobRunMs),
  });
  return { ProcessingJobArn: arn };
};

/** The processing job behind a monitoring execution, in DescribeProcessingJob form. */
export function describeExecutionJob(e: ExecutionRecord): Obj {
  const body = e.jobDefinition.body;
  const p = e.jobDefinition.inline ? 'Monitoring' : e.jobDefinition.type;
  const app = asObj(body[e.jobDefinition.inline ? 'MonitoringAppSpecification' : `${p}AppSpecification`]) ?? {};
  const cluster = asObj(asObj(body[e.jobDefinition.inline ? 'MonitoringResources' : 'JobResources'])?.['ClusterConfig']);
  const terminal = e.finalized;
  const jobStatus = !terminal ? 'InProgress' : e.status === 'Failed' ? 'Failed' : 'Completed';
  const exit =
    e.status === 'CompletedWithViolations'
      ? `CompletedWithViolations: Job completed successfully with ${e.violationCount ?? 0} violations.`
      : e.status === 'Completed'
        ? 'Completed: Job completed successfully with no violations.'
        : e.failureReason;
  const env = asObj(app['Environment']) ?? asObj(body['Environment']);
  return {
    ProcessingJobName: e.processingJobName,
    ProcessingJobArn: e.processingJobArn,
    ProcessingJobStatus: jobStatus,
    ProcessingResources: { ClusterConfig: cluster ?? {} },
    AppSpecification: {
      ImageUri: app['ImageUri'],
      ...(Array.isArray(app['ContainerEntrypoint']) ? { ContainerEntrypoint: app['ContainerEntrypoint'] } : {}),
      ...(Array.isArray(app['ContainerArguments']) ? { ContainerArguments: app['ContainerArguments'] } : {}),
    },
    ...(env ? { Environment: env } : {}),
    ...(isObj(body['StoppingCondition']) ? { StoppingCondition: body['StoppingCondition'] } : {}),
    RoleArn: body['RoleArn'],
    ProcessingOutputConfig: {
      Outputs: [{ OutputName: 'result', S3Output: { S3Uri: e.reportUri, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'Continuous' } }],
    },
    ...(terminal && exit ? { ExitMessage: exit } : {}),
    ...(terminal && e.failureReason ? { FailureReason: e.failureReason } : {}),
    CreationTime: e.startTime,
    ProcessingStartTime: e.startTime,
    ...(terminal ? { ProcessingEndTime: e.endTime } : {}),
    LastModifiedTime: e.lastModifiedTime,
    MonitoringScheduleArn: e.scheduleArn,
  };
}

const describeProcessingJob: Handler = (input, ctx) => {
  const c = new Checker();
  name(c, 'ProcessingJobName', input['ProcessingJobName']);
  c.done();
  const jobName = input['ProcessingJobName'] as string;
  const execution = ctx.state.executionByJobName(jobName);
  if (execution && execution.status !== 'Pending') return describeExecutionJob(execution);
  const job = ctx.state.processingJobs.get(jobName);
  if (!job) throw notFound(`Processing job ${ctx.state.arn('processing-job', jobName)} does not exist.`);
  return describeCreatedJob(job);
};

/** A job made with CreateProcessingJob, in DescribeProcessingJob form. */
export function describeCreatedJob(job: ProcessingJobRecord): Obj {
  return {
    ProcessingJobName: job.name,
    ProcessingJobArn: job.arn,
    ...job.body,
    ProcessingJobStatus: job.status,
    ...(job.exitMessage ? { ExitMessage: job.exitMessage } : {}),
    ...(job.failureReason ? { FailureReason: job.failureReason } : {}),
    CreationTime: job.creationTime,
    ProcessingStartTime: job.startTime,
    ...(job.endTime ? { ProcessingEndTime: job.endTime } : {}),
    LastModifiedTime: job.lastModifiedTime,
  };
}

const stopProcessingJob: Handler = (input, ctx) => {
  const c = new Checker();
  name(c, 'ProcessingJobName', input['ProcessingJobName']);
  c.done();
  const job = ctx.state.processingJobs.get(input['ProcessingJobName'] as string);
  if (!job) throw notFound(`Processing job ${ctx.state.arn('processing-job', String(input['ProcessingJobName']))} does not exist.`);
  if (job.status !== 'InProgress') throw validation(`The processing job ${job.name} is not in progress (status ${job.status}).`);
  const now = ctx.clock.now();
  Object.assign(job, { status: 'Stopped', endTime: now, lastModifiedTime: now, exitMessage: 'Stopped by request' });
  return {};
};

export const processingJobHandlers: Record<string, Handler> = {
  CreateProcessingJob: createProcessingJob,
  DescribeProcessingJob: describeProcessingJob,
  StopProcessingJob: stopProcessingJob,
};
