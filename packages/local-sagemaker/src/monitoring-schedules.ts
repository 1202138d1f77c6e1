/** Monitoring schedule operations and ListMonitoringExecutions. */
import type { Context } from './context.js';
import { inUse, limitExceeded, notFound, validation } from './errors.js';
import { endpointNameOf, inlineJobDefinition } from './executions.js';
import type { Handler } from './job-definitions.js';
import { paginate, sortBy } from './pagination.js';
import { fromWireTime } from './protocol.js';
import { maxRuntimeOf, validateScheduleConfig, type Cadence } from './schedules.js';
import type { ExecutionRecord, JobDefinitionRecord, ScheduleRecord } from './state.js';
import { checkTagRules, checkTags, dropTags, storeTags, tagHandlers } from './tags.js';
import {
  asObj, batchInput, checkExactlyOneInput, checkOffsets, Checker, clusterConfig, endpointInput, EXECUTION_STATUSES,
  isObj, MONITORING_TYPES, name, roleArn, S3_URI_PATTERN, SCHEDULE_STATUSES, stoppingCondition,
  type MonitoringType, type Obj,
} from './validation.js';

const CONFIG = 'MonitoringScheduleConfig';

/** Validates a create/update request; returns what the schedule record needs. */
function validateSchedule(input: Obj, ctx: Context) {
  const c = new Checker();
  name(c, 'MonitoringScheduleName', input['MonitoringScheduleName']);
  checkTags(c, 'Tags', input['Tags']);
  const config = input[CONFIG];
  if (c.required(CONFIG, config) && isObj(config)) {
    c.oneOf(`${CONFIG}.MonitoringType`, config['MonitoringType'], MONITORING_TYPES);
    name(c, `${CONFIG}.MonitoringJobDefinitionName`, config['MonitoringJobDefinitionName'], false);
    const inline = asObj(config['MonitoringJobDefinition']);
    if (inline) checkInlineDefinition(c, `${CONFIG}.MonitoringJobDefinition`, inline);
  }
  c.done();
  checkTagRules(input['Tags']);
  const cfg = config as Obj;
  const jdName = typeof cfg['MonitoringJobDefinitionName'] === 'string' ? cfg['MonitoringJobDefinitionName'] : undefined;
  const inline = asObj(cfg['MonitoringJobDefinition']);
  if ((jdName === undefined) === (inline === undefined))
    throw validation('Exactly one of MonitoringJobDefinitionName or MonitoringJobDefinition must be provided in monitoringScheduleConfig.');
  let type = cfg['MonitoringType'] as MonitoringType | undefined;
  let jd: JobDefinitionRecord | undefined;
  if (jdName !== undefined) {
    jd = ctx.state.jobDefinitions.get(jdName);
    if (!jd) throw notFound(`Could not find job definition with name ${jdName}.`);
    type ??= jd.type;
    if (jd.type !== type)
      throw validation(`Job definition ${jdName} is a ${jd.type} job definition, but MonitoringType is ${type}.`);
  } else {
    type ??= 'DataQuality';
    const first = asObj((inline!['MonitoringInputs'] as unknown[])[0])!;
    checkExactlyOneInput(`${CONFIG}.MonitoringJobDefinition.MonitoringInputs.1.member`, first);
    checkOffsets(`${CONFIG}.MonitoringJobDefinition.MonitoringInputs.1.member`, (asObj(first['EndpointInput']) ?? asObj(first['BatchTransformInput']))!);
  }
  const cadence = validateScheduleConfig(`${CONFIG}.ScheduleConfig`, asObj(cfg['ScheduleConfig']), type, maxRuntimeOf(jd?.body ?? inline!));
  return { name: input['MonitoringScheduleName'] as string, config: cfg, type, jdName, jd, cadence };
}

