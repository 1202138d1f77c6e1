// The filters of the executions and violations lists, as the WHERE of their page and of their count.
import { rangeWhere, type SqlParams } from '../db/sql.js';
import type { ExecutionStatus, MonitorType } from '../generated/prisma/client.js';

/** Rows of the team's monitors of one endpoint and/or type (through Monitor(teamId, endpointName) or (teamId, type, …)). */
interface OfMonitors {
  endpointName?: string | null | undefined;
  monitorType?: MonitorType | null | undefined;
}

/** `x."monitorId"` among the monitors `f` names (the team in `teamId`, a parameter already added); none when `f` names none. */
function ofMonitors(p: SqlParams, teamRef: string, f: OfMonitors): string[] {
  if (!f.endpointName && !f.monitorType) return [];
  const where = [`m."teamId" = ${teamRef}`];
  if (f.endpointName) where.push(`m."endpointName" = ${p.add(f.endpointName)}`);
  if (f.monitorType) where.push(`m."type" = ${p.add(f.monitorType, '::"MonitorType"')}`);
  return [`x."monitorId" IN (SELECT m."id" FROM "Monitor" m WHERE ${where.join(' AND ')})`];
}

export interface ExecutionFilter extends OfMonitors {
  monitorId?: string | null | undefined;
  scheduleId?: string | null | undefined;
  status?: readonly ExecutionStatus[] | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export interface ViolationFilter extends OfMonitors {
  monitorId?: string | null | undefined;
  executionId?: string | null | undefined;
  checkType?: string | null | undefined;
  featureName?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export function executionsWhere(p: SqlParams, teamId: string, filter: ExecutionFilter): string[] {
  const team = p.add(teamId, '::uuid');
  return [
    `x."teamId" = ${team}`,
    ...(filter.monitorId ? [`x."monitorId" = ${p.add(filter.monitorId, '::uuid')}`] : []),
    ...(filter.scheduleId ? [`x."scheduleId" = ${p.add(filter.scheduleId, '::uuid')}`] : []),
    ...(filter.status != null && filter.status.length > 0 ? [`x."status" = ANY(${p.add([...filter.status], '::"ExecutionStatus"[]')})`] : []),
    ...ofMonitors(p, team, filter),
    ...rangeWhere(p, 'scheduledTime', filter.from, filter.to),
  ];
}

export function violationsWhere(p: SqlParams, teamId: string, filter: ViolationFilter): string[] {
  const team = p.add(teamId, '::uuid');
  return [
    `x."teamId" = ${team}`,
    ...(filter.monitorId ? [`x."monitorId" = ${p.add(filter.monitorId, '::uuid')}`] : []),
    ...(filter.executionId ? [`x."executionId" = ${p.add(filter.executionId, '::uuid')}`] : []),
    ...(filter.checkType ? [`x."checkType" = ${p.add(filter.checkType)}`] : []),
    ...(filter.featureName ? [`x."featureName" = ${p.add(filter.featureName)}`] : []),
    ...ofMonitors(p, team, filter),
    ...rangeWhere(p, 'createdAt', filter.from, filter.to),
  ];
}

