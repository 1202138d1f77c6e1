// The first-run demo of `npm start`: a team "demo" with an ADMIN key, a monitor of each type on
// the generated endpoint "churn-demo", their baselines, an hourly schedule each and one
// one-time run each over the drifted hours, so executions and violations appear within a
// minute, then the hourly schedules' past runs (history.ts). Everything goes through the
// managers, as API calls would (validated, audited).
import type { Baseline, Schedule } from '../generated/prisma/client.js';
import type { CreateMonitorInput } from '../generated/graphql.js';
import type { Services } from '../services.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Actor } from '../kernel/caller.js';
import { DEMO_ENDPOINT, FEATURES, demoLayout, generateDemoData, type TrainingKind } from './data.js';
import { backfillHistory, historyTimes, type QueueRun } from './history.js';

export const DEMO_TEAM = 'demo';

export interface DemoTeam {
  actor: Actor;
  /** The team's first ADMIN API key; shown once. */
  apiKey: string;
}

export interface DemoOptions {
  dataDir: string;
  /** Hours of past hourly runs per monitor (0: none); traffic is generated for at least 2. */
  historyHours: number;
  /** Queues the engine's past runs (history.ts); without it there is no history. */
  queueRun?: QueueRun;
  /** How long to wait for the baselines before giving up on the schedules. */
  baselineTimeoutMs: number;
  /** How long to sync the past runs before leaving the rest to the poller (default 10 min). */
  historyTimeoutMs?: number;
  now?: () => Date;
}

/** Creates the team "demo" and its ADMIN key, or returns null when it exists (not a first run). */
export async function createDemoTeam(services: Services): Promise<DemoTeam | null> {
  const requestId = 'demo-seed';
  try {
    const { team, apiKey, secret } = await services.tenancy.createTeam({ slug: DEMO_TEAM, displayName: 'Demo: churn model', defaultBackend: 'BUILTIN' }, requestId);
    return { actor: { teamId: team.id, role: 'ADMIN', keyId: apiKey.id, memberId: null, label: `key:${apiKey.id}`, requestId }, apiKey: secret };
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.CONFLICT) return null;
    throw error;
  }
}

function monitorInputs(dir: string): Array<{ input: CreateMonitorInput; training: TrainingKind }> {
  const at = demoLayout(dir);
  const endpoint = { endpointName: DEMO_ENDPOINT, inferenceAttribute: 'predicted_label', probabilityAttribute: 'probability' };
  const common = (name: string) => ({ name, outputS3Uri: at.reports(name), environment: [{ name: 'DATA_CAPTURE_S3_URI', value: at.captureRoot }] });
  return [
    { training: 'data-quality', input: { ...common('churn-data-quality'), type: 'DATA_QUALITY', endpointInput: { endpointName: DEMO_ENDPOINT } } },
    {
      training: 'model-quality',
      input: { ...common('churn-model-quality'), type: 'MODEL_QUALITY', problemType: 'BINARY_CLASSIFICATION', endpointInput: endpoint, groundTruthS3Uri: at.groundTruth },
    },
    {
      training: 'bias',
      input: {
        ...common('churn-bias'), type: 'MODEL_BIAS', endpointInput: endpoint, groundTruthS3Uri: at.groundTruth,
        bias: { facetName: 'gender', facetValuesOrThreshold: ['F'], labelValuesOrThreshold: ['1'] },
      },
    },
    { training: 'explainability', input: { ...common('churn-explainability'), type: 'MODEL_EXPLAINABILITY', endpointInput: { endpointName: DEMO_ENDPOINT }, explainability: { headers: [...FEATURES] } } },
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Brings the baselines up to date until each is COMPLETED or FAILED (or the time is up). */
async function awaitBaselines(services: Services, teamId: string, baselines: Baseline[], timeoutMs: number): Promise<Baseline[]> {
  const end = Date.now() + timeoutMs;
  let current = baselines;
  for (;;) {
    current = await Promise.all(current.map((b) => services.baselines.sync(teamId, b.id)));
    if (current.every((b) => b.status === 'COMPLETED' || b.status === 'FAILED') || Date.now() > end) return current;
    await sleep(500);
  }
}

/** Generates the data and creates the monitors, baselines and schedules of a new demo team. */
export async function populateDemo(services: Services, team: DemoTeam, o: DemoOptions, log: Logger): Promise<{ monitors: number; schedules: number; pastRuns: number }> {
  const now = o.now ?? (() => new Date());
  const start = now();
  const data = await generateDemoData({ dir: o.dataDir, now: start, historyHours: Math.max(2, o.historyHours), aheadHours: 24 });
  log.info({ dir: o.dataDir, endpoint: DEMO_ENDPOINT, ...data }, 'demo: captured data generated');
  const at = demoLayout(o.dataDir);
  const planned = monitorInputs(o.dataDir);
  const monitors = await Promise.all(planned.map((p) => services.monitors.create(team.actor, p.input)));
  const requested = await Promise.all(
    monitors.map((m, i) => services.baselines.request(team.actor, { monitorId: m.id, datasetUri: at.training(planned[i]!.training), datasetFormat: { csvHeader: true } })),
  );
  log.info({ monitors: monitors.map((m) => m.name) }, 'demo: monitors created, waiting for their baselines');
  const baselines = await awaitBaselines(services, team.actor.teamId, requested, o.baselineTimeoutMs);
  let schedules = 0;
  const hourly: Schedule[] = [];
  for (const [i, monitor] of monitors.entries()) {
    const b = baselines[i]!;
    if (b.status !== 'COMPLETED') {
      log.warn({ monitor: monitor.name, status: b.status, reason: b.failureReason }, 'demo: baseline not completed; no schedules for this monitor');
      continue;
    }
    hourly.push(await services.schedules.create(team.actor, { monitorId: monitor.id, name: `${monitor.name}-hourly`, spec: { kind: 'HOURLY' } }));
    // One run now over the drifted hours: the first executions and violations come from it.
    await services.schedules.create(team.actor, {
      monitorId: monitor.id, name: `${monitor.name}-now`, spec: { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT0H' },
    });
    schedules += 2;
  }
  log.info({ monitors: monitors.length, schedules }, 'demo: seeded');
  // After the one-time runs were queued, so the first violations do not wait for the history.
  const times = o.queueRun ? historyTimes(start, o.historyHours) : [];
  const pastRuns = times.length === 0 ? 0 : await backfillHistory(services, team.actor.teamId, hourly, { times, queueRun: o.queueRun!, timeoutMs: o.historyTimeoutMs ?? 600_000, log });
  if (times.length > 0) log.info({ hours: times.length, pastRuns }, 'demo: hourly history stored');
  return { monitors: monitors.length, schedules, pastRuns };
}
