// Closing ioredis connections at shutdown without ever waiting on a reconnection.
import type { Redis } from 'ioredis';

/**
 * QUIT when the connection is up (pending replies arrive first), else drop it at once.
 * ioredis keeps commands for a reconnection, so QUIT on a connection that is down waits
 * for Redis to come back (forever with maxRetriesPerRequest null); `graceMs` bounds it
 * even then. Should not throw.
 */
export async function closeRedis(redis: Redis, graceMs = 2000): Promise<void> {
  if (redis.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([redis.quit().then(() => undefined, () => undefined), late]);
    clearTimeout(timer);
  }
  if (redis.status !== 'end') redis.disconnect();
}
