// GET /metrics/team's answer: a team's latest metric values as Prometheus text, read with
// one statement and kept per team until the team has new points. Points are stored only in
// the transaction that moves an execution to a finished status with a report, and that
// transaction writes the execution's status event to the outbox; every gateway hears it on
// the event bus (newPointsOf) and forgets the team's answer, so the next scrape reads again.
// A monitor renamed or deleted sends no event: an answer is kept at most MAX_AGE_MS.
import type { Db } from '../db/client.js';
import type { GatewayEvent } from '../events/types.js';
import { Lru } from '../shared/lru.js';
import { metricStorage as storage } from '../storage/metric-series.js';
import { exposition } from './prometheus.js';

/** Most series (monitor, feature, metric) one answer holds. */
export const MAX_TEAM_SERIES = 100_000;
const MAX_AGE_MS = 5 * 60_000;
const REPORTED = new Set(['COMPLETED', 'COMPLETED_WITH_VIOLATIONS']);

/** The team whose points `event` says may have changed, else null. */
export function newPointsOf(event: GatewayEvent): string | null {
  return event.type === 'EXECUTION_STATUS_CHANGED' && REPORTED.has(event.status) ? event.teamId : null;
}

export class TeamMetrics {
  /** Bounded by bytes (config CACHE_TEAM_METRICS_MB): an answer is ASCII text, one byte a character. */
  readonly #cache: Lru<{ text: string; at: number }>;
  /** Reads under way, so concurrent scrapes of a team read once. */
  readonly #reading = new Map<string, Promise<string>>();
  /** Bumped by every forget: a read that began before one is not kept. */
  #epoch = 0;

  constructor(private readonly db: Db, maxBytes: number, private readonly maxAgeMs = MAX_AGE_MS) {
    this.#cache = new Lru({ maxBytes, sizeOf: (e) => e.text.length });
  }

  /** Estimated bytes of the cached answers, never above the bound. */
  get cacheBytes(): number {
    return this.#cache.bytes;
  }

  /** The team's exposition: from the cache, else one statement. */
  async text(teamId: string): Promise<string> {
    const hit = this.#cache.get(teamId);
    if (hit && Date.now() - hit.at < this.maxAgeMs) return hit.text;
    const pending = this.#reading.get(teamId);
    if (pending) return pending;
    const epoch = this.#epoch;
    const read = storage.latest(this.db, teamId, MAX_TEAM_SERIES + 1).then((rows) => {
      const text = exposition(rows.slice(0, MAX_TEAM_SERIES), rows.length > MAX_TEAM_SERIES);
      if (epoch === this.#epoch) this.#cache.set(teamId, { text, at: Date.now() });
      return text;
    });
    this.#reading.set(teamId, read);
    const clear = () => {
      if (this.#reading.get(teamId) === read) this.#reading.delete(teamId);
    };
    read.then(clear, clear);
    return read;
  }

  /** The team has new points: its next scrape reads them. */
  forget(teamId: string): void {
    this.#epoch++;
    this.#cache.delete(teamId);
    this.#reading.delete(teamId);
  }
}
