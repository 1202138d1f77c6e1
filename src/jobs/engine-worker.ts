// Runs the built-in engine's jobs from the shared queue: in `npm run worker` processes,
// and inside the gateway process of `npm start` unless RUN_WORKER=false.
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { registerEngineJobs } from '../engine/backend/index.js';
import { createEngine } from '../engine/backend/wiring.js';

export interface RunningWorker {
  /** Finishes running jobs (or returns them to the queue) and closes connections. */
  stop(): Promise<void>;
}

export async function startEngineWorker(config: Config, db: Db): Promise<RunningWorker> {
  const engine = createEngine(config, db);
  registerEngineJobs(engine.queue, engine.ctx);
  await engine.queue.start({ concurrency: config.WORKER_CONCURRENCY });
  return { stop: () => engine.close() };
}
