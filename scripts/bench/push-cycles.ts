// Backend calls per poll cycle: the gateway's sync (real dispatch and poll handlers,
// real PostgreSQL, in-process queue) against the naive poller that lists every
// schedule's executions each cycle. The fleet is N daily schedules of which a share
// have a long-running execution; the others ran at their last fire time. Their fire hour
// is 12 hours from the start, so no fire time falls inside the measurement: right after
// one, every schedule that fired is polled once until its run appears (README, Execution
// sync), which is the same number of calls as the naive poller's.
import type { Db } from '../../src/db/client.js';
import type { BackendExecution, Backends, MonitoringBackend } from '../../src/backends/types.js';
import { BaselineManager } from '../../src/baselines/manager.js';
import { ExecutionManager } from '../../src/executions/manager.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { parseExpression } from '../../src/kernel/rules/schedule.js';
import { logger } from '../../src/shared/logger.js';
import { fireTimesAround } from '../../src/sync/plan.js';
import { registerSyncJobs, type SyncSettings } from '../../src/sync/poller.js';
import { DispatchPollsJob } from '../../src/sync/jobs.js';

const FLEET_EXPRESSION = `cron(0 ${(new Date().getUTCHours() + 12) % 24} ? * * *)`;

/** A backend with a fleet of schedules; counts listExecutions calls. Nothing else is called. */
function fleetBackend(isRunning: (name: string) => boolean): { backend: MonitoringBackend; calls: () => number; reset(): void } {
  let calls = 0;
  const previousFire = () => fireTimesAround(parseExpression(FLEET_EXPRESSION)!, new Date())!.previous;
  const unsupported = async (): Promise<never> => {
    throw new Error('not used by the sync');
  };
  const backend: MonitoringBackend = {
    kind: 'BUILTIN',
    async listExecutions(_m, schedule) {
      calls++;
      const at = previousFire();
      const running = isRunning(schedule.name);
      const e: BackendExecution = {
        executionId: `${schedule.name}@${at.toISOString()}`, status: running ? 'IN_PROGRESS' : 'COMPLETED', scheduledTime: at,
        startedAt: at, endedAt: running ? null : at, failureReason: null, reportUri: null, changedAt: at,
      };
      return { executions: [e], nextToken: null };
    },
    readReport: async () => ({ violations: [], statistics: null }),
    readReportFile: async () => null,
    createSchedule: unsupported, updateSchedule: unsupported, updateDefinition: unsupported, deleteSchedule: unsupported,
    startSchedule: unsupported, stopSchedule: unsupported, suggestBaseline: unsupported, describeBaseline: unsupported, describeSchedule: unsupported,
    dryRun: () => {
      throw new Error('not used');
    },
  };
  return { backend, calls: () => calls, reset: () => (calls = 0) };
}

/** Adds schedules (rows only, as the API would leave them) until the team has `total`. */
async function growFleet(db: Db, teamId: string, monitorId: string, total: number): Promise<void> {
  const have = await db.schedule.count({ where: { teamId } });
  const rows = Array.from({ length: total - have }, (_, i) => ({
    teamId, monitorId, name: `fleet-${have + i}`, expression: FLEET_EXPRESSION, status: 'SCHEDULED' as const, backendRef: `fleet-${have + i}`,
  }));
  for (let i = 0; i < rows.length; i += 5000) await db.schedule.createMany({ data: rows.slice(i, i + 5000) });
}

export interface CycleFigures {
  schedules: number;
  running: number;
  /** Mean backend calls per dispatch cycle in the steady state. */
  callsPerCycle: number;
  naiveCallsPerCycle: number;
}

/** Measures at each fleet size in turn (the fleet grows between sizes). `runningEvery`: one schedule in k is running. */
export async function measureCycles(db: Db, sizes: number[], opts: { cycles: number; runningEvery: number }): Promise<CycleFigures[]> {
  const team = await db.team.create({ data: { slug: `fleet-${Date.now().toString(36)}`, displayName: 'Fleet' } });
  const monitor = await db.monitor.create({
    data: {
      teamId: team.id, name: 'fleet', type: 'DATA_QUALITY', backend: 'BUILTIN', endpointName: 'fleet-ep',
      config: {
        endpointInput: { endpointName: 'fleet-ep' }, outputS3Uri: 's3://reports/fleet', maxRuntimeInSeconds: 1800,
        resources: { instanceType: 'ml.m5.xlarge', instanceCount: 1, volumeSizeInGB: 20 },
      },
    },
  });
  const isRunning = (name: string) => Number(name.split('-')[1]) % opts.runningEvery === 0;
  const fleet = fleetBackend(isRunning);
  const backends: Backends = { BUILTIN: fleet.backend, SAGEMAKER: fleet.backend };
  const settings: SyncSettings = {
    runningMs: 1000, dueMs: 30_000, dueGraceMs: 20 * 60_000, firstPollDelayMs: 30_000, idleMs: 3_600_000,
    batch: 20_000, leaseMs: 120_000, cursorOverlapMs: 300_000, throttleDelayMs: 2000,
  };
  const queue = new InProcessQueue();
  registerSyncJobs(queue, { db, executions: new ExecutionManager(db, backends), baselines: new BaselineManager(db, backends), settings, log: logger() });
  await queue.start();
  let cycle = 0;
  const runCycle = async (): Promise<number> => {
    fleet.reset();
    await queue.enqueue(DispatchPollsJob, {}, { jobId: `dispatch-${++cycle}` });
    await queue.idle();
    return fleet.calls();
  };
  const out: CycleFigures[] = [];
  for (const n of sizes) {
    await growFleet(db, team.id, monitor.id, n);
    await runCycle(); // new schedules are polled once at first
    const counts: number[] = [];
    for (let c = 0; c < opts.cycles; c++) {
      await new Promise((r) => setTimeout(r, settings.runningMs));
      counts.push(await runCycle());
    }
    // The naive poller: one listExecutions per schedule, every cycle.
    fleet.reset();
    const schedules = await db.schedule.findMany({ where: { teamId: team.id }, select: { name: true, backendRef: true } });
    for (const s of schedules) await fleet.backend.listExecutions(null as never, { name: s.name } as never, {});
    out.push({
      schedules: n,
      running: schedules.filter((s) => isRunning(s.name)).length,
      callsPerCycle: counts.reduce((a, b) => a + b, 0) / counts.length,
      naiveCallsPerCycle: fleet.calls(),
    });
  }
  await queue.close();
  return out;
}