function checkInlineDefinition(c: Checker, path: string, v: Obj): void {
  const inputs = v['MonitoringInputs'];
  if (c.required(`${path}.MonitoringInputs`, inputs) && Array.isArray(inputs)) {
    if (inputs.length !== 1) c.fail(`${path}.MonitoringInputs`, inputs, 'Member must have length less than or equal to 1');
    inputs.forEach((i: unknown, n) => {
      endpointInput(c, `${path}.MonitoringInputs.${n + 1}.member.EndpointInput`, asObj(i)?.['EndpointInput']);
      batchInput(c, `${path}.MonitoringInputs.${n + 1}.member.BatchTransformInput`, asObj(i)?.['BatchTransformInput']);
    });
  }
  const out = asObj(v['MonitoringOutputConfig']);
  if (c.required(`${path}.MonitoringOutputConfig`, out) && out) {
    const s3 = asObj(asObj((out['MonitoringOutputs'] as unknown[] | undefined)?.[0])?.['S3Output']);
    c.str(`${path}.MonitoringOutputConfig.MonitoringOutputs.1.member.S3Output.S3Uri`, s3?.['S3Uri'], { required: true, max: 512, pattern: S3_URI_PATTERN });
  }
  const res = asObj(v['MonitoringResources']);
  if (c.required(`${path}.MonitoringResources`, res) && res) clusterConfig(c, `${path}.MonitoringResources.ClusterConfig`, res['ClusterConfig']);
  const app = asObj(v['MonitoringAppSpecification']);
  if (c.required(`${path}.MonitoringAppSpecification`, app) && app)
    c.str(`${path}.MonitoringAppSpecification.ImageUri`, app['ImageUri'], { required: true, max: 255 });
  roleArn(c, `${path}.RoleArn`, v['RoleArn']);
  stoppingCondition(c, `${path}.StoppingCondition`, v['StoppingCondition']);
}

function getSchedule(input: Obj, ctx: Context): ScheduleRecord {
  const c = new Checker();
  name(c, 'MonitoringScheduleName', input['MonitoringScheduleName']);
  c.done();
  const n = input['MonitoringScheduleName'] as string;
  const s = ctx.state.schedules.get(n);
  if (!s) throw notFound(`Monitoring Schedule '${ctx.state.arn('monitoring-schedule', n)}' does not exist.`);
  return s;
}

function endpointOf(jd: JobDefinitionRecord | undefined, schedule: { name: string; arn: string; type: MonitoringType; config: Obj; creationTime: Date }): string | undefined {
  return endpointNameOf(jd ?? inlineJobDefinition({ ...schedule } as ScheduleRecord)!);
}

const createSchedule: Handler = (input, ctx) => {
  const v = validateSchedule(input, ctx);
  const { state, clock, options } = ctx;
  const arn = state.arn('monitoring-schedule', v.name);
  if (state.schedules.has(v.name)) throw inUse(`Monitoring Schedule '${arn}' already exists.`);
  if (state.schedules.size >= options.maxSchedules)
    throw limitExceeded(
      `The account-level service limit 'Number of monitoring schedules' is ${options.maxSchedules} MonitoringSchedules, ` +
        `with current utilization of ${state.schedules.size} MonitoringSchedules.`,
    );
  const now = clock.now();
  const config = structuredClone(v.config);
  const base = { name: v.name, arn, type: v.type, config, creationTime: now };
  const endpointName = endpointOf(v.jd, base);
  state.schedules.set(v.name, {
    ...base,
    status: 'Pending',
    lastModifiedTime: now,
    cadence: v.cadence,
    ...(endpointName ? { endpointName } : {}),
    ...(v.jdName ? { jobDefinitionName: v.jdName } : {}),
    activateAt: new Date(now.getTime() + options.scheduleActivationMs),
    cursor: now,
    ranOnce: false,
  });
  storeTags(state, arn, input['Tags']);
  return { MonitoringScheduleArn: arn };
};

