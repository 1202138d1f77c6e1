// Dry-run mutations answer with the requests they would have sent, in the response's
// extensions: `extensions.dryRun: [{ field, requests: [{ service, operation, input }] }]`.
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLResolveInfo } from 'graphql';
import { DryRunLog, type ChangeOptions } from '../backends/dry-run.js';
import type { GraphQLContext } from './context.js';

export interface DryRunEntry {
  field: string;
  log: DryRunLog;
}

/** The manager options for a mutation field: a fresh log when `dryRun` is true. */
export function changeOptions(ctx: GraphQLContext, info: GraphQLResolveInfo, dryRun: boolean | null | undefined): ChangeOptions {
  if (!dryRun) return {};
  const log = new DryRunLog();
  ctx.dryRuns.push({ field: String(info.path.key), log });
  return { dryRun: log };
}

export const dryRunPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        if (contextValue.dryRuns.length === 0 || response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        result.extensions = {
          ...result.extensions,
          dryRun: contextValue.dryRuns.map((d) => ({ field: d.field, requests: d.log.requests() })),
        };
      },
    };
  },
};
