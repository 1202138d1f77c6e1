// The backend + in-process queue + a storage, as the worker would run them.
import { randomUUID } from 'node:crypto';
import type { BackendExecution, BackendMonitor, BackendSchedule, BaselineJobRequest, ExecutionReport } from '../../src/backends/types.js';
import { BuiltinBackend, engineContext, registerEngineJobs, type EngineContext, type EngineOptions } from '../../src/engine/backend/index.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import type { Db } from '../../src/db/client.js';
import type { Storage } from './fixtures.js';

export const NOW = new Date('2026-11-22T11:30:00Z');

export interface Harness {
  ctx: EngineContext;
  queue: InProcessQueue;
  backend: BuiltinBackend;
  /** Suggests a baseline from `datasetRel`, waits for it and returns the monitor with it active. */
  /** `request`: more of the baseline request (e.g. groundTruthAttribute). */
  baseline(monitor: BackendMonitor, datasetRel: string, format?: { csvHeader?: boolean; jsonLines?: boolean }, request?: Partial<BaselineJobRequest>): Promise<BackendMonitor>;
  /** Creates the schedule and runs it once at `at` (cron: as the scheduler would fire; NOW: at ctx.now()). */
  run(monitor: BackendMonitor, schedule: BackendSchedule, at?: Date): Promise<{ execution: BackendExecution; report: ExecutionReport | null }>;
}

export async function harness(db: Db, storage: Storage, options: EngineOptions = {}): Promise<Harness> {
  const queue = new InProcessQueue();
  const ctx = engineContext(db, storage.store, queue, { captureRoot: storage.uri('capture'), now: () => NOW, ...options });
  registerEngineJobs(queue, ctx);
  await queue.start();
  const backend = new BuiltinBackend(ctx);
  return {
    ctx, queue, backend,
    async baseline(monitor, datasetRel, format = { csvHeader: true }, request = {}) {
      const { jobRef } = await backend.suggestBaseline(monitor, { baselineId: randomUUID(), version: 1, datasetUri: storage.uri(datasetRel), datasetFormat: format, columnNames: null, ...request });
      await queue.idle();
      const state = await backend.describeBaseline(monitor, jobRef);
      if (state.status !== 'COMPLETED') throw new Error(`baseline ${state.status}: ${'failureReason' in state ? state.failureReason : ''}`);
      return { ...monitor, baseline: { id: jobRef, version: 1, statistics: state.statistics, constraints: state.constraints } };
    },
    async run(monitor, schedule, at) {
      const { backendRef } = await backend.createSchedule(monitor, schedule);
      const armed = { ...schedule, backendRef };
      if (at) queue.fire(backendRef, at);
      await queue.idle();
      if (queue.failures.length) throw queue.failures[0]!.error;
      const { executions } = await backend.listExecutions(monitor, armed, {});
      const execution = executions[0];
      if (!execution) throw new Error('no execution');
      const report = execution.status === 'FAILED' ? null : await backend.readReport(monitor, execution);
      return { execution, report };
    },
  };
}
