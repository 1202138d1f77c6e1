// From the selection below a list field to what its read brings in the same statement
// (src/db/related.ts): which relations, and which of their columns. The request's loaders
// then answer those relations without SQL.
import type { GraphQLResolveInfo } from 'graphql';
import type { Prefetch } from '../db/related.js';
import { executionStorage, type ExecutionsInclude, type ViolationsInclude } from '../storage/executions.js';
import type { LatestDepth } from '../storage/monitors.js';
import { scheduleStorage } from '../storage/schedules.js';
import { neededAt, perField, type FieldColumns } from './columns.js';
import type { GraphQLContext } from './context.js';
import { deepest, selects } from './lookahead.js';

/** Schedule fields and the columns they read (resolvers: graphql/resolvers/schedules.ts). */
export const SCHEDULE_FIELDS: FieldColumns = {
  all: scheduleStorage.columns.names,
  always: ['id', 'teamId', 'monitorId'],
  byField: { monitor: ['monitorId'], lastExecution: ['id'], executions: ['id', 'teamId'], backendName: ['backendName', 'name'], nextRunAt: ['expression', 'status'] },
};

/** Execution fields and the columns they read (resolvers: graphql/resolvers/executions.ts). */
export const EXECUTION_FIELDS: FieldColumns = {
  all: executionStorage.columns.names,
  always: ['id', 'teamId', 'monitorId', 'scheduleId'],
  byField: { monitor: ['monitorId'], schedule: ['scheduleId'], violations: ['id'], progress: ['id', 'progress'], report: ['status', 'reportUri', 'monitorId'], featureStatistics: ['status', 'reportUri', 'monitorId'] },
};

const LATEST_LEVELS: ReadonlyArray<readonly [LatestDepth, string]> = [['schedule', 'schedule'], ['lastExecution', 'lastExecution'], ['violations', 'violations']];
const NODE = ['edges', 'node'];

/** Whether the connection being resolved selects totalCount (then its list counts its rows too: PageArgs.counted). */
export const counted = perField((info) => selects(info, 'totalCount'));

/** The Schedule columns that the field being resolved (a schedule) selects below it. */
export const scheduleNeeds = perField((info) => neededAt(info, [], SCHEDULE_FIELDS));
/** The Execution columns that the field being resolved (an execution) selects below it. */
export const executionNeeds = perField((info) => neededAt(info, [], EXECUTION_FIELDS));

/** The columns of the latest schedule and execution that monitors at `base` select. */
const latestColumns = (base: readonly string[]) => perField((info) => ({
  schedule: neededAt(info, [...base, 'schedule'], SCHEDULE_FIELDS),
  execution: neededAt(info, [...base, 'schedule', 'lastExecution'], EXECUTION_FIELDS),
}));
const pageLatestColumns = latestColumns(NODE);
const oneLatestColumns = latestColumns([]);
const violationsColumns = perField((info) => ({ execution: neededAt(info, [...NODE, 'execution'], EXECUTION_FIELDS) }));

/** Monitors (`Query.monitors` below edges.node, `Query.monitor` at the field): schedule → lastExecution → violations. */
export function latestActivity(info: GraphQLResolveInfo, ctx: GraphQLContext, list: boolean): Prefetch<LatestDepth | null> {
  const columns = (list ? pageLatestColumns : oneLatestColumns)(info);
  return { include: deepest(info, list ? NODE : [], LATEST_LEVELS), into: ctx.loaders.related, columns };
}

/** An executions connection: each execution's violations. */
export function executionsPrefetch(info: GraphQLResolveInfo, ctx: GraphQLContext): Prefetch<ExecutionsInclude> {
  return { include: { violations: selects(info, ...NODE, 'violations') }, into: ctx.loaders.related };
}

/** A violations connection: each violation's monitor and execution (its columns the query reads). */
export function violationsPrefetch(info: GraphQLResolveInfo, ctx: GraphQLContext): Prefetch<ViolationsInclude> {
  return { include: { monitor: selects(info, ...NODE, 'monitor'), execution: selects(info, ...NODE, 'execution') }, into: ctx.loaders.related, columns: violationsColumns(info) };
}
