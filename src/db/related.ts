// Rows that a list read fetched in the same statement as its page, kept for the rest of
// the request: the request's loaders answer from them without another statement (see
// src/graphql/loaders.ts). A read fills only the relations it was asked to include.
import type { Execution, Monitor, Schedule, Violation } from '../generated/prisma/client.js';

export class Related {
  /** By monitor id: its newest schedule (null: it has none). */
  readonly latestScheduleByMonitor = new Map<string, Schedule | null>();
  /** By schedule id: its newest execution (null: none yet). */
  readonly lastExecutionBySchedule = new Map<string, Execution | null>();
  /** By execution id: its violations, by feature name and check type. */
  readonly violationsByExecution = new Map<string, Violation[]>();
  readonly monitor = new Map<string, Monitor | null>();
  readonly execution = new Map<string, Execution | null>();
  /**
   * Rows above that a read brought with some of their columns only (those the query
   * selects), and which: the loaders hand them only to fields those columns cover.
   */
  readonly partial = new WeakMap<object, ReadonlySet<string>>();
}

/** Columns of a related row a read needs (null: all of them). */
export type Needed = readonly string[] | null;

/** What a list read fetches beside its rows (`include`, its own flags) and where it puts them. */
export interface Prefetch<Include> {
  include: Include;
  into: Related;
  /** The columns of each kind of related row the query needs; absent or null: all. */
  columns?: { schedule?: Needed; execution?: Needed };
}
