/**
 * POST /_local/outcomes/<scheduleName>: sets what the schedule's next execution produces, for a
 * person or a test driving a standalone server (the in-process API is `fixtures.setNextOutcome`).
 * Body: {"status"?, "failureReason"?, "violations"?, "statistics"?, "files"?: {"name": content},
 * "default"?: true}; `files` are written as given (a string verbatim, e.g. a real report file).
 * With "default": true the outcome is used for every execution without a queued one.
 */
import { validation } from './errors.js';
import type { ExecutionOutcome, Fixtures } from './fixtures.js';
import { isObj } from './validation.js';

const STATUSES = ['Completed', 'CompletedWithViolations', 'Failed'];
export const OUTCOMES_PATH = '/_local/outcomes/';

export function setOutcome(fixtures: Fixtures, url: string, body: Buffer): { scheduleName: string; queued: boolean } {
  const scheduleName = decodeURIComponent(url.slice(OUTCOMES_PATH.length));
  if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(scheduleName)) throw validation(`"${scheduleName}" is not a monitoring schedule name`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw validation('The outcome is not JSON');
  }
  if (!isObj(parsed)) throw validation('The outcome must be a JSON object');
  const { status, failureReason, violations, statistics, files } = parsed;
  if (status !== undefined && (typeof status !== 'string' || !STATUSES.includes(status))) throw validation(`status must be one of ${STATUSES.join(', ')}`);
  if (failureReason !== undefined && typeof failureReason !== 'string') throw validation('failureReason must be a string');
  if (violations !== undefined && !(Array.isArray(violations) && violations.every(isObj))) throw validation('violations must be an array of objects');
  if (files !== undefined && !isObj(files)) throw validation('files must be an object of file name to content');
  if (files && Object.keys(files).some((f) => !/^[\w.-]+$/.test(f))) throw validation('file names are plain names such as constraint_violations.json');
  const outcome = {
    ...(status !== undefined ? { status } : {}),
    ...(failureReason !== undefined ? { failureReason } : {}),
    ...(violations !== undefined ? { violations } : {}),
    ...(statistics !== undefined ? { statistics } : {}),
    ...(files !== undefined ? { files } : {}),
  } as ExecutionOutcome;
  if (parsed['default'] === true) fixtures.setDefaultOutcome(scheduleName, outcome);
  else fixtures.setNextOutcome(scheduleName, outcome);
  return { scheduleName, queued: parsed['default'] !== true };
}