const updateSchedule: Handler = (input, ctx) => {
  const existing = getSchedule(input, ctx);
  const v = validateSchedule(input, ctx);
  const now = ctx.clock.now();
  const config = structuredClone(v.config);
  const endpointName = endpointOf(v.jd, { ...existing, type: v.type, config });
  const cadence: Cadence = v.cadence;
  Object.assign(existing, {
    type: v.type, config, cadence, status: 'Pending', lastModifiedTime: now, cursor: now, ranOnce: false,
    activateAt: new Date(now.getTime() + ctx.options.scheduleActivationMs),
  });
  if (endpointName) existing.endpointName = endpointName;
  else delete existing.endpointName;
  if (v.jdName) existing.jobDefinitionName = v.jdName;
  else delete existing.jobDefinitionName;
  return { MonitoringScheduleArn: existing.arn };
};

export function executionSummary(e: ExecutionRecord): Obj {
  const started = e.status !== 'Pending';
  return {
    MonitoringScheduleName: e.scheduleName,
    ScheduledTime: e.scheduledTime,
    CreationTime: e.creationTime,
    LastModifiedTime: e.lastModifiedTime,
    MonitoringExecutionStatus: e.status,
    ...(started ? { ProcessingJobArn: e.processingJobArn } : {}),
    ...(e.endpointName ? { EndpointName: e.endpointName } : {}),
    ...(e.failureReason ? { FailureReason: e.failureReason } : {}),
    ...(e.jobDefinitionName ? { MonitoringJobDefinitionName: e.jobDefinitionName } : {}),
    MonitoringType: e.type,
  };
}

const describeSchedule: Handler = (input, ctx) => {
  const s = getSchedule(input, ctx);
  const last = ctx.state.executions.filter((e) => e.scheduleArn === s.arn && e.scheduleName === s.name).at(-1);
  return {
    MonitoringScheduleArn: s.arn,
    MonitoringScheduleName: s.name,
    MonitoringScheduleStatus: s.status,
    MonitoringType: s.type,
    CreationTime: s.creationTime,
    LastModifiedTime: s.lastModifiedTime,
    MonitoringScheduleConfig: s.config,
    ...(s.endpointName ? { EndpointName: s.endpointName } : {}),
    ...(last ? { LastMonitoringExecutionSummary: executionSummary(last) } : {}),
  };
};

const deleteSchedule: Handler = (input, ctx) => {
  const s = getSchedule(input, ctx);
  ctx.state.schedules.delete(s.name); // execution history is kept
  dropTags(ctx.state, s.arn);
  return {};
};

const startSchedule: Handler = (input, ctx) => {
  const s = getSchedule(input, ctx);
  if (s.status === 'Stopped') {
    const now = ctx.clock.now();
    Object.assign(s, { status: 'Scheduled', lastModifiedTime: now, cursor: now });
  }
  return {};
};

const stopSchedule: Handler = (input, ctx) => {
  const s = getSchedule(input, ctx);
  if (s.status !== 'Stopped') Object.assign(s, { status: 'Stopped', lastModifiedTime: ctx.clock.now() });
  return {};
};

/** Checks the shared time filters (`XBefore` < t < `XAfter`, both exclusive). */
function inRange(input: Obj, field: string, t: Date): boolean {
  const before = fromWireTime(input[`${field}Before`]);
  const after = fromWireTime(input[`${field}After`]);
  return (!before || t < before) && (!after || t > after);
}

