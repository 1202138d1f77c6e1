// The one place a PrismaClient is made: the Rust-free client over the pg driver adapter.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;

export interface DbOptions {
  url: string;
  /** Connections of this process (DATABASE_POOL_SIZE); see the README's performance section for sizing. */
  poolSize: number;
  /**
   * Called for every SQL statement, with its parameters as Prisma logs them (a JSON array
   * as text); used by tests and benches that count or EXPLAIN statements.
   */
  onQuery?: (sql: string, params: string) => void;
}

export function createDb(options: DbOptions): Db {
  const adapter = new PrismaPg({ connectionString: options.url, max: options.poolSize });
  if (!options.onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  const onQuery = options.onQuery;
  client.$on('query', (e) => onQuery(e.query, e.params));
  return client;
}
