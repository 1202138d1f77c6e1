// Pulls baseline and execution status from the backends into the database (which
// queues the resulting events). A plain sweep over every running schedule; the
// execution-sync issue replaces it with BullMQ schedulers that poll only schedules
// with running executions. Each call is idempotent, so overlapping loops in several
// processes store nothing twice.
import { baselineStorage } from '../baselines/storage.js';
import { scheduleStorage } from '../schedules/storage.js';
import type { Services } from '../services.js';
import type { Logger } from '../shared/logger.js';

const BATCH = 1000;
/** Re-read what changed shortly before the last pass too: backends report late. */
const OVERLAP_MS = 60 * 60 * 1000;

export function startSyncLoop(services: Services, log: Logger, intervalMs: number) {
  const lastSynced = new Map<string, Date>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  /** One pass; never throws (failures are logged and retried next pass). */
  async function pass(): Promise<void> {
    for (const b of await baselineStorage.unfinished(services.db, BATCH)) {
      await services.baselines.sync(b.teamId, b.id).catch((err: unknown) => log.warn({ err, baselineId: b.id }, 'baseline sync failed'));
    }
    for (const s of await scheduleStorage.running(services.db, BATCH)) {
      const started = new Date();
      const last = lastSynced.get(s.id);
      try {
        await services.executions.syncSchedule(s.teamId, s.id, last ? new Date(last.getTime() - OVERLAP_MS) : undefined);
        lastSynced.set(s.id, started);
      } catch (err) {
        log.warn({ err, scheduleId: s.id }, 'execution sync failed');
      }
    }
  }

  const tick = (): void => {
    if (running) return;
    running = pass()
      .catch((err: unknown) => log.error({ err }, 'sync pass failed'))
      .finally(() => (running = null));
  };
  timer = setInterval(tick, intervalMs);
  tick();
  return {
    /** Runs one pass now and waits for it (tests, and after a change). */
    async runOnce(): Promise<void> {
      await running;
      tick();
      await running;
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
