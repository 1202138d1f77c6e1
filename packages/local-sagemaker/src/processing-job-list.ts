/**
 * ListProcessingJobs: the jobs made with CreateProcessingJob and those behind monitoring
 * executions (once started), filtered, sorted (default CreationTime, Descending) and paginated.
 */
import type { Handler } from './job-definitions.js';
import { paginate, sortBy } from './pagination.js';
import { describeCreatedJob, describeExecutionJob } from './processing-jobs.js';
import { fromWireTime } from './protocol.js';
import { Checker, type Obj } from './validation.js';

const STATUSES = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'];
const SUMMARY_FIELDS = ['ProcessingJobName', 'ProcessingJobArn', 'CreationTime', 'ProcessingEndTime', 'LastModifiedTime', 'ProcessingJobStatus', 'FailureReason', 'ExitMessage'];

const time = (v: unknown): number => (v instanceof Date ? v.getTime() : 0);

export const listProcessingJobs: Handler = (input, ctx) => {
  const c = new Checker();
  c.oneOf('SortBy', input['SortBy'], ['Name', 'CreationTime', 'Status']);
  c.oneOf('SortOrder', input['SortOrder'], ['Ascending', 'Descending']);
  c.oneOf('StatusEquals', input['StatusEquals'], STATUSES);
  c.done();
  const after = fromWireTime(input['CreationTimeAfter']);
  const before = fromWireTime(input['CreationTimeBefore']);
  const modifiedAfter = fromWireTime(input['LastModifiedTimeAfter']);
  const modifiedBefore = fromWireTime(input['LastModifiedTimeBefore']);
  const contains = typeof input['NameContains'] === 'string' ? input['NameContains'] : undefined;
  const jobs: Obj[] = [
    ...[...ctx.state.processingJobs.values()].map(describeCreatedJob),
    ...ctx.state.executions.filter((e) => e.status !== 'Pending').map(describeExecutionJob),
  ];
  const matching = jobs.filter((j) => {
    const created = time(j['CreationTime']);
    const modified = time(j['LastModifiedTime']);
    return (contains === undefined || String(j['ProcessingJobName']).includes(contains))
      && (input['StatusEquals'] === undefined || j['ProcessingJobStatus'] === input['StatusEquals'])
      && (!after || created > after.getTime()) && (!before || created < before.getTime())
      && (!modifiedAfter || modified > modifiedAfter.getTime()) && (!modifiedBefore || modified < modifiedBefore.getTime());
  });
  const key = (j: Obj) => (input['SortBy'] === 'Name' ? String(j['ProcessingJobName']) : input['SortBy'] === 'Status' ? String(j['ProcessingJobStatus']) : time(j['CreationTime']));
  const sorted = sortBy(matching, key, (j) => String(j['ProcessingJobName']), input['SortOrder']);
  const { page, nextToken } = paginate(sorted, input);
  return {
    ProcessingJobSummaries: page.map((j) => Object.fromEntries(SUMMARY_FIELDS.filter((f) => j[f] !== undefined).map((f) => [f, j[f]]))),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
};
