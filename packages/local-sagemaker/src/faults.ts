/** Deterministic fault injection for the SageMaker endpoint (not S3). */
import { seededRandom } from '@mmg/engine';
import { faultError, type ApiError } from './errors.js';

export interface FaultSettings {
  /** Fraction (0–1) of requests answered with ThrottlingException (HTTP 400). */
  throttleRate?: number;
  /** Fraction (0–1) answered with InternalFailure (500) or ServiceUnavailable (503). */
  serverErrorRate?: number;
  /** Added latency for every request, in real milliseconds. */
  latencyMs?: number;
  seed?: number;
}

export interface FaultStats {
  throttled: number;
  serverErrors: number;
  targeted: number;
  byOperation: Record<string, number>;
}

export class Faults {
  private settings: Required<FaultSettings> = { throttleRate: 0, serverErrorRate: 0, latencyMs: 0, seed: 1 };
  private random = seededRandom(1);
  private targeted: Array<{ operation: string; errorName: string; remaining: number }> = [];
  readonly stats: FaultStats = { throttled: 0, serverErrors: 0, targeted: 0, byOperation: {} };

  set(settings: FaultSettings): void {
    this.settings = {
      throttleRate: settings.throttleRate ?? 0,
      serverErrorRate: settings.serverErrorRate ?? 0,
      latencyMs: settings.latencyMs ?? 0,
      seed: settings.seed ?? 1,
    };
    this.random = seededRandom(this.settings.seed);
  }

  /** The next `count` calls of `operation` (e.g. 'CreateMonitoringSchedule', or '*') fail with `errorName`. */
  failNext(operation: string, errorName: string, count = 1): void {
    this.targeted.push({ operation, errorName, remaining: count });
  }

  reset(): void {
    this.set({});
    this.targeted = [];
    this.stats.throttled = 0;
    this.stats.serverErrors = 0;
    this.stats.targeted = 0;
    this.stats.byOperation = {};
  }

  get latencyMs(): number {
    return this.settings.latencyMs;
  }

  /** Decides whether this request fails; counts what it injects. */
  pick(operation: string): ApiError | undefined {
    const target = this.targeted.find((t) => t.remaining > 0 && (t.operation === operation || t.operation === '*'));
    if (target) {
      target.remaining -= 1;
      this.targeted = this.targeted.filter((t) => t.remaining > 0);
      this.count(operation, 'targeted');
      return faultError(target.errorName);
    }
    const { throttleRate, serverErrorRate } = this.settings;
    if (throttleRate <= 0 && serverErrorRate <= 0) return undefined;
    const r = this.random();
    if (r < throttleRate) {
      this.count(operation, 'throttled');
      return faultError('ThrottlingException');
    }
    if (r < throttleRate + serverErrorRate) {
      this.count(operation, 'serverErrors');
      return faultError(this.random() < 0.5 ? 'InternalFailure' : 'ServiceUnavailable');
    }
    return undefined;
  }

  private count(operation: string, kind: 'throttled' | 'serverErrors' | 'targeted'): void {
    this.stats[kind] += 1;
    this.stats.byOperation[operation] = (this.stats.byOperation[operation] ?? 0) + 1;
  }
}
