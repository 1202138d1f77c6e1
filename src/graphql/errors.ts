// What clients see of errors: our AppErrors and GraphQL's own request errors as they
// are (with a `field` where one can be named); anything else masked, with a request id
// to find the logged original. Stack traces and SQL never leave the process.
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { GraphQLContext } from './context.js';
import { limitRefusal } from './limits.js';

/** Codes that graphql-js and Apollo give to problems with the request itself. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * The code of a problem with the request itself, or undefined. Apollo refuses some
 * requests (a persisted-query extension it cannot use) with HTTP 400 and no code.
 */
function requestErrorCode(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const code = error.extensions['code'];
  if (typeof code === 'string') return REQUEST_ERROR_CODES.has(code) ? code : undefined;
  const status = (error.extensions['http'] as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? ApolloServerErrorCode.BAD_REQUEST : undefined;
}

const INTERNAL_MESSAGE = 'Internal server error; the gateway logged it under this request id';

/** The input path named by graphql-js coercion messages: `… at "input.name"` or `Variable "$id" …`. */
function fieldFromMessage(message: string): string | undefined {
  const base = /at "([^"]+)"/.exec(message)?.[1] ?? /Variable "\$([^"]+)"/.exec(message)?.[1];
  // An unknown or missing input field is named after the path of its object.
  const inner = /; Field "([^"]+)" (is not defined by type|of required type)/.exec(message)?.[1];
  return base && inner ? `${base}.${inner}` : base;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const limit = limitRefusal(original);
  if (limit) return limit;
  const code = requestErrorCode(error);
  if (code) {
    const field = formatted.extensions?.['field'] ?? fieldFromMessage(formatted.message);
    return { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), extensions: { code, ...(field ? { field } : {}) } };
  }
  return { message: INTERNAL_MESSAGE, ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** Logs unexpected errors with the request id and adds the id to the masked errors. */
export const errorLoggingPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors, operationName }) {
        for (const e of errors) {
          const original = unwrapResolverError(e);
          if (original instanceof AppError || requestErrorCode(e)) continue;
          contextValue.log.error({ err: original, operationName, path: e.path }, 'unexpected error in GraphQL operation');
        }
      },
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== 'single') return;
        for (const e of response.body.singleResult.errors ?? []) {
          if (e.extensions?.['code'] === ErrorCode.INTERNAL_SERVER_ERROR) {
            (e.extensions as Record<string, unknown>)['requestId'] = contextValue.requestId;
          }
        }
      },
    };
  },
};
