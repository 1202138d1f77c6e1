// `npm start`'s first-run demo: prints the demo team's key and the URLs of the playground and
// the monitor pages as soon as the team exists, then seeds it in the background (the gateway
// already serves).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config.js';
import type { Services } from '../services.js';
import type { Logger } from '../shared/logger.js';
import { MONITORS_PATH, PLAYGROUND_PATH } from '../shared/page-links.js';
import { DEMO_TEAM, createDemoTeam, populateDemo } from '../demo/seed.js';
import type { QueueRun } from '../demo/history.js';
import { RunExecutionJob } from '../jobs/definitions.js';
import { engineQueue } from './engine.js';
import type { Db } from '../db/client.js';
import { queueEngineRun } from '../engine/backend/recovery.js';
import { isSingleProcess } from '../shared/redis-mode.js';

export interface DemoStart {
  /** The new demo team's ADMIN key, or null when the team existed (not a first run). */
  apiKey: Promise<string | null>;
  /** Settles once seeding is over (failures are logged, never thrown). */
  done: Promise<void>;
}

type DemoConfig = Pick<Config, 'DEMO_DATA_DIR' | 'DEMO_HISTORY_HOURS' | 'REDIS_URL' | 'REDIS_PREFIX'>;

/**
 * The demo's past runs go on the engine's queue, as its schedulers' runs do (closed when seeded).
 * In single-process mode each is written PENDING first, so a restart queues the ones not run yet.
 */
function engineRuns(cfg: DemoConfig, db: Db): { queueRun: QueueRun; close(): Promise<void> } {
  const queue = engineQueue(cfg);
  const jobId = (scheduleRef: string, at: Date) => `${scheduleRef}-history-${at.getTime()}`;
  return {
    queueRun: isSingleProcess(cfg)
      ? (scheduleRef, at) => queueEngineRun(db, queue, scheduleRef, at, jobId(scheduleRef, at))
      : (scheduleRef, at) => queue.enqueue(RunExecutionJob, { scheduleRef, scheduledTime: at.toISOString() }, { jobId: jobId(scheduleRef, at) }),
    close: () => queue.close(),
  };
}

export function startDemo(services: Services, cfg: DemoConfig, log: Logger, gatewayUrl: string, print: (text: string) => void): DemoStart {
  const team = createDemoTeam(services);
  const apiKey = team.then((t) => t?.apiKey ?? null, () => null);
  const done = team
    .then(async (t) => {
      const playground = new URL(PLAYGROUND_PATH, gatewayUrl).href;
      const pages = new URL(MONITORS_PATH, gatewayUrl).href;
      if (!t) {
        print(`Demo team "${DEMO_TEAM}" exists already (its key was shown on its first run). Create another key with a key of the team:\n` +
          `  mutation { createApiKey(input: { name: "demo", role: ADMIN }) { secret } }\nPlayground: ${playground}\nMonitor pages: ${pages}\n\n`);
        return;
      }
      print(`Demo team "${DEMO_TEAM}" created. Its ADMIN API key (shown once): ${t.apiKey}\n` +
        `Playground: ${playground}\nMonitor pages: ${pages}\nSeeding a monitor of each type on endpoint "churn-demo"; executions and violations appear within a minute.\n\n`);
      const dataDir = resolve(cfg.DEMO_DATA_DIR);
      const runs = cfg.DEMO_HISTORY_HOURS > 0 ? engineRuns(cfg, services.db) : null;
      const seeded = await populateDemo(services, t, { dataDir, historyHours: cfg.DEMO_HISTORY_HOURS, baselineTimeoutMs: 120_000, ...(runs ? { queueRun: runs.queueRun } : {}) }, log)
        .finally(() => runs?.close());
      print(`Demo seeded: ${seeded.monitors} monitors, ${seeded.schedules} schedules, ${seeded.pastRuns} past hourly runs (data in ${dataDir}).\n` +
        `Its files, for monitors of your own (README "A first session"): ${pathToFileURL(dataDir).href}\n`);
    })
    .catch((err: unknown) => log.error({ err }, 'demo seeding failed; the gateway runs on without it'));
  return { apiKey, done };
}
