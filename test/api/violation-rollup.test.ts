// The hourly rollup of violations (ViolationHourly) behind coarse violationSummary reads:
// over HTTP, its answers equal the count of every violation for any range (sub-hour ends, a
// range inside one hour, ends on the hour) and each coarse grouping and filter; the rollup
// stays exact through syncs (a run synced twice counts once) and monitor deletes.
import type { TestGateway } from '../support/gateway.js';
import { NO_RATE_LIMIT, startGatewayWith } from '../hardening/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { seedTeamData } from '../../scripts/bench/seed.js';
import { executionStorage } from '../../src/storage/executions.js';
import { violationHourlyStorage } from '../../src/storage/violation-hourly.js';
import { violationSummaryStorage, type SummaryKey } from '../../src/storage/violation-summary.js';
import type { MonitorType } from '../../src/generated/prisma/client.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startGatewayWith(NO_RATE_LIMIT); // one team's key asks well over a hundred summaries in seconds
});
afterAll(() => env.stop());

const HOUR = 3_600_000;
const db = () => env.gateway.services.db;
const SUMMARY = `query($g: [ViolationGroupBy!]!, $f: ViolationSummaryFilter, $from: DateTime, $to: DateTime) {
  violationSummary(groupBy: $g, filter: $f, from: $from, to: $to) { groups { checkType monitorType bucket count } } }`;

interface Group { checkType: string | null; monitorType: string | null; bucket: string | null; count: number }
interface Filter { monitorType?: MonitorType; checkType?: string }

/** The team's violations with their monitor's type. */
async function violationsOf(teamId: string) {
  const rows = await db().violation.findMany({ where: { teamId }, select: { createdAt: true, checkType: true, monitor: { select: { type: true } } } });
  return rows.map((r) => ({ t: r.createdAt.getTime(), checkType: r.checkType, monitorType: r.monitor.type }));
}

/** The rollup's rows of the team that count something, as "hour type check" → count. */
async function rollupOf(teamId: string): Promise<Record<string, number>> {
  const rows = await db().violationHourly.findMany({ where: { teamId, count: { gt: 0 } } });
  return Object.fromEntries(rows.map((r) => [`${r.hour.toISOString()} ${r.monitorType} ${r.checkType}`, r.count]));
}

