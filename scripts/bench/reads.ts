// Ad-hoc (not part of bench:api): CPU and wall time of the monitors page's four reads through the Prisma
// client, through Prisma $queryRaw and through plain pg. NODE_ENV=production npx tsx scripts/bench/reads.ts
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, migrateDatabase, dropDatabase } from '../../src/db/admin.js';
import { createDb } from '../../src/db/client.js';
import { seedTeamData } from './seed.js';
import { monitorStorage } from '../../src/storage/monitors.js';
import { scheduleStorage } from '../../src/storage/schedules.js';
import { executionStorage } from '../../src/storage/executions.js';
import { toPage } from '../../src/shared/pagination.js';
const url = `postgresql://postgres@127.0.0.1:5432/mmg_probe_${randomBytes(3).toString('hex')}`;
await createDatabase(url); await migrateDatabase(url);
const db = createDb({ url, poolSize: 4 });
try {
  const team = await db.team.create({ data: { slug: 'p', displayName: 'p' } });
  await seedTeamData(db, team.id, { monitors: 1000, executionsPerSchedule: 20 });
  const page = toPage({ first: 50 });
  async function viaPrisma() {
    const ms = await monitorStorage.list(db, team.id, {}, page);
    const ss = await scheduleStorage.latestByMonitors(db, team.id, ms.slice(0, 50).map((m) => m.id));
    const es = await executionStorage.latestBySchedules(db, team.id, ss.map((s) => s.id));
    return executionStorage.violationsByExecutions(db, team.id, es.map((e) => e.id));
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  async function viaPg() {
    const ms = (await pool.query('SELECT * FROM "Monitor" WHERE "teamId" = $1 ORDER BY "createdAt" DESC, id DESC LIMIT 51', [team.id])).rows;
    const ss = (await pool.query('SELECT s.* FROM unnest($2::uuid[]) m(id) CROSS JOIN LATERAL (SELECT * FROM "Schedule" x WHERE x."teamId" = $1 AND x."monitorId" = m.id ORDER BY "createdAt" DESC, id DESC LIMIT 1) s', [team.id, ms.slice(0, 50).map((m) => m.id)])).rows;
    const es = (await pool.query('SELECT e.* FROM unnest($2::uuid[]) s(id) CROSS JOIN LATERAL (SELECT * FROM "Execution" x WHERE x."teamId" = $1 AND x."scheduleId" = s.id ORDER BY "scheduledTime" DESC, id DESC LIMIT 1) e', [team.id, ss.map((s) => s.id)])).rows;
    return (await pool.query('SELECT * FROM "Violation" WHERE "teamId" = $1 AND "executionId" = ANY($2::uuid[]) ORDER BY "featureName", "checkType"', [team.id, es.map((e) => e.id)])).rows;
  }
  async function viaPrismaRaw() {
    const ms = await db.$queryRaw<any[]>`SELECT * FROM "Monitor" WHERE "teamId" = ${team.id}::uuid ORDER BY "createdAt" DESC, id DESC LIMIT 51`;
    const ss = await scheduleStorage.latestByMonitors(db, team.id, ms.slice(0, 50).map((m) => m.id));
    const es = await executionStorage.latestBySchedules(db, team.id, ss.map((s) => s.id));
    return db.$queryRaw<any[]>`SELECT * FROM "Violation" WHERE "teamId" = ${team.id}::uuid AND "executionId" = ANY(${es.map((e) => e.id)}::uuid[]) ORDER BY "featureName", "checkType"`;
  }
  for (const [name, fn] of [['prisma', viaPrisma], ['pg', viaPg], ['prismaRaw', viaPrismaRaw], ['prisma', viaPrisma], ['pg', viaPg], ['prismaRaw', viaPrismaRaw]] as const) {
    for (let i = 0; i < 50; i++) await fn();
    const c0 = process.cpuUsage(); const t0 = performance.now();
    for (let i = 0; i < 300; i++) await fn();
    const c = process.cpuUsage(c0); const t = performance.now() - t0;
    console.log(name, 'cpu ms/iter', ((c.user + c.system) / 1000 / 300).toFixed(2), 'wall ms/iter', (t / 300).toFixed(2));
  }
  await pool.end();
} finally {
  await db.$disconnect(); await dropDatabase(url);
}
