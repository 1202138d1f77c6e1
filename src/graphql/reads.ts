// Where a GraphQL operation reads (README, "On paper, beyond one machine"). A query runs on
// the read services (Services.reads: the domains' managers and the loaders on
// DATABASE_READ_URL, a replica, when it is set); mutations and subscriptions stay on the
// primary, so a mutation reads inside its transaction and returns what it wrote, never a
// replica's older copy. The one place this is decided: resolvers only use ctx.services and
// ctx.loaders. Authentication ran before (on the primary), so a new or revoked key counts at once.
import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { createLoaders } from './loaders.js';
import type { GraphQLContext } from './context.js';

/** Points a query's context at the read services. */
export const readsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      // The context object here is the one execution receives (Apollo copies it before this).
      async didResolveOperation({ operation, contextValue }) {
        const { services, caller } = contextValue;
        if (operation?.operation !== OperationTypeNode.QUERY || services.reads === services) return;
        contextValue.services = services.reads;
        if (caller.kind === 'key') contextValue.loaders = createLoaders(services.reads.db, caller.teamId);
      },
    };
  },
};
