// The only place that touches TrustedDocument rows: the documents a team registered, read
// by hash (a request naming one) and in pages (the list).
import { readCount, readRows, type Db, type Tx } from '../db/client.js';
import { Columns, countSql, pageOrder, pageWhere, SqlParams } from '../db/sql.js';
import { Prisma, type TrustedDocument } from '../generated/prisma/client.js';
import type { Page } from '../shared/pagination.js';

const COLUMNS = new Columns<TrustedDocument>(Prisma.TrustedDocumentScalarFieldEnum).sql;

/** TrustedDocument(teamId, hash) is unique. */
const BY_HASHES = `SELECT ${COLUMNS} FROM "TrustedDocument" x WHERE x."teamId" = $1::uuid AND x."hash" = ANY($2::text[])`;

const teamWhere = (p: SqlParams, teamId: string) => [`x."teamId" = ${p.add(teamId, '::uuid')}`];

export const trustedDocumentStorage = {
  /** The team's documents among these hashes (any order); unknown hashes are left out. */
  byHashes: (db: Db | Tx, teamId: string, hashes: readonly string[]): Promise<TrustedDocument[]> =>
    hashes.length === 0 ? Promise.resolve([]) : readRows<TrustedDocument>(db, BY_HASHES, [teamId, hashes]),
  /** Adds the documents not registered yet; returns the rows it added. */
  add: (tx: Tx, teamId: string, documents: ReadonlyArray<{ hash: string; body: string; name: string | null }>) =>
    tx.trustedDocument.createManyAndReturn({ data: documents.map((d) => ({ teamId, ...d })), skipDuplicates: true }),
  remove: (tx: Tx, ids: readonly string[]) => tx.trustedDocument.deleteMany({ where: { id: { in: [...ids] } } }),
  /** A keyset page of the team's documents, newest first: TrustedDocument(teamId, createdAt, id). */
  list: (db: Db, teamId: string, page: Page): Promise<TrustedDocument[]> => {
    const p = new SqlParams();
    return readRows<TrustedDocument>(db, `SELECT ${COLUMNS} FROM "TrustedDocument" x WHERE ${pageWhere(p, teamWhere(p, teamId), 'createdAt', page.after)} ${pageOrder(p, 'createdAt', page)}`, p.values);
  },
  count: (db: Db, teamId: string): Promise<number> => {
    const p = new SqlParams();
    return readCount(db, countSql('"TrustedDocument"', teamWhere(p, teamId)), p.values);
  },
};
