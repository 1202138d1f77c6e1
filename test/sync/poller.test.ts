// The execution sync on real BullMQ and PostgreSQL, with in-process backends the test
// drives: executions found by the worker reach WebSocket subscribers once, only the
// schedules with something happening are polled, and throttling slows the poller
// without losing anything.
import { randomBytes } from 'node:crypto';
import { config, type Config } from '../../src/config.js';
import { AppError, ErrorCode } from '../../src/shared/errors.js';
import type { BackendExecution, Backends, MonitoringBackend } from '../../src/backends/types.js';
import type { EventBus } from '../../src/events/bus.js';
import { testBus } from '../support/transport.js';
import { startWorker, type RunningWorker } from '../../src/runtime/index.js';
import { logger } from '../../src/shared/logger.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { collect, wsClients } from '../support/ws.js';

let env: TestGateway;
const ws = wsClients();
const running: Array<{ worker: RunningWorker; bus: EventBus }> = [];

beforeAll(async () => {
  env = await startTestGateway();
});
// Each test's worker stops with it: workers share the database, so one left running would poll the next test's schedules.
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.worker.stop();
    await r.bus.close();
  }
});
afterAll(async () => {
  await ws.disposeAll();
  await env.stop();
});

/** A worker with its own queues (fresh prefix) whose events reach the test gateway's bus. */
async function worker(backends: Backends = env.backends, over: Partial<Config> = {}): Promise<RunningWorker> {
  const base = config();
  const cfg: Config = {
    ...base, REDIS_PREFIX: `${base.REDIS_PREFIX}:sync-${randomBytes(3).toString('hex')}`, SYNC_INTERVAL_MS: 1000, SYNC_RUNNING_POLL_MS: 500,
    SYNC_DUE_POLL_MS: 500, SYNC_MAX_TPS: 1000, SYNC_LEASE_MS: 5000, ...over,
  };
  const bus = testBus(base.REDIS_PREFIX);
  const w = await startWorker(cfg, env.gateway.services.db, logger(), { backends, bus });
  running.push({ worker: w, bus });
  return w;
}

const execution = (id: string, status: BackendExecution['status']): BackendExecution => ({
  executionId: id, status, scheduledTime: new Date('2026-11-22T09:00:00Z'), startedAt: null, endedAt: null, failureReason: null, reportUri: null,
});

