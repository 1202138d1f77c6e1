// What the engine keeps of the gateway's monitor/schedule/baseline request
// (JSON columns of its own tables), read back through zod.
import { z } from 'zod';
import { MONITOR_TYPES, MonitorConfigSchema } from '../../kernel/monitor-config.js';
import type { BackendMonitor, BackendSchedule, BaselineJobRequest } from '../../backends/types.js';

export const MonitorSnapshotSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  name: z.string(),
  type: z.enum(MONITOR_TYPES),
  config: MonitorConfigSchema,
  baseline: z.object({ id: z.string(), version: z.number(), statistics: z.unknown(), constraints: z.unknown() }).nullable(),
});

export const ScheduleSnapshotSchema = z.object({
  id: z.string(),
  name: z.string(),
  spec: z.object({ expression: z.string(), dataAnalysisStartTime: z.string().nullable(), dataAnalysisEndTime: z.string().nullable() }),
  scheduleConfig: z.object({ ScheduleExpression: z.string(), DataAnalysisStartTime: z.string().optional(), DataAnalysisEndTime: z.string().optional() }),
  backendRef: z.string().nullable(),
});

export const BaselineRequestSchema = z.object({
  baselineId: z.string(),
  version: z.number(),
  datasetUri: z.string(),
  datasetFormat: z.object({ csvHeader: z.boolean().nullish(), jsonLines: z.boolean().nullish(), parquet: z.boolean().nullish() }),
  columnNames: z.array(z.string()).nullable(),
  groundTruthAttribute: z.string().optional(),
});

/** Plain JSON for a Json column (drops undefined, Dates become text). */
export const toJson = (v: BackendMonitor | BackendSchedule | BaselineJobRequest): object => JSON.parse(JSON.stringify(v)) as object;

export const readMonitor = (json: unknown): BackendMonitor => MonitorSnapshotSchema.parse(json);
export const readSchedule = (json: unknown): BackendSchedule => ScheduleSnapshotSchema.parse(json);
export const readRequest = (json: unknown): BaselineJobRequest => BaselineRequestSchema.parse(json);
