// Redis or single-process mode, decided before anything starts. REDIS_URL=memory chooses
// single-process mode; REDIS_URL unset chooses Redis at its default address when Redis
// answers there, else single-process mode; a REDIS_URL that is set must answer (preflight
// fails the start otherwise): a configured Redis that is down is never silently replaced.
import type { Config } from '../config.js';
import { MEMORY } from '../shared/redis-mode.js';
import { checkRedis, StartupError } from './preflight.js';

/** The one line `npm start` prints in single-process mode. */
export const SINGLE_PROCESS_NOTICE =
  'Single-process mode (no Redis): jobs, schedules and events run inside this process, and restarts pick up unfinished work from PostgreSQL. ' +
  'Separate workers (npm run worker) and several gateways need Redis: set REDIS_URL.';

/** The configuration with REDIS_URL decided: `memory`, or a Redis URL that preflight then checks. */
export async function resolveRedisMode(config: Config): Promise<Config> {
  if (config.REDIS_URL === MEMORY || !config.redisUrlUnset) return config;
  const answers = await checkRedis(config.REDIS_URL).then(() => true, () => false);
  return answers ? { ...config, redisUrlUnset: false } : { ...config, REDIS_URL: MEMORY };
}

/** `npm run worker` shares Redis queues with the gateways: without Redis it has nothing to share. */
export function requireRedis(config: Config, what: string): void {
  if (config.REDIS_URL !== MEMORY) return;
  const why = config.redisUrlUnset ? 'REDIS_URL is unset and nothing answers on 127.0.0.1:6379' : 'REDIS_URL=memory';
  throw new StartupError(`${what} needs Redis (${why}): in single-process mode, npm start runs the jobs itself; set REDIS_URL to run workers apart`);
}
