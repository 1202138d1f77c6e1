// SageMaker ScheduleExpression → a 5-field cron pattern for BullMQ (UTC), and a pattern's
// next fire time (the in-process driver's clock).
import { CronExpressionParser } from 'cron-parser';
import { parseExpression } from '../kernel/rules/schedule.js';

/** null for NOW (one time) and for expressions outside the supported forms. */
export function cronPatternOf(expression: string): string | null {
  const p = parseExpression(expression);
  if (!p) return null;
  switch (p.kind) {
    case 'hourly':
      return '0 * * * *';
    case 'daily':
      return `0 ${p.hour} * * *`;
    case 'every':
      return `0 ${p.startHour}/${p.everyHours} * * *`;
    case 'now':
      return null;
  }
}

/** The first fire time of a cron pattern (5 or 6 fields, UTC) after `after`; null when it never fires. */
export function nextFire(pattern: string, after: Date): Date | null {
  try {
    return CronExpressionParser.parse(pattern, { tz: 'UTC', currentDate: after }).next().toDate();
  } catch {
    return null;
  }
}