/** What the rollup must hold: the team's violations counted per hour, monitor type and check type. */
async function expectedRollup(teamId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of await violationsOf(teamId)) {
    const key = `${new Date(Math.floor(v.t / HOUR) * HOUR).toISOString()} ${v.monitorType} ${v.checkType}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** The groups counted in JS from the violations, sorted as a set (order is compared with the raw statement). */
function expectedGroups(violations: Awaited<ReturnType<typeof violationsOf>>, from: Date, to: Date, keys: SummaryKey[], f: Filter): Group[] {
  const groups = new Map<string, Group>();
  for (const v of violations) {
    if (v.t < from.getTime() || v.t >= to.getTime() || (f.monitorType && v.monitorType !== f.monitorType) || (f.checkType && v.checkType !== f.checkType)) continue;
    const day = new Date(v.t);
    day.setUTCHours(0, 0, 0, 0);
    const g: Group = {
      checkType: keys.includes('CHECK_TYPE') ? v.checkType : null,
      monitorType: keys.includes('MONITOR_TYPE') ? v.monitorType : null,
      bucket: keys.includes('HOUR') ? new Date(Math.floor(v.t / HOUR) * HOUR).toISOString() : keys.includes('DAY') ? day.toISOString() : null,
      count: 0,
    };
    const key = JSON.stringify([g.checkType, g.monitorType, g.bucket]);
    (groups.get(key) ?? groups.set(key, g).get(key)!).count++;
  }
  return sortGroups([...groups.values()]);
}
const sortGroups = (groups: Group[]) => [...groups].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** A small deterministic generator, so a failure can be replayed. */
function random(seedValue: number) {
  let s = seedValue;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

describe('violationSummary over the hourly rollup', () => {
  let team: TeamFixture;
  const now = new Date(Date.UTC(2026, 10, 10, 12, 0, 0));

  beforeAll(async () => {
    team = await seed(env).createTeam();
    await seedTeamData(db(), team.id, { monitors: 12, executionsPerSchedule: 60, violationsPerExecution: 4, now });
    // Spread the violations over their hours (the seed's land a few seconds apart), then recount the rollup.
    await db().$executeRawUnsafe(`UPDATE "Violation" SET "createdAt" = "createdAt" - (random() * 7200)::int * interval '1 second' - (random() * 1000)::int * interval '1 millisecond' WHERE "teamId" = $1::uuid`, team.id);
    await db().$transaction((tx) => violationHourlyStorage.rebuildTeam(tx, team.id));
  }, 120_000);

  it('a rebuilt rollup counts every violation of the team in its hour, type and check', async () => {
    expect(await rollupOf(team.id)).toEqual(await expectedRollup(team.id));
  });

  it('answers exactly as every violation is counted, for random ranges, each coarse grouping and filter', async () => {
    const violations = await violationsOf(team.id);
    const times = violations.map((v) => v.t).sort((a, b) => a - b);
    const [first, last] = [times[0]! - HOUR, times.at(-1)! + HOUR];
    const next = random(20261206);
    const at = () => first + Math.floor(next() * (last - first));
    const ranges: Array<[number, number]> = [
      [first, last],
      [Math.floor(first / HOUR) * HOUR, Math.ceil(last / HOUR) * HOUR], // both ends on the hour
      [times[10]!, times[300]!], // ends on violations: from counts, to does not
      [Math.floor(times[50]! / HOUR) * HOUR - 1, Math.floor(times[50]! / HOUR) * HOUR + 1], // across one boundary, no whole hour
      [Math.floor(times[80]! / HOUR) * HOUR, Math.floor(times[80]! / HOUR) * HOUR + HOUR], // exactly one hour
    ];
    for (let i = 0; i < 30; i++) {
      const [a, b] = [at(), at()].sort((x, y) => x - y);
      ranges.push([a!, b! + 1]);
      const inHour = Math.floor(a! / HOUR) * HOUR; // inside one hour
      ranges.push([inHour + Math.floor(next() * HOUR / 2), inHour + HOUR / 2 + Math.floor(next() * HOUR / 2)]);
    }
    const groupings: SummaryKey[][] = [['DAY'], ['HOUR'], ['CHECK_TYPE'], ['MONITOR_TYPE'], ['MONITOR_TYPE', 'CHECK_TYPE', 'HOUR'], ['DAY', 'CHECK_TYPE'], ['MONITOR_TYPE', 'DAY']];
    const filters: Filter[] = [{}, { monitorType: 'DATA_QUALITY' }, { checkType: 'data_type_check' }, { monitorType: 'MODEL_BIAS', checkType: 'baseline_drift_check' }];
    let compared = 0;
    let nonEmpty = 0;
    for (const [i, [a, b]] of ranges.entries()) {
      for (const j of [i, i + 3]) {
        const keys = groupings[j % groupings.length]!;
        const f = filters[(i + j) % filters.length]!;
        const [from, to] = [new Date(a), new Date(b)];
        const got = (await team.call(SUMMARY, { g: keys, f, from: from.toISOString(), to: to.toISOString() }))['violationSummary'].groups as Group[];
        const context = { from: from.toISOString(), to: to.toISOString(), keys, f };
        expect({ ...context, groups: sortGroups(got) }).toEqual({ ...context, groups: expectedGroups(violations, from, to, keys, f) });
        // In the order of the raw statement, too.
        const raw = await violationSummaryStorage.rawGroups(db(), { teamId: team.id, from, to, keys, ...f, take: 10_001 });
        expect({ ...context, groups: got }).toEqual({ ...context, groups: raw.map((r) => ({ checkType: r.checkType, monitorType: r.monitorType, bucket: r.bucket?.toISOString() ?? null, count: r.count })) });
        compared++;
        if (got.length > 0) nonEmpty++;
      }
    }
    expect(compared).toBe(ranges.length * 2);
    expect(nonEmpty).toBeGreaterThan(ranges.length);
  });

  it('reads whole hours from the rollup and the partial hours from the violations', async () => {
    const other = await seed(env).createTeam();
    await seedTeamData(db(), other.id, { monitors: 1, executionsPerSchedule: 2, violationsPerExecution: 1, now });
    const [v] = await violationsOf(other.id);
    const hour = Math.floor(v!.t / HOUR) * HOUR;
    // A rollup row the violations do not back: seen for a range covering its whole hour only.
    await db().violationHourly.create({ data: { teamId: other.id, hour: new Date(hour), monitorType: 'MODEL_QUALITY', checkType: 'planted', count: 5 } });
    const count = async (from: number, to: number) => {
      const groups = (await other.call(SUMMARY, { g: ['CHECK_TYPE'], from: new Date(from).toISOString(), to: new Date(to).toISOString() }))['violationSummary'].groups as Group[];
      return groups.find((g) => g.checkType === 'planted')?.count ?? 0;
    };
    expect(await count(hour, hour + HOUR)).toBe(5);
    expect(await count(hour - HOUR, hour + 2 * HOUR)).toBe(5);
    expect(await count(hour + 1, hour + 2 * HOUR)).toBe(0);
    expect(await count(hour, hour + HOUR - 1)).toBe(0);
    // A filter the rollup cannot answer counts the violations.
    const byMonitor = await other.call(SUMMARY, { g: ['MONITOR'], from: new Date(hour).toISOString(), to: new Date(hour + HOUR).toISOString() });
    expect(byMonitor['violationSummary'].groups).toEqual([expect.objectContaining({ count: 1 })]);
  });
});

describe('the rollup kept by the sync and by monitor deletes', () => {
  const violation = (featureName: string, checkType: string) => ({ featureName, checkType, description: `${checkType} on ${featureName}` });

  it('counts a synced run once, even synced again or inserted again, and uncounts a deleted monitor', async () => {
    const team = await seed(env).createTeam();
    const a = await team.createMonitor('DATA_QUALITY');
    const b = await team.createMonitor('MODEL_QUALITY');
    const sa = await team.createSchedule(a.id, { kind: 'HOURLY' });
    const sb = await team.createSchedule(b.id, { kind: 'HOURLY' });
    const report = { violations: [violation('age', 'completeness_check'), violation('plan', 'completeness_check'), violation('age', 'data_type_check')], statistics: null };
    for (const [i, s] of [sa, sb].entries()) {
      env.backends.BUILTIN.putExecution(s.name, {
        executionId: `${s.name}-1`, status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: new Date(Date.now() - (i + 1) * HOUR), startedAt: null, endedAt: new Date(), failureReason: null, reportUri: `s3://r/${s.name}/`,
      }, report);
      await env.gateway.services.executions.syncSchedule(team.id, s.id);
      await env.gateway.services.executions.syncSchedule(team.id, s.id);
    }
    // The same violations inserted again (skipped as duplicates) are not counted again.
    const execution = await db().execution.findFirstOrThrow({ where: { monitorId: a.id } });
    const stored = await db().violation.findMany({ where: { executionId: execution.id } });
    expect(stored).toHaveLength(3);
    const again = await db().$transaction((tx) => executionStorage.addNewViolations(tx, { teamId: team.id, monitorId: a.id, executionId: execution.id }, 'DATA_QUALITY', stored));
    expect(again).toEqual([]);

    const rollup = await rollupOf(team.id);
    expect(Object.values(rollup).reduce((x, y) => x + y, 0)).toBe(6);
    expect(rollup).toEqual(await expectedRollup(team.id));
    const byType = async () => (await team.call(SUMMARY, { g: ['MONITOR_TYPE', 'CHECK_TYPE'] }))['violationSummary'].groups as Group[];
    expect(await byType()).toEqual([
      { checkType: 'completeness_check', monitorType: 'DATA_QUALITY', bucket: null, count: 2 },
      { checkType: 'completeness_check', monitorType: 'MODEL_QUALITY', bucket: null, count: 2 },
      { checkType: 'data_type_check', monitorType: 'DATA_QUALITY', bucket: null, count: 1 },
      { checkType: 'data_type_check', monitorType: 'MODEL_QUALITY', bucket: null, count: 1 },
    ]);

    await team.call(`mutation($id: ID!) { deleteMonitor(id: $id) { id } }`, { id: a.id });
    expect(await rollupOf(team.id)).toEqual(await expectedRollup(team.id));
    expect(Object.keys(await rollupOf(team.id))).toHaveLength(2);
    expect(await byType()).toEqual([
      { checkType: 'completeness_check', monitorType: 'MODEL_QUALITY', bucket: null, count: 2 },
      { checkType: 'data_type_check', monitorType: 'MODEL_QUALITY', bucket: null, count: 1 },
    ]);
  });
});
