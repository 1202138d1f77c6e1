// The one place a schedule becomes SageMaker's ScheduleConfig, for all four monitor
// types. Seed 000: an SDK built it per type and one type dropped the one-time window.
import type { ScheduleSpec } from './rules/schedule.js';

export interface AwsScheduleConfig {
  ScheduleExpression: string;
  DataAnalysisStartTime?: string;
  DataAnalysisEndTime?: string;
}

export function buildScheduleConfig(spec: ScheduleSpec): AwsScheduleConfig {
  return {
    ScheduleExpression: spec.expression,
    ...(spec.dataAnalysisStartTime !== null ? { DataAnalysisStartTime: spec.dataAnalysisStartTime } : {}),
    ...(spec.dataAnalysisEndTime !== null ? { DataAnalysisEndTime: spec.dataAnalysisEndTime } : {}),
  };
}
