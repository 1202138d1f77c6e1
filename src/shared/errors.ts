// One error-code enum for the whole API. Every refusal a client can act on is an
// AppError carrying one of these codes and, for bad input, the offending field path.
import { GraphQLError } from 'graphql';

export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RESOURCE_LIMIT_EXCEEDED = 'RESOURCE_LIMIT_EXCEEDED',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The query's computed cost (page sizes included) is above MAX_QUERY_COST. */
  QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY',
  /** Document limits (MAX_QUERY_DEPTH, _ALIASES, _DIRECTIVES, _TOKENS), refused before execution. */
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  QUERY_TOO_MANY_ALIASES = 'QUERY_TOO_MANY_ALIASES',
  QUERY_TOO_MANY_DIRECTIVES = 'QUERY_TOO_MANY_DIRECTIVES',
  QUERY_TOO_MANY_TOKENS = 'QUERY_TOO_MANY_TOKENS',
  UNAVAILABLE = 'UNAVAILABLE',
  /** The backend cannot be called until an operator configures it (e.g. no AWS credentials): retrying will not help. */
  BACKEND_NOT_CONFIGURED = 'BACKEND_NOT_CONFIGURED',
  /** A request named a trusted document by hash that the caller's team has not registered (Apollo's code). */
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  /** A trustedOnly API key sent a document's text: it may send only hashes of its team's trusted documents. */
  TRUSTED_DOCUMENT_REQUIRED = 'TRUSTED_DOCUMENT_REQUIRED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; details?: Record<string, unknown> } = {}) {
    super(message, {
      extensions: {
        code,
        ...(options.field !== undefined ? { field: options.field } : {}),
        ...(options.details ?? {}),
      },
    });
    this.code = code;
    this.field = options.field;
  }
}

export const badInput = (field: string, message: string): AppError =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { field });

/** `field`: where the id was given, when not in the operation's own `id` argument (e.g. a filter). */
export const notFound = (what: string, id: string, field?: string): AppError =>
  new AppError(ErrorCode.NOT_FOUND, `${what} "${id}" was not found`, { details: { id }, ...(field !== undefined ? { field } : {}) });

export const forbidden = (message: string): AppError => new AppError(ErrorCode.FORBIDDEN, message);

export const conflict = (message: string, field?: string): AppError =>
  new AppError(ErrorCode.CONFLICT, message, field !== undefined ? { field } : {});

export const unauthenticated = (message: string): AppError => new AppError(ErrorCode.UNAUTHENTICATED, message);

/** One problem found by a validation rule: where, and what is wrong and allowed. */
export interface RuleViolation {
  field: string;
  message: string;
}

/** The same violations, their fields placed under `prefix` (e.g. the input argument). */
export function underField(prefix: string, violations: readonly RuleViolation[]): RuleViolation[] {
  return violations.map((v) => ({ ...v, field: `${prefix}.${v.field}` }));
}

/** Throws the first violation as BAD_USER_INPUT (all of them are listed in extensions). */
export function assertValid(violations: readonly RuleViolation[]): void {
  const first = violations[0];
  if (!first) return;
  throw new AppError(ErrorCode.BAD_USER_INPUT, first.message, {
    field: first.field,
    details: violations.length > 1 ? { violations } : {},
  });
}
