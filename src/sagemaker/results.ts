// What SageMaker answers and writes, read into the backend's shapes: a baselining job's
// state and files, a monitoring execution summary, an execution's report files.
import type { MonitoringExecutionSummary, ProcessingOutputConfig } from '@aws-sdk/client-sagemaker';
import type { BackendExecution, BackendExecutionStatus, BaselineJobState, ExecutionReport } from '../backends/types.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { parseAnalysis, parseConstraints, parseStatistics, parseViolations } from '../backends/reports.js';
import type { Transport } from './transport.js';

const EXECUTION_STATUS: Record<string, BackendExecutionStatus> = {
  Pending: 'PENDING', InProgress: 'IN_PROGRESS', Completed: 'COMPLETED', CompletedWithViolations: 'COMPLETED_WITH_VIOLATIONS',
  Failed: 'FAILED', Stopping: 'STOPPING', Stopped: 'STOPPED',
};
const ENDED = ['Completed', 'CompletedWithViolations', 'Failed', 'Stopped'];

/** The S3 folder a processing job wrote its (first) output to, without a trailing slash. */
const outputDir = (job: Record<string, unknown>): string =>
  String((job['ProcessingOutputConfig'] as ProcessingOutputConfig | undefined)?.Outputs?.[0]?.S3Output?.S3Uri ?? '').replace(/\/+$/, '');

/** A baselining job's state; when completed, its files (Clarify: analysis.json; else statistics and constraints). */
export async function baselineJobState(t: Transport, clarify: boolean, jobRef: string): Promise<BaselineJobState> {
  const job = await t.sagemaker('DescribeProcessingJob', { ProcessingJobName: jobRef });
  const status = job['ProcessingJobStatus'] as string | undefined;
  if (status === 'Failed' || status === 'Stopped') {
    return { status: 'FAILED', failureReason: (job['FailureReason'] as string | undefined) ?? (job['ExitMessage'] as string | undefined) ?? `processing job ${jobRef} ${status}` };
  }
  if (status !== 'Completed') return { status: 'IN_PROGRESS' };
  const dir = outputDir(job);
  const read = async (file: string, parse: (text: string, uri: string) => Record<string, unknown>) => {
    const uri = `${dir}/${file}`;
    const text = await t.getObject(uri);
    return text === null ? null : parse(text, uri);
  };
  if (clarify) {
    const analysis = await read('analysis.json', parseAnalysis);
    if (!analysis) return { status: 'FAILED', failureReason: `processing job ${jobRef} completed but wrote no analysis.json under ${dir}` };
    return { status: 'COMPLETED', statistics: null, constraints: analysis };
  }
  const [statistics, constraints] = await Promise.all([read('statistics.json', parseStatistics), read('constraints.json', parseConstraints)]);
  if (!constraints) return { status: 'FAILED', failureReason: `processing job ${jobRef} completed but wrote no constraints.json under ${dir}` };
  return { status: 'COMPLETED', statistics, constraints };
}

/** One ListMonitoringExecutions summary of the schedule named `scheduleName` in SageMaker. */
export function toBackendExecution(scheduleName: string, s: MonitoringExecutionSummary): BackendExecution {
  // Required in SageMaker's answer (the SDK types every field as optional).
  const scheduled = new Date(s['ScheduledTime']!);
  const status = EXECUTION_STATUS[s['MonitoringExecutionStatus'] ?? ''] ?? 'PENDING';
  const withReport = (status === 'COMPLETED' || status === 'COMPLETED_WITH_VIOLATIONS') && (s['ProcessingJobArn'] ?? '') !== '';
  return {
    // Stable before the processing job exists (Pending has no ARN): schedule + scheduled time.
    executionId: `${scheduleName}@${scheduled.toISOString()}`,
    status,
    scheduledTime: scheduled,
    startedAt: s['ProcessingJobArn'] && s['CreationTime'] ? new Date(s['CreationTime']) : null,
    endedAt: ENDED.includes(s['MonitoringExecutionStatus'] ?? '') && s['LastModifiedTime'] ? new Date(s['LastModifiedTime']) : null,
    failureReason: s['FailureReason'] ?? null,
    // Resolved to the S3 output by readReportFiles (one DescribeProcessingJob, only for finished runs).
    reportUri: withReport ? `processing-job:${String(s['ProcessingJobArn']).split('/').pop()}` : null,
    ...(s['LastModifiedTime'] ? { changedAt: new Date(s['LastModifiedTime']) } : {}),
  };
}

/** The S3 folder of a report: `ref` itself, or the output of the processing job `processing-job:<name>`. */
async function reportDir(t: Transport, ref: string): Promise<string> {
  return ref.startsWith('processing-job:')
    ? outputDir(await t.sagemaker('DescribeProcessingJob', { ProcessingJobName: ref.slice('processing-job:'.length) }))
    : ref.replace(/\/+$/, '');
}

/** One file of a report folder (see reportDir), null when there is no such object. */
export async function readReportObject(t: Transport, ref: string, file: string): Promise<string | null> {
  return t.getObject(`${await reportDir(t, ref)}/${file}`);
}

/**
 * Reads constraint_violations.json and the report document from the execution's processing job output:
 * statistics.json (data/model quality) or, for Clarify monitors (bias/explainability), analysis.json.
 */
export async function readReportFiles(t: Transport, clarify: boolean, execution: BackendExecution): Promise<ExecutionReport> {
  const ref = execution.reportUri;
  if (!ref) throw new AppError(ErrorCode.NOT_FOUND, `Execution ${execution.executionId} has no processing job yet`);
  const dir = await reportDir(t, ref);
  const violationsUri = `${dir}/constraint_violations.json`;
  const documentUri = `${dir}/${clarify ? 'analysis.json' : 'statistics.json'}`;
  const [violationsText, documentText] = await Promise.all([t.getObject(violationsUri), t.getObject(documentUri)]);
  return {
    reportUri: dir,
    violations: violationsText === null ? [] : parseViolations(violationsText, violationsUri),
    statistics: documentText === null ? null : (clarify ? parseAnalysis : parseStatistics)(documentText, documentUri),
  };
}
