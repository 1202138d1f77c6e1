// Progress as GraphQL shows it, for executions and baselines alike.
import { ProgressReportSchema, progressFraction } from '../backends/progress.js';
import type { Progress } from '../generated/graphql.js';
import type { Logger } from '../shared/logger.js';

/**
 * The GraphQL Progress of a stored progress report (Execution.progress, Baseline.progress).
 * One that does not parse is logged and shown as none: it never fails the query.
 */
export function toProgress(stored: unknown, log: Logger, owner: { type: string; id: string }): Progress | null {
  if (stored === null || stored === undefined) return null;
  const p = ProgressReportSchema.safeParse(stored);
  if (!p.success) {
    log.warn({ ...owner, issues: p.error.issues }, 'stored progress does not parse; shown as null');
    return null;
  }
  return { ...p.data, fraction: progressFraction(p.data), updatedAt: new Date(p.data.updatedAt) };
}
