// Which mode the process runs in: on Redis (queues, events and rate limits shared by any
// number of processes), or single-process (REDIS_URL=memory: all of it inside this process).
// src/startup/redis-mode.ts decides it at start; everything else asks here.
import type { Config } from '../config.js';

/** The value of REDIS_URL that selects single-process mode. */
export const MEMORY = 'memory';

export const isSingleProcess = (config: Pick<Config, 'REDIS_URL'>): boolean => config.REDIS_URL === MEMORY;

/** What /readyz reports as `mode`. */
export const modeOf = (config: Pick<Config, 'REDIS_URL'>): 'single-process' | 'redis' => (isSingleProcess(config) ? 'single-process' : 'redis');
