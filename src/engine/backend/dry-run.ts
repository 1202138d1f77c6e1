// Dry run of the built-in backend: every change becomes the outbound requests it
// would make (engine table writes, queue operations) and nothing is sent; reads
// are answered by the real backend.
import type { BackendMonitor, BackendSchedule, BaselineJobRequest, DryRunBackend, MonitoringBackend, OutboundRequest } from '../../backends/types.js';
import { cronPatternOf } from '../../jobs/cron.js';
import { RunExecutionJob, SuggestBaselineJob } from '../../jobs/definitions.js';
import type { EngineContext } from './context.js';
import { baselinePrefix } from './layout.js';

export function dryRunOf(real: MonitoringBackend, ctx: EngineContext): DryRunBackend {
  const requests: OutboundRequest[] = [];
  const send = (service: string, operation: string, input: unknown) => void requests.push({ service, operation, input });
  const refOf = (s: BackendSchedule) => s.backendRef ?? `builtin-${s.id}`;
  const arm = (ref: string, s: BackendSchedule) => {
    const expression = s.scheduleConfig.ScheduleExpression;
    if (expression === 'NOW') {
      const scheduledTime = ctx.now().toISOString();
      send('postgres', 'EngineExecution.create', { scheduleRef: ref, scheduledTime, status: 'PENDING' });
      send('bullmq', 'add', { name: RunExecutionJob.name, data: { scheduleRef: ref, scheduledTime } });
    }
    else send('bullmq', 'upsertJobScheduler', { id: ref, repeat: { pattern: cronPatternOf(expression), tz: 'UTC' }, template: { name: RunExecutionJob.name, data: { scheduleRef: ref } } });
  };
  const save = (ref: string, m: BackendMonitor, s: BackendSchedule, extra: object = {}) =>
    send('postgres', 'EngineSchedule.update', { ref, monitorId: m.id, expression: s.scheduleConfig.ScheduleExpression, ...extra });
  const backend: MonitoringBackend = {
    kind: 'BUILTIN',
    async createSchedule(m, s) {
      const ref = `builtin-${s.id}`;
      send('postgres', 'EngineSchedule.create', { ref, monitorId: m.id, scheduleName: s.name, expression: s.scheduleConfig.ScheduleExpression });
      arm(ref, s);
      return { backendRef: ref };
    },
    async updateSchedule(m, s) {
      save(refOf(s), m, s);
      send('bullmq', 'removeJobScheduler', { id: refOf(s) });
      arm(refOf(s), s);
    },
    async updateDefinition(m, s) {
      save(refOf(s), m, s);
      return { backendRef: refOf(s) };
    },
    async deleteSchedule(_m, s) {
      send('bullmq', 'removeJobScheduler', { id: refOf(s) });
      send('postgres', 'EngineSchedule.delete', { ref: refOf(s) });
      send('postgres', 'EngineExecution.deleteMany', { scheduleRef: refOf(s), status: 'PENDING' });
    },
    async startSchedule(m, s) {
      save(refOf(s), m, s, { stopped: false });
      if (s.scheduleConfig.ScheduleExpression !== 'NOW') arm(refOf(s), s);
    },
    async stopSchedule(m, s) {
      save(refOf(s), m, s, { stopped: true });
      send('bullmq', 'removeJobScheduler', { id: refOf(s) });
    },
    async suggestBaseline(m, r: BaselineJobRequest) {
      const jobRef = 'dry-run';
      send('postgres', 'EngineBaselineJob.create', { monitorId: m.id, baselineId: r.baselineId, outputUri: baselinePrefix(m, r.baselineId), datasetUri: r.datasetUri });
      send('bullmq', 'add', { name: SuggestBaselineJob.name, data: { jobRef } });
      return { jobRef };
    },
    describeBaseline: (m, ref) => real.describeBaseline(m, ref),
    describeSchedule: (m, s) => real.describeSchedule(m, s),
    listExecutions: (m, s, q) => real.listExecutions(m, s, q),
    readReport: (m, e) => real.readReport(m, e),
    readReportFile: (m, uri, file) => real.readReportFile(m, uri, file),
    dryRun: () => dryRunOf(real, ctx),
  };
  return { backend, requests: () => [...requests] };
}
