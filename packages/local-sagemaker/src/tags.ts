/**
 * Tags of the resources the server holds, by ARN: stored from the Tags of CreateMonitoringSchedule and
 * the Create*JobDefinition calls, read by ListTags, changed by AddTags and DeleteTags, dropped with the
 * resource. (CreateProcessingJob's Tags are not stored: ListTags on a processing job lists none.)
 */
import type { Context } from './context.js';
import { validation } from './errors.js';
import type { Handler } from './job-definitions.js';
import { paginate } from './pagination.js';
import type { State } from './state.js';
import { Checker, isObj, type Obj } from './validation.js';

const MAX_TAGS = 50;

/** SageMaker's Tag (API Reference, Tag): key 1-128, value 0-256, letters, digits, spaces and _.:/=+-@. */
const TAG_PATTERN = '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$';
const tagPattern = new RegExp(TAG_PATTERN, 'u');

/** A Tags list's constraints: at most 50, each key and value within SageMaker's Tag shape. */
export function checkTags(c: Checker, path: string, v: unknown): void {
  if (v === undefined || v === null) return;
  if (!Array.isArray(v)) return c.fail(path, v, 'Member must be a list');
  if (v.length > MAX_TAGS) c.fail(path, v, `Member must have length less than or equal to ${MAX_TAGS}`);
  v.forEach((t: unknown, i) => {
    const p = `${path}.${i + 1}.member`;
    if (!c.required(p, t) || !isObj(t)) return;
    c.str(`${p}.Key`, t['Key'], { required: true, min: 1, max: 128 });
    c.str(`${p}.Value`, t['Value'], { required: true, max: 256 });
    for (const field of ['Key', 'Value'] as const) {
      const text = t[field];
      if (typeof text === 'string' && !tagPattern.test(text)) c.fail(`${p}.${field}`, text, `Member must satisfy regular expression pattern: ${TAG_PATTERN}`);
    }
  });
}

/** The service rules of a Tags list, after its constraints: keys under "aws:" are AWS's own, and a key appears once. */
export function checkTagRules(v: unknown): void {
  const keys = asTags(v).map((t) => t.Key);
  const reserved = keys.find((k) => k.toLowerCase().startsWith('aws:'));
  if (reserved !== undefined) throw validation(`Tag keys beginning with 'aws:' are reserved for AWS use: '${reserved}'.`);
  const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
  if (repeated !== undefined) throw validation(`Duplicate tag key '${repeated}' in the request.`);
}

/** The Tags of a create request, on their own (the job definition checks report them apart). */
export function validateTags(v: unknown): void {
  const c = new Checker();
  checkTags(c, 'Tags', v);
  c.done();
  checkTagRules(v);
}

const RESOURCE_ARN_PATTERN = '^arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:.+$';

/** One map per server (its State), so servers in one process never share tags. */
const stores = new WeakMap<State, Map<string, Map<string, string>>>();

function storeOf(state: State): Map<string, Map<string, string>> {
  let store = stores.get(state);
  if (!store) stores.set(state, (store = new Map<string, Map<string, string>>()));
  return store;
}

const asTags = (v: unknown): Array<{ Key: string; Value: string }> =>
  (Array.isArray(v) ? v : []).filter(isObj).map((t) => ({ Key: String(t['Key']), Value: typeof t['Value'] === 'string' ? t['Value'] : '' }));

/** Stores the (validated) Tags of a create request under the new resource's ARN. */
export function storeTags(state: State, arn: string, input: unknown): void {
  const list = asTags(input);
  if (list.length > 0) storeOf(state).set(arn, new Map(list.map((t) => [t.Key, t.Value])));
}

export function dropTags(state: State, arn: string): void {
  storeOf(state).delete(arn);
}

/**
 * Checks the request (its own fields already in `c`, then ResourceArn) and returns the tags of the
 * resource. An ARN the server does not hold is refused: AddTags, ListTags and DeleteTags name no
 * error of their own, so a ValidationException.
 */
function resourceTags(input: Obj, ctx: Context, c: Checker): { arn: string; tags: Map<string, string> } {
  c.str('ResourceArn', input['ResourceArn'], { required: true, max: 256, pattern: RESOURCE_ARN_PATTERN });
  c.done();
  const arn = input['ResourceArn'] as string;
  const { state } = ctx;
  const held = [...state.schedules.values(), ...state.jobDefinitions.values(), ...state.processingJobs.values()].some((r) => r.arn === arn);
  if (!held) throw validation(`Resource ${arn} does not exist.`);
  return { arn, tags: storeOf(state).get(arn) ?? new Map<string, string>() };
}

const listed = (t: Map<string, string>) => [...t].map(([Key, Value]) => ({ Key, Value }));

const addTags: Handler = (input, ctx) => {
  const c = new Checker();
  c.required('Tags', input['Tags']);
  checkTags(c, 'Tags', input['Tags']);
  const { arn, tags: current } = resourceTags(input, ctx, c);
  checkTagRules(input['Tags']);
  const next = new Map(current);
  for (const t of asTags(input['Tags'])) next.set(t.Key, t.Value);
  if (next.size > MAX_TAGS) throw validation(`A resource can have at most ${MAX_TAGS} tags; ${arn} would have ${next.size}.`);
  storeOf(ctx.state).set(arn, next);
  return { Tags: listed(next) };
};

const deleteTags: Handler = (input, ctx) => {
  const c = new Checker();
  const keys = input['TagKeys'];
  if (c.required('TagKeys', keys) && Array.isArray(keys)) {
    if (keys.length < 1 || keys.length > MAX_TAGS) c.fail('TagKeys', keys, `Member must have length between 1 and ${MAX_TAGS}`);
    keys.forEach((k: unknown, i) => c.str(`TagKeys.${i + 1}.member`, k, { required: true, min: 1, max: 128 }));
  }
  const { arn, tags: current } = resourceTags(input, ctx, c);
  const next = new Map(current);
  for (const k of keys as string[]) next.delete(k);
  storeOf(ctx.state).set(arn, next);
  return {};
};

/** MaxResults is at least 50 (the API's range), and a resource has at most 50 tags. */
const listTags: Handler = (input, ctx) => {
  const c = new Checker();
  c.int('MaxResults', input['MaxResults'], { min: 50 });
  const { tags: current } = resourceTags(input, ctx, c);
  const { page, nextToken } = paginate(listed(current), { ...input, MaxResults: MAX_TAGS }, MAX_TAGS);
  return { Tags: page, ...(nextToken ? { NextToken: nextToken } : {}) };
};

export const tagHandlers: Record<string, Handler> = { AddTags: addTags, DeleteTags: deleteTags, ListTags: listTags };
