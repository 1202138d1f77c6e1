// When to poll a schedule next: the rule that keeps backend calls proportional to the
// schedules with something happening, not to all schedules. Pure; no I/O.
//
// - RUNNING: an execution is not finished yet → poll again soon (runningMs).
// - DUE: a run is expected (a cron fire time just passed with no execution for it yet,
//   or a ONE_TIME run not seen yet) → poll every dueMs until it appears or the grace
//   period ends; a schedule's next fire time is also planned as DUE (+ firstPollDelayMs).
// - IDLE: nothing expected → a slow sweep (idleMs) that still notices changes made
//   outside the gateway (a schedule restarted or run by hand in the console).
import { parseExpression, type ParsedExpression } from '../kernel/rules/schedule.js';
import type { PollReason } from '../storage/sync.js';

export type { PollReason };

export interface PollSettings {
  runningMs: number;
  dueMs: number;
  /** How long after a fire time its execution may take to appear (SageMaker: minutes). */
  dueGraceMs: number;
  /** Delay after a fire time before the first poll for it. */
  firstPollDelayMs: number;
  idleMs: number;
}

export interface PollState {
  now: Date;
  expression: string;
  /** False for stopped or failed schedules: only running executions and the slow sweep are polled. */
  active: boolean;
  /** A stored execution of the schedule is not in a final state. */
  running: boolean;
  /** scheduledTime of the schedule's newest stored execution. */
  latestScheduledTime: Date | null;
}

const HOUR = 3_600_000;

/** The fire times of an hourly/daily/every-N-hours expression around `now` (UTC). */
export function fireTimesAround(p: ParsedExpression, now: Date): { previous: Date; next: Date } | null {
  if (p.kind === 'now') return null;
  const startHour = p.kind === 'daily' ? p.hour : p.kind === 'every' ? p.startHour : 0;
  const step = p.everyHours;
  // Fire hours of a day: startHour, startHour+step, … < 24 (cron's "start/step" in the hours field).
  const hours: number[] = [];
  for (let h = startHour; h < 24; h += step) hours.push(h);
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const candidates = [-1, 0, 1].flatMap((d) => hours.map((h) => dayStart + d * 24 * HOUR + h * HOUR));
  const t = now.getTime();
  const previous = Math.max(...candidates.filter((c) => c <= t));
  const next = Math.min(...candidates.filter((c) => c > t));
  return { previous: new Date(previous), next: new Date(next) };
}

export function planNextPoll(state: PollState, s: PollSettings): { nextPollAt: Date; reason: PollReason } {
  const now = state.now.getTime();
  const at = (ms: number, reason: PollReason) => ({ nextPollAt: new Date(ms), reason });
  if (state.running) return at(now + s.runningMs, 'RUNNING');
  const idle = at(now + s.idleMs, 'IDLE');
  const parsed = parseExpression(state.expression);
  if (!state.active || !parsed) return idle;
  if (parsed.kind === 'now') return state.latestScheduledTime ? idle : at(now + s.dueMs, 'DUE');
  const fires = fireTimesAround(parsed, state.now);
  if (!fires) return idle;
  const previous = fires.previous.getTime();
  const seenPrevious = state.latestScheduledTime !== null && state.latestScheduledTime.getTime() >= previous;
  if (!seenPrevious && now - previous < s.dueGraceMs) return at(now + s.dueMs, 'DUE');
  const firstPoll = fires.next.getTime() + s.firstPollDelayMs;
  return firstPoll <= now + s.idleMs ? at(firstPoll, 'DUE') : idle;
}
