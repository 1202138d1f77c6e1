// When a schedule runs next: its expression (parseExpression, the forms Model Monitor
// supports) read as the cron it is, UTC, at minute 0 of the hours it names.
import { HOUR_MS } from '@mmg/engine';
import { parseExpression, type ParsedExpression } from './schedule.js';

/** Whether a recurring expression runs at hour `h` (0-23, UTC) of a day; cron's S/I is S, S+I, … up to 23. */
function runsAtHour(p: Exclude<ParsedExpression, { kind: 'now' }>, h: number): boolean {
  switch (p.kind) {
    case 'hourly':
      return true;
    case 'daily':
      return h === p.hour;
    case 'every':
      return h >= p.startHour && (h - p.startHour) % p.everyHours === 0;
  }
}

/**
 * The first time strictly after `now` that `expression` runs; null for a one-time (NOW)
 * expression (it runs once, when the backend starts it) and for one not supported.
 */
export function nextRunAfter(expression: string, now: Date): Date | null {
  const p = parseExpression(expression);
  if (!p || p.kind === 'now') return null;
  let t = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  for (let i = 0; i < 48; i++, t += HOUR_MS) {
    if (runsAtHour(p, new Date(t).getUTCHours())) return new Date(t);
  }
  return null;
}

/** A schedule's status: only one that still runs (PENDING, SCHEDULED) has a next run. */
const RUNNING = new Set(['PENDING', 'SCHEDULED']);

/** When the schedule runs next (Schedule.nextRunAt): null once stopped, failed or completed, and for a one-time schedule. */
export function nextRunOf(schedule: { expression: string; status: string }, now: Date): Date | null {
  return RUNNING.has(schedule.status) ? nextRunAfter(schedule.expression, now) : null;
}

/** The earliest next run of some schedules (MonitorHealth.nextRunAt); null when none will run. */
export function earliestNextRun(schedules: ReadonlyArray<{ expression: string; status: string }>, now: Date): Date | null {
  let earliest: Date | null = null;
  for (const s of schedules) {
    const next = nextRunOf(s, now);
    if (next && (!earliest || next < earliest)) earliest = next;
  }
  return earliest;
}
