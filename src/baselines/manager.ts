// Business rules for baselines: versioned per monitor; edits add a version.
import { isDeepStrictEqual } from 'node:util';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { transactWithBackend } from '../db/transaction.js';
import { recordAudit } from '../storage/audit.js';
import type { Backends } from '../backends/types.js';
import { backendFor, type ChangeOptions } from '../backends/dry-run.js';
import { toBackendMonitor } from '../storage/backend-inputs.js';
import type { EditBaselineConstraintsInput, RequestBaselineInput } from '../generated/graphql.js';
import type { Baseline, Prisma } from '../generated/prisma/client.js';
import { monitorStorage } from '../storage/monitors.js';
import { metrics } from '../ops/metrics.js';
import { logger, type Logger } from '../shared/logger.js';
import { assertValid, conflict, notFound } from '../shared/errors.js';
import { requireId } from '../shared/ids.js';
import { pagedConnection, toPage, type PageArgs } from '../shared/pagination.js';
import type { Actor } from '../kernel/caller.js';
import { parseStoredConfig } from '../kernel/monitor-config.js';
import { checkBaselineRequest, checkConstraintsDocument, modelQualityAttributes } from './rules.js';
import { repointSchedules } from '../schedules/repoint.js';
import { baselineStorage as storage } from '../storage/baselines.js';

const json = (v: unknown) => v as Prisma.InputJsonValue;

export class BaselineManager {
  constructor(private readonly db: Db, private readonly backends: Backends, private readonly log: Logger = logger()) {}

  async get(teamId: string, id: string): Promise<Baseline> {
    const row = await storage.get(this.db, teamId, requireId('Baseline', id));
    if (!row) throw notFound('Baseline', id);
    return row;
  }

  async list(teamId: string, monitorId: string, args: PageArgs) {
    const page = toPage(args);
    return pagedConnection(args, page, storage.list(this.db, teamId, monitorId, page), () => storage.count(this.db, teamId, monitorId), (b) => b.createdAt);
  }

  async request(actor: Actor, input: RequestBaselineInput, options: ChangeOptions = {}): Promise<Baseline> {
    const monitor = await monitorStorage.get(this.db, actor.teamId, requireId('Monitor', input.monitorId));
    if (!monitor) throw notFound('Monitor', input.monitorId);
    assertValid(checkBaselineRequest({ ...input, allowFile: monitor.backend === 'BUILTIN' }, { type: monitor.type, backend: monitor.backend, config: parseStoredConfig(monitor.config) }));
    const backend = backendFor(this.backends, monitor.backend, options);
    try {
      return await transactWithBackend(this.db, async (tx) => {
        const version = await storage.nextVersion(tx, monitor.id);
        const created = await storage.create(tx, {
          teamId: actor.teamId, monitorId: monitor.id, version, source: 'SUGGESTED', status: 'PENDING',
          datasetUri: input.datasetUri, datasetFormat: json(input.datasetFormat),
        });
        const { jobRef } = await backend.suggestBaseline(toBackendMonitor(monitor, null), {
          baselineId: created.id, version, datasetUri: input.datasetUri, datasetFormat: input.datasetFormat, columnNames: input.columnNames ?? null,
          ...modelQualityAttributes(input),
        });
        const row = await storage.update(tx, created.id, { backendJobRef: jobRef, status: 'IN_PROGRESS' });
        await recordAudit(tx, actor, { action: 'baseline.request', targetType: 'Baseline', targetId: row.id, after: row });
        return row;
      }, options);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('Another baseline of this monitor was requested at the same moment; retry');
      throw error;
    }
  }

  async editConstraints(actor: Actor, input: EditBaselineConstraintsInput): Promise<Baseline> {
    const parent = await this.get(actor.teamId, input.baselineId);
    if (parent.status !== 'COMPLETED') {
      throw conflict(`Baseline version ${parent.version} is ${parent.status}; only a COMPLETED baseline's constraints can be edited`, 'input.baselineId');
    }
    assertValid(checkConstraintsDocument(input.constraints));
    const monitor = await monitorStorage.get(this.db, actor.teamId, parent.monitorId);
    if (!monitor) throw notFound('Monitor', parent.monitorId);
    const backend = this.backends[monitor.backend];
    try {
      return await transactWithBackend(this.db, async (tx, onRollback) => {
        const [previous] = await storage.activeByMonitors(tx, [monitor.id]);
        const version = await storage.nextVersion(tx, parent.monitorId);
        const row = await storage.create(tx, {
          teamId: actor.teamId, monitorId: parent.monitorId, version, source: 'EDITED', status: 'COMPLETED',
          datasetUri: parent.datasetUri, datasetFormat: json(parent.datasetFormat), parentId: parent.id,
          ...(parent.statistics !== null ? { statistics: json(parent.statistics) } : {}),
          constraints: json(input.constraints),
        });
        // The edited constraints are the ones in force from now on.
        await repointSchedules(tx, backend, monitor.id, toBackendMonitor(monitor, row), toBackendMonitor(monitor, previous ?? null), onRollback);
        await recordAudit(tx, actor, { action: 'baseline.editConstraints', targetType: 'Baseline', targetId: row.id, before: parent, after: row });
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('Another baseline of this monitor was added at the same moment; retry');
      throw error;
    }
  }

  /**
   * Brings a baseline's status and results up to date with its backend job. Called by
   * the worker (and tests); not a user change, so it writes no audit event.
   */
  async sync(teamId: string, id: string): Promise<Baseline> {
    const row = await this.get(teamId, id);
    if (row.status === 'COMPLETED' || row.status === 'FAILED' || !row.backendJobRef) return row;
    const monitor = await monitorStorage.get(this.db, teamId, row.monitorId);
    if (!monitor) throw notFound('Monitor', row.monitorId);
    const backend = this.backends[monitor.backend];
    const state = await backend.describeBaseline(toBackendMonitor(monitor, null), row.backendJobRef);
    switch (state.status) {
      case 'PENDING':
      case 'IN_PROGRESS': {
        // Written only when status or progress changed: polling an idle job writes nothing.
        const progress = state.progress ?? null;
        if (state.status === row.status && isDeepStrictEqual(progress, row.progress)) return row;
        return storage.update(this.db, row.id, { status: state.status, progress });
      }
      case 'COMPLETED':
        // A newer completed version becomes the baseline in force: schedules are repointed in
        // the same transaction, so a failure leaves the baseline unfinished and the next sync retries.
        return transactWithBackend(this.db, async (tx, onRollback) => {
          const [previous] = await storage.activeByMonitors(tx, [monitor.id]);
          const done = await storage.update(tx, row.id, { status: 'COMPLETED', statistics: json(state.statistics), constraints: json(state.constraints), progress: null });
          if (!previous || previous.version < done.version) {
            await repointSchedules(tx, backend, monitor.id, toBackendMonitor(monitor, done), toBackendMonitor(monitor, previous ?? null), onRollback);
          }
          return done;
        });
      case 'FAILED': {
        // Counted and logged by the sync that made the change (concurrent polls make it once).
        const failed = await storage.fail(this.db, row.id, state.failureReason);
        if (!failed) return this.get(teamId, id);
        metrics.baselineFailures.inc({ backend: monitor.backend });
        this.log.warn({ teamId, baselineId: id, monitorId: monitor.id, backend: monitor.backend, failureReason: state.failureReason }, 'baseline failed');
        return failed;
      }
    }
  }
}
