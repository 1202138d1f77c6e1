// A database snapshot of one team: for every table with a teamId (and the team's own
// row), its row count and an md5 of its rows. Columns that change without any
// mutation (key use, sync bookkeeping) are left out.
import type { Db } from '../../src/db/client.js';

const VOLATILE = /^(lastUsedAt|.*[pP]oll.*|.*[lL]ease.*|.*[sS]ync.*)$/;

export async function teamSnapshot(db: Db, teamId: string): Promise<Record<string, { rows: number; md5: string | null }>> {
  const columns = await db.$queryRawUnsafe<Array<{ table_name: string; column_name: string }>>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, string[]>();
  for (const c of columns) tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c.column_name]);
  const out: Record<string, { rows: number; md5: string | null }> = {};
  for (const [table, cols] of tables) {
    const key = table === 'Team' ? 'id' : cols.includes('teamId') ? 'teamId' : null;
    if (!key) continue;
    const kept = cols.filter((c) => !VOLATILE.test(c)).map((c) => `"${c}"`).join(', ');
    const [r] = await db.$queryRawUnsafe<Array<{ rows: bigint; md5: string | null }>>(
      `SELECT count(*) AS rows, md5(string_agg(row_text, '|' ORDER BY row_text)) AS md5
         FROM (SELECT (ROW(${kept}))::text AS row_text FROM "${table}" WHERE "${key}"::text = $1) t`, teamId,
    );
    out[table] = { rows: Number(r?.rows ?? 0), md5: r?.md5 ?? null };
  }
  return out;
}
