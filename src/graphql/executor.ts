// Query execution compiled by graphql-jit, plugged into Apollo Server through its gateway
// interface (Apollo Server 4+ has no other executor option). Apollo still parses, validates
// (the query limits included) and runs every plugin; only execution changes: a hot operation
// (see CompiledOperations) is compiled once into JavaScript that resolves its fields directly,
// instead of graphql-js walking the document for every object of every response (on the
// 50-monitor page, about a third of the process's CPU went to that walk: README, Performance).
// Subscriptions (graphql-ws) still run on graphql-js.
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { metrics } from '../ops/metrics.js';
import { CompiledOperations } from './compiled-operations.js';

/**
 * graphql-jit's errors as graphql-js's own: its error objects have a read-only message,
 * which Apollo plugins rewrite (graphql-armor masks field suggestions).
 */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError, extensions: e.extensions });
  (error as { locations: GraphQLError['locations'] }).locations = e.locations;
  return error;
}

/** Compiles one operation; a document that does not compile (no such operation) gets the same errors each time. */
function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | ExecutionResult {
  const query = compileQuery(schema, document, operationName);
  metrics.graphqlCompiled.inc();
  return query;
}

/** Apollo's executor for `schema`: GraphQL results as graphql-js would give them. */
export function compiledExecutor(schema: GraphQLSchema, cache: CompiledOperations): GatewayExecutor {
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
    const query = cache.lookup(request.queryHash, request.document, operationName, () => compile(schema, request.document, operationName));
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
export function compiledExecution(schema: GraphQLSchema, cache: CompiledOperations): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    load: async () => ({ executor: compiledExecutor(schema, cache) }),
    stop: async () => {},
  };
}
