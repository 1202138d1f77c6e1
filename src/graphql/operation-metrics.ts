// Per-operation observability: the Prometheus counters and latency of GraphQL operations,
// and one structured log line per operation. Once the operation is known, the request's
// logger (and so every resolver's ctx.log) carries operationName and operationType
// next to requestId and teamId.
import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, type GraphQLFormattedError } from 'graphql';
import type { GraphQLContext } from './context.js';
import { boundedLabel } from '../ops/labels.js';
import { metrics } from '../ops/metrics.js';

/**
 * Operation names are chosen by clients: at most 200 per process, and only an authenticated
 * request whose document named a valid operation may add one, so requests anyone can send
 * (no key, unparsable, refused) cannot crowd out the real names; theirs count as "other".
 */
const operationNames = boundedLabel(200);

export function operationLabel(name: string | null | undefined, mayAdd = false): string {
  return name ? operationNames(name, mayAdd) : 'anonymous';
}

/** "ok", or the code of the first error (what clients branch on). */
export function outcomeOf(errors: ReadonlyArray<Pick<GraphQLFormattedError, 'extensions'>> | undefined): string {
  const first = errors?.[0];
  if (!first) return 'ok';
  const code = first.extensions?.['code'];
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/**
 * Counts one operation (HTTP here; WebSocket ones in src/http/subscriptions.ts, without a latency).
 * `valid`: an authenticated caller's operation that resolved in a valid document (its name may be added).
 */
export function recordOperation(name: string | null | undefined, type: string, outcome: string, seconds?: number, valid = false): void {
  const operation = operationLabel(name, valid);
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
        const authenticated = contextValue.caller.kind === 'key' || contextValue.caller.kind === 'admin-token';
        recordOperation(name, type, outcome, seconds, authenticated && !!operation);
        if (request.http) counted.add(request.http);
        const log = operation ? contextValue.log : contextValue.log.child({ operationName: name ?? null, operationType: type });
        log.info({ outcome, durationMs: Math.round(seconds * 1000), status: response.http.status ?? 200 }, 'graphql operation');
      },
    };
  },
};
