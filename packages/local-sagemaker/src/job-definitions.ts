/** Create/Describe/Delete/List for the four *JobDefinition APIs. */
import type { Context } from './context.js';
import { inUse, notFound } from './errors.js';
import { endpointNameOf } from './executions.js';
import { paginate, sortBy } from './pagination.js';
import { fromWireTime } from './protocol.js';
import { dropTags, storeTags, validateTags } from './tags.js';
import { Checker, MONITORING_TYPES, name, validateJobDefinitionRequest, type MonitoringType, type Obj } from './validation.js';

export type Handler = (input: Obj, ctx: Context) => unknown;

const ARN_KIND: Record<MonitoringType, string> = {
  DataQuality: 'data-quality-job-definition',
  ModelQuality: 'model-quality-job-definition',
  ModelBias: 'model-bias-job-definition',
  ModelExplainability: 'model-explainability-job-definition',
};

function create(type: MonitoringType): Handler {
  return (input, ctx) => {
    validateJobDefinitionRequest(type, input);
    validateTags(input['Tags']);
    const jdName = input['JobDefinitionName'] as string;
    const { state, clock } = ctx;
    const arn = state.arn(ARN_KIND[type], jdName);
    if (state.jobDefinitions.has(jdName)) throw inUse(`Job definition with name ${jdName} already exists. Arn: ${arn}`);
    const body = structuredClone(input);
    delete body['JobDefinitionName'];
    delete body['Tags'];
    state.jobDefinitions.set(jdName, { type, name: jdName, arn, creationTime: clock.now(), body });
    storeTags(state, arn, input['Tags']);
    return { JobDefinitionArn: arn };
  };
}

function lookup(type: MonitoringType, input: Obj, ctx: Context) {
  const c = new Checker();
  name(c, 'JobDefinitionName', input['JobDefinitionName']);
  c.done();
  const jdName = input['JobDefinitionName'] as string;
  const jd = ctx.state.jobDefinitions.get(jdName);
  if (!jd || jd.type !== type)
    throw notFound(`Could not find ${type} job definition with name ${jdName}. Arn: ${ctx.state.arn(ARN_KIND[type], jdName)}`);
  return jd;
}

function describe(type: MonitoringType): Handler {
  return (input, ctx) => {
    const jd = lookup(type, input, ctx);
    return { JobDefinitionArn: jd.arn, JobDefinitionName: jd.name, CreationTime: jd.creationTime, ...jd.body };
  };
}

function remove(type: MonitoringType): Handler {
  return (input, ctx) => {
    const jd = lookup(type, input, ctx);
    const users = [...ctx.state.schedules.values()].filter((s) => s.jobDefinitionName === jd.name).map((s) => s.name);
    if (users.length > 0)
      throw inUse(`Job definition ${jd.name} is in use by monitoring schedule(s): ${users.join(', ')}. Delete them first.`);
    ctx.state.jobDefinitions.delete(jd.name);
    dropTags(ctx.state, jd.arn);
    return {};
  };
}

function list(type: MonitoringType): Handler {
  return (input, ctx) => {
    const c = new Checker();
    c.oneOf('SortBy', input['SortBy'], ['Name', 'CreationTime']);
    c.oneOf('SortOrder', input['SortOrder'], ['Ascending', 'Descending']);
    c.done();
    const before = fromWireTime(input['CreationTimeBefore']);
    const after = fromWireTime(input['CreationTimeAfter']);
    const contains = typeof input['NameContains'] === 'string' ? input['NameContains'] : undefined;
    const matching = [...ctx.state.jobDefinitions.values()].filter(
      (jd) =>
        jd.type === type &&
        (input['EndpointName'] === undefined || endpointNameOf(jd) === input['EndpointName']) &&
        (contains === undefined || jd.name.includes(contains)) &&
        (!before || jd.creationTime < before) &&
        (!after || jd.creationTime > after),
    );
    const sorted = sortBy(matching, (jd) => (input['SortBy'] === 'Name' ? jd.name : jd.creationTime.getTime()), (jd) => jd.name, input['SortOrder']);
    const { page, nextToken } = paginate(sorted, input);
    return {
      JobDefinitionSummaries: page.map((jd) => ({
        MonitoringJobDefinitionName: jd.name,
        MonitoringJobDefinitionArn: jd.arn,
        CreationTime: jd.creationTime,
        EndpointName: endpointNameOf(jd) ?? '',
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  };
}

export function jobDefinitionHandlers(): Record<string, Handler> {
  const out: Record<string, Handler> = {};
  for (const type of MONITORING_TYPES) {
    out[`Create${type}JobDefinition`] = create(type);
    out[`Describe${type}JobDefinition`] = describe(type);
    out[`Delete${type}JobDefinition`] = remove(type);
    out[`List${type}JobDefinitions`] = list(type);
  }
  return out;
}
