// The one place a PrismaClient is made: the Rust-free client over the pg driver adapter,
// on a pg Pool that the SQL reads (readRows) share, so a process has one pool.
//
// How storage modules (src/storage/) talk to the database, one way per kind of statement:
// - Writes go through Prisma (create, update, upsert, …Many, …AndReturn), inside the
//   caller's Tx when they belong to a change; the rows a write returns come with it.
// - Reads: each table has one read style, listed under "Reads" in src/README.md (with the
//   module that reads it; test/architecture/reads.test.ts holds src/ to it). A table read
//   with SQL is read only by that module's readRows/readTuples statements, selecting whole
//   rows through its `Columns` list (db/sql.ts) and paging with pageWhere/pageOrder; a
//   table read with Prisma only by Prisma queries (no include or relation filter reaching
//   a SQL-read table).
// - SQL that Prisma cannot express: statements that return rows through readRows (also
//   the one write that must return what it changed, an UPDATE … RETURNING); writes that
//   return nothing through a `$executeRaw` tagged template (GREATEST, INSERT … SELECT),
//   only where no Prisma call does the same in one statement. `$queryRaw` is not used.
// - Numbers that must keep every bit (baseline documents and the engine's snapshots of
//   them, metric points): as text, JSON cast to jsonb (jsonText in ./sql.ts) or text cast
//   to float8, since Prisma's query compiler rounds some floats of a Json value or a number
//   parameter (of $executeRaw, and of readRows inside a transaction, too) one ulp off.
// A gateway may have a second client on DATABASE_READ_URL, for queries' reads (src/README.md, Reads).
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client.js';
import { parseTimestamptz } from './sql.js';

export type Db = PrismaClient;
/** A Prisma interactive transaction: every write of one change goes through one. */
export type Tx = Prisma.TransactionClient;

export interface DbOptions {
  url: string;
  /** Connections of this process (DATABASE_POOL_SIZE); see the README's performance section for sizing. */
  poolSize: number;
  /**
   * Called for every SQL statement, with its parameters as a JSON array (as Prisma logs
   * them); readRows statements included. Used by tests and benches that count or EXPLAIN.
   */
  onQuery?: (sql: string, params: string) => void;
}

interface RawReads {
  pool: pg.Pool;
  onQuery: ((sql: string, params: string) => void) | undefined;
}

/** The pool and query hook behind each client made by createDb. */
const rawReads = new WeakMap<object, RawReads>();

export function createDb(options: DbOptions): Db {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize });
  // $disconnect ends the pool (and so stops readRows too).
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const onQuery = options.onQuery;
  if (!onQuery) return registered(new PrismaClient({ adapter }), pool, undefined);
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (e) => onQuery(e.query, e.params));
  return registered(client, pool, onQuery);
}

function registered<C extends object>(client: C, pool: pg.Pool, onQuery: RawReads['onQuery']): C {
  rawReads.set(client, { pool, onQuery });
  return client;
}

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

/** pg's parsers, but timestamptz through the fast one (see parseTimestamptz), and bigint as a BigInt (as Prisma reads it). */
const timestamptzParser = parseTimestamptz(pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date);
const hotTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) => {
    if (format === 'binary') return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
    if (oid === TIMESTAMPTZ_OID) return timestamptzParser;
    if (oid === INT8_OID) return BigInt;
    return pg.types.getTypeParser(oid, 'text') as (value: string) => unknown;
  },
} satisfies pg.CustomTypesConfig;

/** Prepared statement names by SQL text: a name always means the same text, in every connection. */
const statementNames = new Map<string, string>();
/** Texts are fixed per query shape, so this is never reached; past it, statements go unnamed. */
const MAX_NAMED_STATEMENTS = 500;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_NAMED_STATEMENTS) statementNames.set(text, (name = `hot_${statementNames.size}`));
  return name;
}

/**
 * A read as hand-written SQL (`$1`… placeholders, enums cast to text so rows are typed as
 * Prisma returns them). On a client from createDb it
 * runs as a named prepared statement on the shared pool: PostgreSQL parses and plans it
 * once per connection, and Prisma's per-statement query compilation is skipped. Inside a
 * transaction (or on any other client) it runs through $queryRawUnsafe. Either way it
 * is reported to `onQuery`.
 */
export async function readRows<T>(db: Db | Prisma.TransactionClient, text: string, values: readonly unknown[]): Promise<T[]> {
  const raw = rawReads.get(db);
  if (!raw) return db.$queryRawUnsafe<T[]>(text, ...values);
  const result = await hotQuery<T & pg.QueryResultRow>(raw, text, values, 'object');
  return result.rows;
}

/** The number a countSql statement (db/sql.ts) returns. */
export async function readCount(db: Db | Prisma.TransactionClient, text: string, values: readonly unknown[]): Promise<number> {
  const [row] = await readRows<{ count: number }>(db, text, values);
  return row?.count ?? 0;
}

/** A read's rows as arrays of column values, and the column names once (see Columns.reader). */
export interface Tuples {
  columns: string[];
  rows: unknown[][];
}

/**
 * readRows for wide reads (a row with related rows beside it as prefixed columns): pg
 * hands each row over as an array, so no object is built per row only to be taken apart.
 */
export async function readTuples(db: Db | Prisma.TransactionClient, text: string, values: readonly unknown[]): Promise<Tuples> {
  const raw = rawReads.get(db);
  if (!raw) {
    const rows = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(text, ...values);
    const columns = rows[0] ? Object.keys(rows[0]) : [];
    return { columns, rows: rows.map((row) => columns.map((c) => row[c])) };
  }
  const result = await hotQuery<unknown[]>(raw, text, values, 'array');
  return { columns: result.fields.map((f) => f.name), rows: result.rows };
}

function hotQuery<R extends pg.QueryResultRow>(raw: RawReads, text: string, values: readonly unknown[], rowMode: 'object' | 'array'): Promise<pg.QueryResult<R>> {
  raw.onQuery?.(text, JSON.stringify(values));
  const name = statementName(text);
  return raw.pool.query<R>({ ...(name ? { name } : {}), text, values: [...values], types: hotTypes, ...(rowMode === 'array' ? { rowMode } : {}) });
}
