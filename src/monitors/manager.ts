// Business rules for monitors: validated before anything is stored or sent.
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { transactWithBackend } from '../db/transaction.js';
import { recordAudit } from '../storage/audit.js';
import type { Backends } from '../backends/types.js';
import { backendFor, type ChangeOptions } from '../backends/dry-run.js';
import { loadBackendMonitor, toBackendMonitor } from '../storage/backend-inputs.js';
import { deleteInBackend } from '../schedules/remove.js';
import { baselineStorage } from '../storage/baselines.js';
import type { CreateMonitorInput, UpdateMonitorInput } from '../generated/graphql.js';
import type { Backend, Monitor } from '../generated/prisma/client.js';
import { scheduleStorage } from '../storage/schedules.js';
import { checkMaxRuntime } from '../kernel/rules/schedule.js';
import { repointSchedules } from '../schedules/repoint.js';
import { assertValid, conflict, notFound, underField } from '../shared/errors.js';
import { requireId } from '../shared/ids.js';
import { pagedConnection, toPage, type PageArgs } from '../shared/pagination.js';
import type { Actor } from '../kernel/caller.js';
import { tenancyStorage } from '../storage/tenancy.js';
import { applyUpdateInput, configFromCreateInput } from './input.js';
import { moveMonitor } from './move.js';
import { endpointNameOf, parseStoredConfig, type MonitorConfig } from '../kernel/monitor-config.js';
import { checkMonitor } from '../kernel/rules/monitor.js';
import { monitorStorage as storage, type LatestDepth, type MonitorFilter } from '../storage/monitors.js';
import type { Prefetch } from '../db/related.js';


export class MonitorManager {
  constructor(private readonly db: Db, private readonly backends: Backends) {}

  /** `field`: where the id was given, for the NOT_FOUND (e.g. a subscription's filter). */
  async get(teamId: string, id: string, field?: string): Promise<Monitor> {
    const row = await storage.get(this.db, teamId, requireId('Monitor', id, field));
    if (!row) throw notFound('Monitor', id, field);
    return row;
  }

  /** As get, with the monitor's latest activity that `prefetch` asks for put into its `into`. */
  async getWithLatest(teamId: string, id: string, prefetch: Prefetch<LatestDepth | null>): Promise<Monitor> {
    const row = await storage.getWithLatest(this.db, teamId, requireId('Monitor', id), prefetch);
    if (!row) throw notFound('Monitor', id);
    return row;
  }

  async list(teamId: string, filter: MonitorFilter, args: PageArgs, prefetch?: Prefetch<LatestDepth | null>) {
    const page = toPage(args);
    return pagedConnection(args, page, storage.list(this.db, teamId, filter, page, prefetch), () => storage.count(this.db, teamId, filter), (m) => m.createdAt);
  }

  async create(actor: Actor, input: CreateMonitorInput): Promise<Monitor> {
    const team = await tenancyStorage.team(this.db, actor.teamId);
    const backend = input.backend ?? team.defaultBackend;
    const config = configFromCreateInput(input);
    assertValid(underField('input', checkMonitor({ name: input.name, type: input.type, backend, config, teamExecutionRoleArn: team.awsExecutionRoleArn })));
    try {
      return await this.db.$transaction(async (tx) => {
        const row = await storage.create(tx, {
          teamId: actor.teamId, name: input.name, type: input.type, backend, endpointName: endpointNameOf(config), config,
        });
        await recordAudit(tx, actor, { action: 'monitor.create', targetType: 'Monitor', targetId: row.id, after: row });
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A monitor named "${input.name}" already exists in this team`, 'input.name');
      throw error;
    }
  }

  /** Re-validates the whole merged config, and the run time against every schedule of the monitor. */
  async update(actor: Actor, id: string, patch: UpdateMonitorInput, options: ChangeOptions = {}): Promise<Monitor> {
    const before = await this.get(actor.teamId, id);
    const config: MonitorConfig = applyUpdateInput(parseStoredConfig(before.config), patch);
    const team = await tenancyStorage.team(this.db, actor.teamId);
    assertValid(underField('input', checkMonitor({ name: before.name, type: before.type, backend: before.backend, config, teamExecutionRoleArn: team.awsExecutionRoleArn })));
    const backend = backendFor(this.backends, before.backend, options);
    return transactWithBackend(this.db, async (tx, onRollback) => {
      const schedules = await scheduleStorage.byMonitor(tx, before.id);
      assertValid(schedules.flatMap((s) => checkMaxRuntime(before.type, config.maxRuntimeInSeconds, s.expression, 'input.maxRuntimeInSeconds')));
      const row = await storage.update(tx, before.id, { endpointName: endpointNameOf(config), config });
      const [active] = await baselineStorage.activeByMonitors(tx, [row.id]);
      await repointSchedules(tx, backend, row.id, toBackendMonitor(row, active ?? null), toBackendMonitor(before, active ?? null), onRollback);
      await recordAudit(tx, actor, { action: 'monitor.update', targetType: 'Monitor', targetId: row.id, before, after: row });
      return row;
    }, options);
  }

  /**
   * Moves the monitor to the other backend: its schedules are made there with the baseline in
   * force and removed where they were; baseline versions and executions stay as they are.
   */
  async move(actor: Actor, id: string, backend: Backend, options: ChangeOptions = {}): Promise<Monitor> {
    return moveMonitor(this.db, this.backends, actor, await this.get(actor.teamId, id), backend, options);
  }

  /** Deletes the monitor's schedules in the backend, then the monitor and its history. */
  async delete(actor: Actor, id: string, options: ChangeOptions = {}): Promise<{ id: string }> {
    const before = await this.get(actor.teamId, id);
    const backend = backendFor(this.backends, before.backend, options);
    return transactWithBackend(this.db, async (tx, onRollback) => {
      const schedules = await scheduleStorage.byMonitor(tx, before.id);
      const monitor = await loadBackendMonitor(tx, before);
      for (const s of schedules) await deleteInBackend(backend, monitor, s, onRollback);
      await storage.delete(tx, before.id);
      await recordAudit(tx, actor, { action: 'monitor.delete', targetType: 'Monitor', targetId: before.id, before });
      return { id: before.id };
    }, options);
  }
}
