// What two runs of the same inputs must share, however they were split: the execution's status,
// failure, record count and final progress counts, its violations, and the report files' bytes.
import type { BackendExecution, BackendMonitor } from '../../src/backends/types.js';
import type { BuiltinBackend } from '../../src/engine/backend/index.js';
import type { Storage } from './fixtures.js';

export async function runSummary(backend: BuiltinBackend, monitor: BackendMonitor, storage: Storage, execution: BackendExecution) {
  if (!execution.reportUri) throw new Error(`run ${execution.status}: ${execution.failureReason}`);
  const report = await backend.readReport(monitor, execution);
  const files = await Promise.all(['statistics.json', 'constraint_violations.json'].map((f) => storage.store.readText(`${execution.reportUri}${f}`)));
  const { updatedAt: _, ...progress } = execution.progress!;
  return { execution: { status: execution.status, failureReason: execution.failureReason, progress }, violations: report?.violations, files };
}
