// Query execution compiled by graphql-jit, plugged into Apollo Server through its gateway
// interface (Apollo Server 4+ has no other executor option). Apollo still parses, validates
// (the query limits included) and runs every plugin; only execution changes: each operation
// seen twice is compiled once into JavaScript that resolves its fields directly, instead of
// graphql-js walking the document for every object of every response (on the 50-monitor
// page, about a third of the process's CPU went to that walk: README, Performance).
// Subscriptions (graphql-ws) still run on graphql-js.
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { metrics } from '../ops/metrics.js';

/**
 * Compiled operations by document, then by operation name; SEEN marks an operation run
 * once. Apollo keeps the parsed document of a repeated query (its document store), so a
 * polled query is compiled once; a document Apollo drops takes its entries with it.
 */
type Compiled = WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult | typeof SEEN>>;
const SEEN = Symbol('seen');

/**
 * The compiled operation, or null when graphql-js should run it: compiling costs several
 * times one interpreted run, so an operation is compiled when it comes a second time
 * (a one-off query, or a client sending a new document each time, is never compiled).
 */
function compiled(cache: Compiled, schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | ExecutionResult | null {
  let byName = cache.get(document);
  if (!byName) cache.set(document, (byName = new Map<string, CompiledQuery | ExecutionResult | typeof SEEN>()));
  const key = operationName ?? '';
  const entry = byName.get(key);
  if (entry === undefined) {
    byName.set(key, SEEN);
    return null;
  }
  if (entry !== SEEN) return entry;
  // A document that does not compile (no such operation) gets the same errors each time.
  const query = compileQuery(schema, document, operationName);
  byName.set(key, query);
  metrics.graphqlCompiled.inc();
  return query;
}

/**
 * graphql-jit's errors as graphql-js's own: its error objects have a read-only message,
 * which Apollo plugins rewrite (graphql-armor masks field suggestions).
 */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError, extensions: e.extensions });
  (error as { locations: GraphQLError['locations'] }).locations = e.locations;
  return error;
}

/** Apollo's executor for `schema`: GraphQL results as graphql-js would give them. */
export function compiledExecutor(schema: GraphQLSchema): GatewayExecutor {
  const cache: Compiled = new WeakMap();
  return async (request) => {
    const variableValues = request.request.variables ?? {};
    // The client's operationName: request.operationName is that of the operation Apollo
    // resolved, null when none was (with it, graphql-js would run a lone operation).
    const operationName = request.request.operationName ?? undefined;
    const interpreted = () => execute({ schema, document: request.document, operationName, variableValues, contextValue: request.context });
    // No operation resolved (no name for several, or a name that matches none): graphql-js
    // answers its resolution error before running anything (Apollo: OPERATION_RESOLUTION_FAILURE, 400).
    // The gateway interface types `operation` as always set; Apollo leaves it undefined then.
    if ((request.operation as typeof request.operation | undefined) === undefined) return interpreted();
    const query = compiled(cache, schema, request.document, operationName);
    if (query === null) return interpreted();
    if (!isCompiledQuery(query)) return query;
    const result = await query.query(undefined, request.context, variableValues);
    if (!result.errors) return result;
    // No data: the variables did not coerce, and nothing ran. graphql-js says so as Apollo
    // expects (errors pointing at the variable definition: BAD_USER_INPUT, HTTP 400), and
    // in its own words; it runs the operation itself should it accept the variables.
    if (!('data' in result)) return interpreted();
    return { ...result, errors: result.errors.map(asGraphQLError) };
  };
}

/** A fixed schema served through the gateway interface, executed by compiledExecutor. */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    load: async () => ({ executor: compiledExecutor(schema) }),
    stop: async () => {},
  };
}