async function waitFor<T>(what: string, read: () => Promise<T>, accept: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (accept(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const VIOLATIONS = 'subscription($f: ViolationEventFilter) { violationDetected(filter: $f) { eventId monitorId featureName checkType } }';

it('an execution that completes with violations reaches the team subscriber once, and no other team', async () => {
  const a = await seed(env).createTeam();
  const b = await seed(env).createTeam();
  const m = await a.createMonitor('DATA_QUALITY');
  const s = await a.createSchedule(m.id, { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' });
  const subA = collect(ws.connect(env.url, a.adminKey), VIOLATIONS, { f: { monitorId: m.id } });
  const subB = collect(ws.connect(env.url, b.adminKey), VIOLATIONS);
  await Promise.all([subA.acked, subB.acked]);
  await new Promise((r) => setTimeout(r, 100)); // subscriptions registered server-side

  env.backends.BUILTIN.putExecution(s.name, execution('run-1', 'IN_PROGRESS'));
  await worker();
  const db = env.gateway.services.db;
  await waitFor('the running execution', () => db.execution.findMany({ where: { scheduleId: s.id } }), (r) => r.length === 1 && r[0]!.status === 'IN_PROGRESS');
  // The plan is written just after the execution: wait for it rather than race it.
  await waitFor('the RUNNING plan', () => db.schedulePoll.findUnique({ where: { scheduleId: s.id } }), (p) => p?.reason === 'RUNNING');

  env.backends.BUILTIN.putExecution(s.name, execution('run-1', 'COMPLETED_WITH_VIOLATIONS'), {
    violations: [
      { featureName: 'age', checkType: 'baseline_drift_check', description: 'distance 0.4 > 0.1' },
      { featureName: 'plan', checkType: 'categorical_values_check', description: 'new value enterprise' },
    ],
    statistics: null,
  });
  const got = await subA.until(2, 20_000);
  expect(got.map((r) => r.data.violationDetected.featureName).sort()).toEqual(['age', 'plan']);
  // Several more poll cycles: nothing is stored or sent twice.
  await new Promise((r) => setTimeout(r, 2500));
  expect(subA.got).toHaveLength(2);
  expect(subB.got).toHaveLength(0);
  expect(await db.violation.count({ where: { monitorId: m.id } })).toBe(2);
  expect(await db.outboxEvent.count({ where: { teamId: a.id } })).toBe(4); // IN_PROGRESS, COMPLETED_WITH_VIOLATIONS, 2 violations
  const after = await db.schedulePoll.findUnique({ where: { scheduleId: s.id } });
  expect(after).toMatchObject({ reason: 'IDLE', failures: 0, lastError: null });
});

it('polls only the schedules with something happening', async () => {
  const team = await seed(env).createTeam();
  const m = await team.createMonitor('MODEL_QUALITY');
  const idle = [];
  for (let i = 0; i < 6; i++) idle.push(await team.createSchedule(m.id, { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }, `${m.name}-idle-${i}`));
  for (const s of idle) env.backends.BUILTIN.putExecution(s.name, execution(`${s.name}-done`, 'COMPLETED'));
  const busy = await team.createSchedule(m.id, { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }, `${m.name}-busy`);
  env.backends.BUILTIN.putExecution(busy.name, execution('busy-run', 'IN_PROGRESS'));
  await worker();
  const db = env.gateway.services.db;
  const ids = [...idle, busy].map((s) => s.id);
  await waitFor('every schedule polled once', () => db.schedulePoll.findMany({ where: { scheduleId: { in: ids } } }), (r) => r.length === 7 && r.every((p) => p.lastPolledAt));

  const callsOf = (name: string) => env.backends.BUILTIN.calls.filter((c) => c.method === 'listExecutions' && c.schedule?.name === name).length;
  const before = { busy: callsOf(busy.name), idle: idle.map((s) => callsOf(s.name)) };
  await new Promise((r) => setTimeout(r, 3000));
  expect(callsOf(busy.name) - before.busy).toBeGreaterThanOrEqual(2); // RUNNING: polled every cycle
  expect(idle.map((s) => callsOf(s.name))).toEqual(before.idle); // finished one-time runs: left alone
});

/** Wraps a backend so that listExecutions of the given schedules fails as `fault` says (null: passes through). */
function faulty(inner: MonitoringBackend, names: readonly string[], fault: (n: number) => AppError | null): { backend: MonitoringBackend; faults: () => number } {
  let n = 0;
  let faults = 0;
  const backend = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'listExecutions') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return async (monitor: unknown, schedule: { name: string }, query: unknown) => {
        const error = names.includes(schedule.name) ? fault(n++) : null;
        if (error) {
          faults++;
          throw error;
        }
        return (value as (...a: unknown[]) => Promise<unknown>).call(target, monitor, schedule, query);
      };
    },
  });
  return { backend, faults: () => faults };
}

const throttle = () => new AppError(ErrorCode.UNAVAILABLE, 'Rate exceeded', { details: { awsError: 'ThrottlingException', throttled: true } });

it('slows down when the backend throttles and catches up with nothing lost or doubled', async () => {
  const team = await seed(env).createTeam();
  const m = await team.createMonitor('DATA_QUALITY');
  const schedules = [];
  for (let i = 0; i < 5; i++) schedules.push(await team.createSchedule(m.id, { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }, `${m.name}-t${i}`));
  for (const s of schedules) {
    env.backends.BUILTIN.putExecution(s.name, execution(`${s.name}-run`, 'COMPLETED_WITH_VIOLATIONS'), {
      violations: [{ featureName: 'age', checkType: 'baseline_drift_check', description: 'drift' }],
      statistics: null,
    });
  }
  // Every other call of these schedules is throttled, the way SageMaker answers over its TPS.
  const t = faulty(env.backends.BUILTIN, schedules.map((x) => x.name), (n) => (n % 2 === 0 ? throttle() : null));
  await worker({ ...env.backends, BUILTIN: t.backend });
  const db = env.gateway.services.db;
  await waitFor('every violation', () => db.violation.count({ where: { monitorId: m.id } }), (n) => n === 5, 30_000);
  expect(t.faults()).toBeGreaterThanOrEqual(1);
  await new Promise((r) => setTimeout(r, 1500));
  expect(await db.violation.count({ where: { monitorId: m.id } })).toBe(5);
  expect(await db.outboxEvent.count({ where: { teamId: team.id, type: 'VIOLATION_DETECTED' } })).toBe(5);
  const polls = await db.schedulePoll.findMany({ where: { scheduleId: { in: schedules.map((s) => s.id) } } });
  expect(polls.every((p) => p.lastError === null && p.failures === 0)).toBe(true); // recovered: the last poll succeeded
});

it('ends a poll that retrying cannot fix, keeping the reason', async () => {
  const team = await seed(env).createTeam();
  const m = await team.createMonitor('DATA_QUALITY');
  const s = await team.createSchedule(m.id, { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' });
  const denied = new AppError(ErrorCode.FORBIDDEN, 'SageMaker ListMonitoringExecutions failed: AccessDeniedException: not authorized');
  const f = faulty(env.backends.BUILTIN, [s.name], () => denied);
  await worker({ ...env.backends, BUILTIN: f.backend });
  const db = env.gateway.services.db;
  const poll = await waitFor('the failure recorded', () => db.schedulePoll.findUnique({ where: { scheduleId: s.id } }), (p) => (p?.failures ?? 0) > 0);
  expect(poll).toMatchObject({ reason: 'RETRY', lastError: expect.stringContaining('AccessDeniedException') });
  // Not retried at once: the next attempt waits for the slow sweep.
  expect(poll!.nextPollAt.getTime() - Date.now()).toBeGreaterThan(30 * 60_000);
  await new Promise((r) => setTimeout(r, 1500));
  expect(f.faults()).toBe(1);
});
