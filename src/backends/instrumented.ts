// Counts every backend call by backend, operation and outcome (Prometheus, and the
// push benchmark's calls-per-cycle figure). Wraps any MonitoringBackend unchanged.
import { AppError } from '../shared/errors.js';
import { metrics } from '../ops/metrics.js';
import type { MonitoringBackend } from './types.js';

/** Members that do not reach the backend (dry runs compute requests locally; names are computed); kept synchronous. */
const LOCAL = new Set<PropertyKey>(['dryRun', 'kind', 'scheduleNameFor']);

export function instrumented(backend: MonitoringBackend): MonitoringBackend {
  return new Proxy(backend, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || LOCAL.has(prop)) return value;
      return async (...args: unknown[]) => {
        const labels = { backend: target.kind, operation: String(prop) };
        try {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          metrics.backendCalls.inc({ ...labels, outcome: 'ok' });
          return result;
        } catch (error) {
          metrics.backendCalls.inc({ ...labels, outcome: error instanceof AppError ? error.code : 'ERROR' });
          throw error;
        }
      };
    },
  });
}
