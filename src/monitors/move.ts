// Moving a monitor to the other backend (SAGEMAKER ↔ BUILTIN). The monitor keeps its id,
// config, baseline versions and execution history; its schedules are made anew in the target
// backend with the baseline in force, then removed from the old one, in one transaction.
import type { Db } from '../db/client.js';
import { transactWithBackend } from '../db/transaction.js';
import { recordAudit } from '../storage/audit.js';
import type { Backends } from '../backends/types.js';
import { backendFor, type ChangeOptions } from '../backends/dry-run.js';
import { loadBackendMonitor } from '../storage/backend-inputs.js';
import { baselineStorage } from '../storage/baselines.js';
import type { Backend, Monitor } from '../generated/prisma/client.js';
import { moveSchedules } from '../schedules/move.js';
import { AppError, ErrorCode, assertValid, badInput, underField } from '../shared/errors.js';
import type { Actor } from '../kernel/caller.js';
import { tenancyStorage } from '../storage/tenancy.js';
import { loadTeamAwsSettings } from '../tenancy/aws-settings.js';
import { parseStoredConfig } from '../kernel/monitor-config.js';
import { checkMonitor } from '../kernel/rules/monitor.js';
import { monitorStorage as storage } from '../storage/monitors.js';
import { scheduleStorage } from '../storage/schedules.js';

/** Everything that refuses the move before a backend is called; nothing is changed. */
async function checkMove(db: Db, before: Monitor, target: Backend): Promise<void> {
  if (before.backend === target) {
    throw badInput('backend', `Monitor "${before.name}" is already on the ${target} backend: moveMonitor takes the other backend`);
  }
  const [unfinished] = await baselineStorage.unfinishedOf(db, before.id);
  if (unfinished) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `Baseline version ${unfinished.version} of monitor "${before.name}" is ${unfinished.status} on ${before.backend}: its job cannot move; wait until it finishes, then move`,
      { field: 'id', details: { baselineId: unfinished.id, baselineStatus: unfinished.status } },
    );
  }
  const team = await tenancyStorage.team(db, before.teamId);
  const config = parseStoredConfig(before.config);
  // The monitor's own fields: fix them with updateMonitor before moving.
  assertValid(underField('monitor', checkMonitor({ name: before.name, type: before.type, backend: target, config, teamExecutionRoleArn: team.awsExecutionRoleArn })));
  if (target === 'SAGEMAKER') await loadTeamAwsSettings(db, before.teamId);
}

export async function moveMonitor(db: Db, backends: Backends, actor: Actor, before: Monitor, target: Backend, options: ChangeOptions): Promise<Monitor> {
  await checkMove(db, before, target);
  const from = backendFor(backends, before.backend, options);
  const to = backendFor(backends, target, options);
  return transactWithBackend(db, async (tx, onRollback) => {
    const monitor = await loadBackendMonitor(tx, before);
    const schedules = await scheduleStorage.byMonitor(tx, before.id);
    const moved = await moveSchedules(tx, from, to, monitor, schedules, onRollback);
    const row = await storage.setBackend(tx, before.id, target);
    // from/to: before.backend and after.backend; the schedules' backend names and refs with them.
    await recordAudit(tx, actor, { action: 'monitor.move', targetType: 'Monitor', targetId: row.id, before: { ...before, schedules }, after: { ...row, schedules: moved } });
    return row;
  }, options);
}
