// A database transaction that also calls a backend. If anything fails after a backend
// call succeeded (a later call, a constraint, the commit itself), the registered
// compensations undo the backend side, newest first, so no orphan is left there.
import type { Db } from './client.js';
import type { Tx } from './client.js';
import { logger } from '../shared/logger.js';

export type OnRollback = (undo: () => Promise<void>) => void;

/** Thrown to roll back a dry run's transaction, carrying what it would have returned. */
class DryRunRollback<T> extends Error {
  constructor(readonly value: T) {
    super('dry run: rolled back');
  }
}

export async function transactWithBackend<T>(
  db: Db,
  work: (tx: Tx, onRollback: OnRollback) => Promise<T>,
  options: { dryRun?: object | undefined } = {},
): Promise<T> {
  const undo: Array<() => Promise<void>> = [];
  try {
    // Backend calls retry with backoff, so the transaction may stay open for a while.
    return await db.$transaction(
      async (tx) => {
        const value = await work(tx, (fn) => undo.push(fn));
        if (options.dryRun) throw new DryRunRollback(value);
        return value;
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
  } catch (error) {
    // A dry run sent nothing (its backend is a recording twin): nothing to undo.
    if (error instanceof DryRunRollback) return error.value as T;
    for (const fn of undo.reverse()) {
      try {
        await fn();
      } catch (undoError) {
        // Left for the reconcile job; the original error is what the caller sees.
        logger().error({ err: undoError }, 'compensation after a failed change did not complete');
      }
    }
    throw error;
  }
}
