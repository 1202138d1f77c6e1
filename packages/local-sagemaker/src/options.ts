/** The server's options, and the settings the execution engine runs with (defaults resolved). */
import type { Clock } from './clock.js';
import type { EngineOptions, ReportProducer } from './context.js';
import { engineBaselineProducer } from './engine-baseline.js';
import { engineReportProducer } from './engine-reports.js';
import { LocalObjectStore } from './engine-store.js';
import { seededRandom } from '@mmg/engine';
import type { S3Store } from './s3.js';

export interface LocalSageMakerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  s3Port?: number;
  host?: string;
  /** A ManualClock (default, starting 2024-01-01T00:00Z) or any Clock; `realtime: true` uses the wall clock. */
  clock?: Clock;
  realtime?: boolean;
  /** With realtime, how often (real ms) the engine ticks; default 1000. */
  tickIntervalMs?: number;
  region?: string;
  accountId?: string;
  maxSchedules?: number;
  scheduleActivationMs?: number;
  /** Fixed start delay, or a function; default: seeded uniform 0..maxStartDelayMs. */
  startDelayMs?: number | ((scheduleName: string, scheduledTime: Date) => number);
  /** Upper bound of the default seeded delay (≤ 20 min); default 0. */
  maxStartDelayMs?: number;
  seed?: number;
  executionRunMs?: number;
  processingJobRunMs?: number;
  /**
   * Where an execution's reports come from when no fixture is queued: `fixtures` (default) writes an
   * empty constraint_violations.json; `engine` runs the built-in engine on the server's S3 (captures,
   * ground truth, baseline: engine-reports.ts) and baselining jobs too (engine-baseline.ts).
   */
  reports?: 'fixtures' | 'engine';
  /** With `reports: 'engine'`: the endpoints' data capture destination; default s3://sagemaker-{region}-{accountId}/model-monitor/data-capture. */
  captureRoot?: string;
  /** Computes reports instead (wins over `reports`). */
  reportProducer?: ReportProducer;
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function resolveOptions(o: LocalSageMakerOptions, s3: S3Store): EngineOptions {
  const seed = o.seed ?? 1;
  const region = o.region ?? 'us-east-1';
  const accountId = o.accountId ?? '123456789012';
  // The SageMaker Python SDK's default DataCaptureConfig destination.
  const captureRoot = o.captureRoot ?? `s3://sagemaker-${region}-${accountId}/model-monitor/data-capture`;
  const maxDelay = Math.min(o.maxStartDelayMs ?? 0, 20 * 60_000);
  const delay = o.startDelayMs;
  return {
    region,
    accountId,
    maxSchedules: o.maxSchedules ?? 1000,
    scheduleActivationMs: o.scheduleActivationMs ?? 1000,
    startDelayMs:
      typeof delay === 'function' ? delay
        : typeof delay === 'number' ? () => delay
          : (name, t) => (maxDelay > 0 ? Math.floor(seededRandom(hashString(`${seed}|${name}|${t.toISOString()}`))() * maxDelay) : 0),
    executionRunMs: o.executionRunMs ?? 10 * 60_000,
    processingJobRunMs: o.processingJobRunMs ?? 5 * 60_000,
    captureRoot,
    ...(o.reports === 'engine' ? engineProducers(new LocalObjectStore(s3), captureRoot) : {}),
    ...(o.reportProducer ? { reportProducer: o.reportProducer } : {}),
  };
}

const engineProducers = (store: LocalObjectStore, captureRoot: string) => ({
  reportProducer: engineReportProducer(store, captureRoot),
  baselineProducer: engineBaselineProducer(store),
});
