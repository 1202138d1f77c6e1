// Reads of the SageMaker import (src/imports): which SageMaker names the gateway already
// manages, and which monitor and schedule names a team already uses.
import type { Db, Tx } from '../db/client.js';

export const importStorage = {
  /**
   * SageMaker schedule names among `names` the gateway already manages (a SAGEMAKER monitor's
   * schedule whose backend name, or name when it has none, is one of them), with the owning team;
   * other teams' only in `region` (schedule names are unique per account and region).
   */
  managedNames: async (db: Db | Tx, teamId: string, region: string, names: readonly string[]): Promise<Map<string, string>> => {
    if (names.length === 0) return new Map();
    const rows = await db.schedule.findMany({
      where: {
        OR: [{ backendName: { in: [...names] } }, { backendName: null, name: { in: [...names] } }],
        monitor: { backend: 'SAGEMAKER' },
        team: { OR: [{ id: teamId }, { awsRegion: region }] },
      },
      select: { teamId: true, name: true, backendName: true },
    });
    const out = new Map<string, string>();
    // The team's own schedule wins over another team's of the same name.
    for (const r of rows) if (!out.has(r.backendName ?? r.name) || r.teamId === teamId) out.set(r.backendName ?? r.name, r.teamId);
    return out;
  },
  /** Which of `names` the team's monitors or schedules already use. */
  takenNames: async (db: Db | Tx, teamId: string, names: readonly string[]): Promise<Set<string>> => {
    if (names.length === 0) return new Set();
    const [monitors, schedules] = await Promise.all([
      db.monitor.findMany({ where: { teamId, name: { in: [...names] } }, select: { name: true } }),
      db.schedule.findMany({ where: { teamId, name: { in: [...names] } }, select: { name: true } }),
    ]);
    return new Set([...monitors, ...schedules].map((r) => r.name));
  },
};