const listSchedules: Handler = (input, ctx) => {
  const c = new Checker();
  c.oneOf('SortBy', input['SortBy'], ['Name', 'CreationTime', 'Status']);
  c.oneOf('SortOrder', input['SortOrder'], ['Ascending', 'Descending']);
  c.oneOf('StatusEquals', input['StatusEquals'], SCHEDULE_STATUSES);
  c.oneOf('MonitoringTypeEquals', input['MonitoringTypeEquals'], MONITORING_TYPES);
  c.done();
  const contains = typeof input['NameContains'] === 'string' ? input['NameContains'] : undefined;
  const matching = [...ctx.state.schedules.values()].filter(
    (s) =>
      (input['EndpointName'] === undefined || s.endpointName === input['EndpointName']) &&
      (contains === undefined || s.name.includes(contains)) &&
      (input['StatusEquals'] === undefined || s.status === input['StatusEquals']) &&
      (input['MonitoringJobDefinitionName'] === undefined || s.jobDefinitionName === input['MonitoringJobDefinitionName']) &&
      (input['MonitoringTypeEquals'] === undefined || s.type === input['MonitoringTypeEquals']) &&
      inRange(input, 'CreationTime', s.creationTime) &&
      inRange(input, 'LastModifiedTime', s.lastModifiedTime),
  );
  const key = (s: ScheduleRecord) => (input['SortBy'] === 'Name' ? s.name : input['SortBy'] === 'Status' ? s.status : s.creationTime.getTime());
  const { page, nextToken } = paginate(sortBy(matching, key, (s) => s.name, input['SortOrder']), input);
  return {
    MonitoringScheduleSummaries: page.map((s) => ({
      MonitoringScheduleName: s.name,
      MonitoringScheduleArn: s.arn,
      CreationTime: s.creationTime,
      LastModifiedTime: s.lastModifiedTime,
      MonitoringScheduleStatus: s.status,
      ...(s.endpointName ? { EndpointName: s.endpointName } : {}),
      ...(s.jobDefinitionName ? { MonitoringJobDefinitionName: s.jobDefinitionName } : {}),
      MonitoringType: s.type,
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
};

/** Default order as documented: CreationTime, Descending; MaxResults defaults to 10. */
const listExecutions: Handler = (input, ctx) => {
  const c = new Checker();
  name(c, 'MonitoringScheduleName', input['MonitoringScheduleName'], false);
  name(c, 'EndpointName', input['EndpointName'], false);
  name(c, 'MonitoringJobDefinitionName', input['MonitoringJobDefinitionName'], false);
  c.oneOf('SortBy', input['SortBy'], ['CreationTime', 'ScheduledTime', 'Status']);
  c.oneOf('SortOrder', input['SortOrder'], ['Ascending', 'Descending']);
  c.oneOf('StatusEquals', input['StatusEquals'], EXECUTION_STATUSES);
  c.oneOf('MonitoringTypeEquals', input['MonitoringTypeEquals'], MONITORING_TYPES);
  c.done();
  const matching = ctx.state.executions.filter(
    (e) =>
      (input['MonitoringScheduleName'] === undefined || e.scheduleName === input['MonitoringScheduleName']) &&
      (input['EndpointName'] === undefined || e.endpointName === input['EndpointName']) &&
      (input['StatusEquals'] === undefined || e.status === input['StatusEquals']) &&
      (input['MonitoringTypeEquals'] === undefined || e.type === input['MonitoringTypeEquals']) &&
      (input['MonitoringJobDefinitionName'] === undefined || e.jobDefinitionName === input['MonitoringJobDefinitionName']) &&
      inRange(input, 'ScheduledTime', e.scheduledTime) &&
      inRange(input, 'CreationTime', e.creationTime) &&
      inRange(input, 'LastModifiedTime', e.lastModifiedTime),
  );
  const key = (e: ExecutionRecord) =>
    input['SortBy'] === 'Status' ? e.status : input['SortBy'] === 'ScheduledTime' ? e.scheduledTime.getTime() : e.creationTime.getTime();
  const { page, nextToken } = paginate(sortBy(matching, key, (e) => e.id, input['SortOrder']), input);
  return { MonitoringExecutionSummaries: page.map(executionSummary), ...(nextToken ? { NextToken: nextToken } : {}) };
};

/** The server registers this map; the tag operations ride with it (they tag schedules and job definitions alike). */
export const scheduleHandlers: Record<string, Handler> = {
  ...tagHandlers,
  CreateMonitoringSchedule: createSchedule,
  UpdateMonitoringSchedule: updateSchedule,
  DescribeMonitoringSchedule: describeSchedule,
  DeleteMonitoringSchedule: deleteSchedule,
  StartMonitoringSchedule: startSchedule,
  StopMonitoringSchedule: stopSchedule,
  ListMonitoringSchedules: listSchedules,
  ListMonitoringExecutions: listExecutions,
};
