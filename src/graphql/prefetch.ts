// From the selection below a list field to what its read brings in the same statement
// (src/db/related.ts); the request's loaders then answer those relations without SQL.
import type { GraphQLResolveInfo } from 'graphql';
import type { Prefetch } from '../db/related.js';
import type { ExecutionsInclude, ViolationsInclude } from '../executions/storage.js';
import type { LatestDepth } from '../monitors/storage.js';
import type { GraphQLContext } from './context.js';
import { deepest, selects } from './lookahead.js';

const LATEST_LEVELS: ReadonlyArray<readonly [LatestDepth, string]> = [['schedule', 'schedule'], ['lastExecution', 'lastExecution'], ['violations', 'violations']];
const NODE = ['edges', 'node'];

/** Monitors (`Query.monitors` below edges.node, `Query.monitor` at the field): schedule → lastExecution → violations. */
export function latestActivity(info: GraphQLResolveInfo, ctx: GraphQLContext, list: boolean): Prefetch<LatestDepth | null> {
  return { include: deepest(info, list ? NODE : [], LATEST_LEVELS), into: ctx.loaders.related };
}

/** An executions connection: each execution's violations. */
export function executionsPrefetch(info: GraphQLResolveInfo, ctx: GraphQLContext): Prefetch<ExecutionsInclude> {
  return { include: { violations: selects(info, ...NODE, 'violations') }, into: ctx.loaders.related };
}

/** A violations connection: each violation's monitor and execution. */
export function violationsPrefetch(info: GraphQLResolveInfo, ctx: GraphQLContext): Prefetch<ViolationsInclude> {
  return { include: { monitor: selects(info, ...NODE, 'monitor'), execution: selects(info, ...NODE, 'execution') }, into: ctx.loaders.related };
}
