// Per-operation observability: the Prometheus counters and latency of GraphQL operations,
// and one structured log line per operation. Once the operation is known, the request's
// logger (and so every resolver's ctx.log) carries operationName and operationType
// next to requestId and teamId.
import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, type GraphQLFormattedError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { metrics } from './metrics.js';

/** Operation names are chosen by clients: past this many distinct ones, new names count as "other". */
const MAX_OPERATION_NAMES = 200;
const known = new Set<string>();

export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (known.has(name)) return name;
  if (known.size >= MAX_OPERATION_NAMES) return 'other';
  known.add(name);
  return name;
}

/** "ok", or the code of the first error (what clients branch on). */
export function outcomeOf(errors: ReadonlyArray<Pick<GraphQLFormattedError, 'extensions'>> | undefined): string {
  const first = errors?.[0];
  if (!first) return 'ok';
  const code = first.extensions?.['code'];
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/** Counts one operation (HTTP here; WebSocket ones in src/http/subscriptions.ts, without a latency). */
export function recordOperation(name: string | null | undefined, type: string, outcome: string, seconds?: number): void {
  const operation = operationLabel(name);
  metrics.graphqlOperations.inc({ operation, type, outcome });
  if (seconds !== undefined) metrics.graphqlDuration.observe({ operation, type }, seconds);
}

/** HTTP requests this plugin counted (Apollo answers some refusals without calling plugins). */
const counted = new WeakSet<object>();
export const wasCounted = (httpRequest: object): boolean => counted.has(httpRequest);

export const operationsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart({ contextValue }) {
    const started = process.hrtime.bigint();
    return {
      async didResolveOperation({ operation, operationName }) {
        contextValue.log = contextValue.log.child({ operationName: operationName ?? null, operationType: operation?.operation ?? null });
      },
      async willSendResponse({ response, request, document, operation, operationName }) {
        const body = response.body;
        const outcome = outcomeOf(body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // A document that parsed but failed validation still names its operation.
        const op = operation ?? (document ? getOperationAST(document, request.operationName) : null);
        const name = operationName ?? op?.name?.value ?? request.operationName;
        const type = op?.operation ?? 'unknown';
        recordOperation(name, type, outcome, seconds);
        if (request.http) counted.add(request.http);
        const log = operation ? contextValue.log : contextValue.log.child({ operationName: name ?? null, operationType: type });
        log.info({ outcome, durationMs: Math.round(seconds * 1000), status: response.http.status ?? 200 }, 'graphql operation');
      },
    };
  },
};
