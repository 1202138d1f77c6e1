// What every resolver receives. Resolvers stay thin: authorize via `actor`, call a
// manager from `services`, shape the result.
import type { Role } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import type { Logger } from '../shared/logger.js';
import { requireTeamActor, type Actor, type Caller } from '../kernel/caller.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { DryRunEntry } from './dry-run.js';
import { NO_TICKET, type Ticket } from './admission.js';

export interface GraphQLContext {
  requestId: string;
  caller: Caller;
  /** The primary's services; a query's are the read services (./reads.ts). */
  services: Services;
  log: Logger;
  /** The caller as an actor of its team with at least `needed`, or UNAUTHENTICATED / FORBIDDEN. */
  actor(needed: Role, action: string): Actor;
  /** Team-scoped loaders, on the database of `services`; using them without an API key is UNAUTHENTICATED. */
  loaders: Loaders;
  /** Dry-run mutations of this request and what they would have sent. */
  readonly dryRuns: DryRunEntry[];
  /** This request's slot among the queries a process executes at once (./admission.ts). */
  readonly admission: Ticket;
}

/** Stands in for loaders when there is no team: any use refuses like `actor` would. */
function noTeamLoaders(caller: Caller, requestId: string): Loaders {
  return new Proxy({} as Loaders, {
    get: (_target, prop) => {
      if (typeof prop === 'symbol' || prop === 'then' || prop === 'toJSON') return undefined;
      return requireTeamActor(caller, requestId, 'VIEWER', 'Reading');
    },
  });
}

export function createContext(services: Services, caller: Caller, requestId: string, log: Logger, admission: Ticket = NO_TICKET): GraphQLContext {
  // Apollo copies the context object, so loaders are a plain property, made up front.
  const loaders = caller.kind === 'key' ? createLoaders(services.db, caller.teamId) : noTeamLoaders(caller, requestId);
  return {
    requestId,
    caller,
    services,
    log,
    actor: (needed, action) => requireTeamActor(caller, requestId, needed, action),
    loaders,
    dryRuns: [],
    admission,
  };
}
