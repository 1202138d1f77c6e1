// Admission control for GraphQL over HTTP. A request's execution allocates its whole
// result tree; when many requests wait on the database at once, those trees outlive V8's
// young-generation collections, get copied and promoted, and garbage collection becomes
// the cost of a busy process (measured: bench:api, README's Performance section). So at
// most QUERY_CONCURRENCY requests of a process are inside Apollo at once; the others wait
// their turn, in arrival order, once their body is read (a slow sender holds no slot). A
// request that turns out to be a mutation (it may call AWS for seconds) gives its slot back
// as soon as Apollo knows the operation, so slow mutations never hold up queries; WebSocket
// subscriptions never wait.
import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { GraphQLContext } from './context.js';

/** A held slot. Release is idempotent: the first call gives the slot back, later ones do nothing. */
export interface Ticket {
  release(): void;
}

/** No slot at all (WebSocket operations, tests): release does nothing. */
export const NO_TICKET: Ticket = { release: () => {} };

/** A counting semaphore whose waiters are served first come, first served. */
export class Slots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(size: number) {
    this.#free = size;
  }

  /** A ticket once a slot is free. Should not throw. */
  async acquire(): Promise<Ticket> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        const next = this.#waiting.shift();
        if (next) next(); // the slot passes straight to the longest waiter
        else this.#free++;
      },
    };
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }
}

/** Gives the slot of a non-query operation back once the operation is known. */
export const admissionPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation !== OperationTypeNode.QUERY) contextValue.admission.release();
      },
    };
  },
};
