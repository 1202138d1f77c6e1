// SageMaker ScheduleExpression → a 5-field cron pattern for BullMQ (UTC).
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
