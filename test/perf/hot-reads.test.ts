// The hand-written hot reads: timestamps parsed exactly as pg parses them, every statement
// reported to onQuery (so sql-count and explain see them), and rows typed as Prisma's.
import pg from 'pg';
import { config } from '../../src/config.js';
import { createDb, readRows, readTuples, type Db } from '../../src/db/client.js';
import { parseTimestamptz } from '../../src/db/sql.js';
import { monitorStorage } from '../../src/storage/monitors.js';
import { decodeCursor, encodeCursor, toPage } from '../../src/shared/pagination.js';
import { seedTeamData } from '../../scripts/bench/seed.js';

const general = pg.types.getTypeParser(1184, 'text') as (text: string) => Date;
const fast = parseTimestamptz(general);

describe('parseTimestamptz', () => {
  it('agrees with pg on UTC output, every fraction length, and other forms', () => {
    const texts = ['2026-11-22 07:55:43+00', '2026-11-22 07:55:43.1+00', '2026-11-22 07:55:43.12+00', '2026-11-22 07:55:43.123+00',
      '2026-11-22 07:55:43.123456+00', '1999-12-31 23:59:59.999+00', '2026-11-22 07:55:43.5+05:30', '2026-11-22 07:55:43-08',
      '0050-01-01 00:00:00+00', '2026-02-28 12:00:00+00 BC', 'infinity', '-infinity'];
    for (let i = 0; i < 500; i++) texts.push(new Date(Date.UTC(1970 + (i % 90), i % 12, 1 + (i % 28), i % 24, (i * 7) % 60, (i * 13) % 60, (i * 37) % 1000)).toISOString().replace('T', ' ').replace('Z', '+00'));
    for (const t of texts) expect([t, fast(t)?.valueOf()]).toEqual([t, general(t)?.valueOf()]);
  });
});

describe('encodeCursor', () => {
  it('writes base64url JSON of [time, id] and reads back', () => {
    for (const [at, id] of [[new Date(0), '8c1f4a52-0b7e-4d7a-9a51-3f0c2b6e9d10'], [new Date('2026-12-03T07:55:43.120Z'), '12345']] as const) {
      const cursor = encodeCursor({ at, id });
      expect(cursor).toBe(Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url'));
      expect(decodeCursor(cursor, 'after', /^\d+$/.test(id) ? 'sequence' : 'uuid')).toEqual({ at, id });
    }
  });
});

describe('readRows', () => {
  let db: Db;
  let statements: Array<{ sql: string; params: string }> = [];
  let teamId: string;

  beforeAll(async () => {
    db = createDb({ url: config().DATABASE_URL, poolSize: 2, onQuery: (sql, params) => statements.push({ sql, params }) });
    const team = await db.team.create({ data: { slug: `hot-${Date.now().toString(36)}`, displayName: 'Hot' } });
    teamId = team.id;
    await seedTeamData(db, teamId, { monitors: 5, executionsPerSchedule: 2 });
  }, 60_000);

  afterAll(async () => {
    await db.$disconnect();
  });

  it('reports each statement to onQuery with its parameters', async () => {
    statements = [];
    const rows = await readRows<{ n: number }>(db, 'SELECT $1::int + 1 AS n', [41]);
    expect(rows).toEqual([{ n: 42 }]);
    expect(statements).toEqual([{ sql: 'SELECT $1::int + 1 AS n', params: '[41]' }]);
  });

  it('returns the rows Prisma returns, by pool and inside a transaction', async () => {
    const viaPrisma = await db.monitor.findMany({ where: { teamId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 3 });
    const page = toPage({ first: 2 });
    expect(await monitorStorage.list(db, teamId, {}, page)).toEqual(viaPrisma);
    const inTx = await db.$transaction((tx) => monitorStorage.get(tx, teamId, viaPrisma[0]!.id));
    expect(inTx).toEqual(viaPrisma[0]);
  });

  it('reads rows as arrays, by pool and inside a transaction alike', async () => {
    const sql = 'SELECT x."id", x."name", x."createdAt", x."config" FROM "Monitor" x WHERE x."teamId" = $1::uuid ORDER BY x."id"';
    const pooled = await readTuples(db, sql, [teamId]);
    expect(pooled.columns).toEqual(['id', 'name', 'createdAt', 'config']);
    expect(pooled.rows).toHaveLength(5);
    expect(pooled.rows[0]![2]).toBeInstanceOf(Date);
    expect(await db.$transaction((tx) => readTuples(tx, sql, [teamId]))).toEqual(pooled);
  });

  it('pages after a cursor with the same rows as Prisma', async () => {
    const all = await db.monitor.findMany({ where: { teamId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    const after = { at: all[1]!.createdAt, id: all[1]!.id };
    expect(await monitorStorage.list(db, teamId, {}, { take: 10, after })).toEqual(all.slice(2));
  });
});
