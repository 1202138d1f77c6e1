// Business rules for schedules. A schedule exists in the backend exactly when its row
// is committed: backend calls run inside the transaction and are undone if it fails.
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { transactWithBackend } from '../db/transaction.js';
import { recordAudit } from '../storage/audit.js';
import type { Backends } from '../backends/types.js';
import { backendFor, type ChangeOptions } from '../backends/dry-run.js';
import { loadBackendMonitor, toBackendSchedule } from '../storage/backend-inputs.js';
import { randomBytes } from 'node:crypto';
import type { RunWindowInput, ScheduleSpecInput } from '../generated/graphql.js';
import type { Monitor, Schedule } from '../generated/prisma/client.js';
import { parseStoredConfig } from '../kernel/monitor-config.js';
import { monitorStorage } from '../storage/monitors.js';
import { checkName } from '../kernel/rules/patterns.js';
import { assertValid, conflict, notFound, underField } from '../shared/errors.js';
import { filterIdsCanExist, requireId } from '../shared/ids.js';
import { emptyConnection, pagedConnection, toPage, type PageArgs } from '../shared/pagination.js';
import type { Actor } from '../kernel/caller.js';
import { keepStopped } from './keep-stopped.js';
import { deleteInBackend } from './remove.js';
import { resolveScheduleSpec, type ScheduleSpec } from '../kernel/rules/schedule.js';
import { scheduleStorage as storage, type ScheduleFilter } from '../storage/schedules.js';
import type { Tx } from '../db/client.js';


export class ScheduleManager {
  constructor(private readonly db: Db, private readonly backends: Backends) {}

  async get(teamId: string, id: string): Promise<Schedule> {
    const row = await storage.get(this.db, teamId, requireId('Schedule', id));
    if (!row) throw notFound('Schedule', id);
    return row;
  }

  async list(teamId: string, filter: ScheduleFilter, args: PageArgs) {
    const page = toPage(args);
    if (!filterIdsCanExist(filter, ['monitorId'])) return emptyConnection<Schedule>();
    return pagedConnection(args, page, storage.list(this.db, teamId, filter, page), () => storage.count(this.db, teamId, filter), (s) => s.createdAt);
  }

  private async monitorOf(db: Tx | Db, teamId: string, monitorId: string): Promise<Monitor> {
    const monitor = await monitorStorage.get(db, teamId, requireId('Monitor', monitorId));
    if (!monitor) throw notFound('Monitor', monitorId);
    return monitor;
  }

  private spec(monitor: Monitor, input: ScheduleSpecInput, prefix: string): ScheduleSpec {
    const config = parseStoredConfig(monitor.config);
    const result = resolveScheduleSpec(input, { type: monitor.type, maxRuntimeInSeconds: config.maxRuntimeInSeconds });
    if (!result.spec) {
      assertValid(underField(prefix, result.violations));
      throw new Error('unreachable: a spec without violations');
    }
    return result.spec;
  }

  async create(actor: Actor, input: { monitorId: string; name: string; spec: ScheduleSpecInput }, options: ChangeOptions = {}): Promise<Schedule> {
    assertValid(checkName('input.name', input.name, 'schedule name'));
    const monitor = await this.monitorOf(this.db, actor.teamId, input.monitorId);
    return this.insert(actor, monitor, input.name, this.spec(monitor, input.spec, 'input.spec'), 'schedule.create', options);
  }

