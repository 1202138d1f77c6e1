/** Schedule expressions: the forms Model Monitor supports and when they fire. */
import { HOUR_MS } from './clock.js';
import { validation } from './errors.js';
import { asObj, asStr, Checker, parseNegativeDuration, type MonitoringType, type Obj } from './validation.js';

export type Cadence =
  | { kind: 'now' }
  | { kind: 'hourly' }
  | { kind: 'daily'; hour: number }
  | { kind: 'interval'; start: number; every: number };

export const SUPPORTED_FORMS = 'cron(0 * ? * * *), cron(0 H ? * * *), cron(0 S/I ? * * *) or NOW';

/** Parses a supported expression; undefined when the form is not supported. */
export function parseScheduleExpression(expr: string): Cadence | undefined {
  if (expr === 'NOW') return { kind: 'now' };
  const m = /^cron\(0 (\*|\d{1,2}|(?:\d{1,2}|\*)\/\d{1,2}) \? \* \* \*\)$/.exec(expr);
  if (!m) return undefined;
  const hours = m[1]!;
  if (hours === '*') return { kind: 'hourly' };
  if (!hours.includes('/')) {
    const hour = Number(hours);
    return hour <= 23 ? { kind: 'daily', hour } : undefined;
  }
  const [s, i] = hours.split('/') as [string, string];
  const start = s === '*' ? 0 : Number(s);
  const every = Number(i);
  if (start > 23 || every < 1 || every > 24) return undefined;
  return every === 1 && start === 0 ? { kind: 'hourly' } : { kind: 'interval', start, every };
}

/** Seconds between runs (one-time schedules: a day, the longest analysis window). */
export function frequencySeconds(c: Cadence): number {
  switch (c.kind) {
    case 'hourly':
      return 3600;
    case 'daily':
    case 'now':
      return 86400;
    case 'interval':
      return c.every * 3600;
  }
}

function matches(c: Cadence, hourOfDay: number): boolean {
  switch (c.kind) {
    case 'hourly':
      return true;
    case 'daily':
      return hourOfDay === c.hour;
    case 'interval':
      return hourOfDay >= c.start && (hourOfDay - c.start) % c.every === 0;
    case 'now':
      return false;
  }
}

/** Hour boundaries t (UTC) with after < t <= until at which a cron cadence fires. */
export function fireTimes(c: Cadence, after: Date, until: Date): Date[] {
  const out: Date[] = [];
  let t = Math.floor(after.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  for (; t <= until.getTime(); t += HOUR_MS) {
    if (matches(c, new Date(t).getUTCHours())) out.push(new Date(t));
  }
  return out;
}

/**
 * Validates MonitoringScheduleConfig.ScheduleConfig (constraints first, then service rules) and
 * MaxRuntimeInSeconds against the frequency. Returns the parsed cadence.
 */
export function validateScheduleConfig(
  path: string,
  config: Obj | undefined,
  type: MonitoringType,
  maxRuntimeSeconds: number | undefined,
): Cadence {
  const c = new Checker();
  if (c.required(path, config)) {
    c.str(`${path}.ScheduleExpression`, config?.['ScheduleExpression'], { required: true, min: 1, max: 256 });
    c.str(`${path}.DataAnalysisStartTime`, config?.['DataAnalysisStartTime'], { min: 1, max: 15 });
    c.str(`${path}.DataAnalysisEndTime`, config?.['DataAnalysisEndTime'], { min: 1, max: 15 });
  }
  c.done();
  if (!config) throw new Error('unreachable: ScheduleConfig checked above');
  const expr = config['ScheduleExpression'] as string;
  const cadence = parseScheduleExpression(expr);
  if (!cadence)
    throw validation(`Invalid ScheduleExpression '${expr}'. Supported expressions: ${SUPPORTED_FORMS}.`);
  const start = asStr(config['DataAnalysisStartTime']);
  const end = asStr(config['DataAnalysisEndTime']);
  if (cadence.kind === 'now') {
    if (start === undefined || end === undefined)
      throw validation(
        'Both DataAnalysisStartTime and DataAnalysisEndTime are required for one time monitoring schedule ' +
          "(ScheduleExpression 'NOW').",
      );
    const s = parseNegativeDuration(start);
    const e = parseNegativeDuration(end);
    if (s === undefined || e === undefined)
      throw validation(
        `DataAnalysisStartTime '${start}' and DataAnalysisEndTime '${end}' must be negative ISO 8601 durations, e.g. -PT1H.`,
      );
    if (s >= e) throw validation(`DataAnalysisStartTime '${start}' must be earlier than DataAnalysisEndTime '${end}'.`);
    if (e - s > 24 * HOUR_MS)
      throw validation('The window between DataAnalysisStartTime and DataAnalysisEndTime must not exceed 24 hours.');
  } else if (start !== undefined || end !== undefined) {
    throw validation(
      'DataAnalysisStartTime and DataAnalysisEndTime are only supported for one time monitoring schedules ' +
        "(ScheduleExpression 'NOW').",
    );
  }
  if (maxRuntimeSeconds !== undefined) {
    const halfForMerge = cadence.kind === 'hourly' && (type === 'ModelQuality' || type === 'ModelBias');
    const limit = halfForMerge ? 1800 : frequencySeconds(cadence);
    if (maxRuntimeSeconds > limit)
      throw validation(
        `MaxRuntimeInSeconds ${maxRuntimeSeconds} exceeds the limit of ${limit} seconds for ${type} monitoring ` +
          `with ScheduleExpression '${expr}'.`,
      );
  }
  return cadence;
}

export const maxRuntimeOf = (jobDefinition: Obj): number | undefined => {
  const v = asObj(jobDefinition['StoppingCondition'])?.['MaxRuntimeInSeconds'];
  return typeof v === 'number' ? v : undefined;
};