  /**
   * One run of the monitor now: a one-time schedule named after the monitor and made unique,
   * so a second run never collides with the first.
   */
  async runNow(actor: Actor, input: { monitorId: string; window: RunWindowInput }): Promise<{ schedule: Schedule; monitor: Monitor }> {
    const monitor = await this.monitorOf(this.db, actor.teamId, input.monitorId);
    const spec = this.spec(monitor, { kind: 'ONE_TIME', ...input.window }, 'window');
    const name = `${monitor.name.slice(0, 44)}-run-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    return { schedule: await this.insert(actor, monitor, name, spec, 'schedule.runNow'), monitor };
  }

  private async insert(actor: Actor, monitor: Monitor, name: string, spec: ScheduleSpec, action: string, options: ChangeOptions = {}): Promise<Schedule> {
    const backend = backendFor(this.backends, monitor.backend, options);
    try {
      return await transactWithBackend(this.db, async (tx, onRollback) => {
        const backendName = backend.scheduleNameFor?.(actor.teamId, name) ?? null;
        const pending = await storage.create(tx, { teamId: actor.teamId, monitorId: monitor.id, name, backendName, ...spec, status: 'PENDING' });
        const target = await loadBackendMonitor(tx, monitor);
        const { backendRef } = await backend.createSchedule(target, toBackendSchedule(pending));
        // The undo is registered before any more database work: a connection lost in the
        // next statement must not leave the backend's schedule behind.
        onRollback(() => backend.deleteSchedule(target, { ...toBackendSchedule(pending), backendRef }));
        const row = await storage.update(tx, pending.id, { backendRef, status: 'SCHEDULED' });
        await recordAudit(tx, actor, { action, targetType: 'Schedule', targetId: row.id, after: row });
        return row;
      }, options);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A schedule named "${name}" already exists in this team`, 'input.name');
      throw error;
    }
  }

  async update(actor: Actor, id: string, specInput: ScheduleSpecInput, options: ChangeOptions = {}): Promise<Schedule> {
    const before = await this.get(actor.teamId, id);
    const monitor = await this.monitorOf(this.db, actor.teamId, before.monitorId);
    const spec = this.spec(monitor, specInput, 'spec');
    const backend = backendFor(this.backends, monitor.backend, options);
    return transactWithBackend(this.db, async (tx, onRollback) => {
      const row = await storage.update(tx, before.id, spec);
      const target = await loadBackendMonitor(tx, monitor);
      await backend.updateSchedule(target, toBackendSchedule(row));
      onRollback(async () => {
        await backend.updateSchedule(target, toBackendSchedule(before));
        await keepStopped(backend, target, toBackendSchedule(before), before.status);
      });
      await keepStopped(backend, target, toBackendSchedule(row), row.status);
      await recordAudit(tx, actor, { action: 'schedule.update', targetType: 'Schedule', targetId: row.id, before, after: row });
      return row;
    }, options);
  }

  /** Idempotent: starting a running schedule (or stopping a stopped one) changes and audits nothing. */
  async setRunning(actor: Actor, id: string, running: boolean, options: ChangeOptions = {}): Promise<Schedule> {
    const before = await this.get(actor.teamId, id);
    const wanted = running ? 'SCHEDULED' : 'STOPPED';
    if (before.status === wanted) return before;
    const monitor = await this.monitorOf(this.db, actor.teamId, before.monitorId);
    const backend = backendFor(this.backends, monitor.backend, options);
    return transactWithBackend(this.db, async (tx, onRollback) => {
      const target = await loadBackendMonitor(tx, monitor);
      const schedule = toBackendSchedule(before);
      if (running) {
        await backend.startSchedule(target, schedule);
        onRollback(() => backend.stopSchedule(target, schedule));
      } else {
        await backend.stopSchedule(target, schedule);
        onRollback(() => backend.startSchedule(target, schedule));
      }
      const row = await storage.update(tx, before.id, { status: wanted });
      await recordAudit(tx, actor, { action: running ? 'schedule.start' : 'schedule.stop', targetType: 'Schedule', targetId: row.id, before, after: row });
      return row;
    }, options);
  }

  /** Deletes the schedule in the backend and here; its executions are kept. */
  async delete(actor: Actor, id: string, options: ChangeOptions = {}): Promise<{ id: string }> {
    const before = await this.get(actor.teamId, id);
    const monitor = await this.monitorOf(this.db, actor.teamId, before.monitorId);
    const backend = backendFor(this.backends, monitor.backend, options);
    return transactWithBackend(this.db, async (tx, onRollback) => {
      await storage.delete(tx, before.id);
      await deleteInBackend(backend, await loadBackendMonitor(tx, monitor), before, onRollback);
      await recordAudit(tx, actor, { action: 'schedule.delete', targetType: 'Schedule', targetId: before.id, before });
      return { id: before.id };
    }, options);
  }
}
