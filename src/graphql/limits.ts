// Abuse limits on what one GraphQL request may ask and how often: tokens (graphql-js's
// parser), depth, aliases and directives (GraphQL Armor's validation rules), refused with
// HTTP 400 and a code of their own (QUERY_TOO_DEEP, …) before any resolver runs; a cost
// that knows page sizes (./cost.ts, QUERY_TOO_COSTLY);
// and a per-API-key rate limit shared through Redis (../tenancy/rate-limit.ts,
// RATE_LIMITED with HTTP 429 and Retry-After; each WebSocket subscribe message takes a
// token too, src/http/subscriptions.ts); NUL characters in variables refused. Field suggestions ("did you
// mean …") are never sent, to anyone. Armor's own cost rule is off: its estimate
// ignores page sizes.
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { cacheBounds, type Config } from '../config.js';
import type { Logger } from '../shared/logger.js';
import type { Caller } from '../kernel/caller.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { RateLimiter, type KeyRateLimiter } from '../tenancy/rate-limit.js';
import { MemoryRateLimiter } from '../tenancy/memory-rate-limit.js';
import { isSingleProcess } from '../shared/redis-mode.js';
import type { GraphQLContext } from './context.js';
import { costLimitPlugin } from './cost.js';

/** Refuses (RATE_LIMITED, HTTP 429 + Retry-After) when the caller's key is over its budget. */
export type Admit = (caller: Caller, log: Logger) => Promise<void>;

/**
 * One token per HTTP GraphQL request of an API key, taken when the context is made,
 * before parsing (so invalid queries count too), and one per WebSocket subscribe. The admin token and anonymous callers
 * are not limited here: the first is the operator's, the second is refused by every
 * operation. The plugin only opens and closes the limiter's Redis connection.
 */
export function rateLimit(config: Config): { plugin: ApolloServerPlugin<GraphQLContext>; admit: Admit } {
  const rate = { perMinute: config.RATE_LIMIT_PER_MINUTE, burst: config.RATE_LIMIT_BURST };
  // Single-process mode: one process, so its own buckets are the whole budget.
  const limiter: KeyRateLimiter = isSingleProcess(config)
    ? new MemoryRateLimiter({ ...rate, maxBytes: cacheBounds(config).rateLeases })
    : new RateLimiter({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, ...rate, maxLeaseBytes: cacheBounds(config).rateLeases });
  const plugin: ApolloServerPlugin<GraphQLContext> = {
    async serverWillStart() {
      await limiter.start();
      return { serverWillStop: () => limiter.stop() };
    },
  };
  const admit: Admit = async (caller, log) => {
    if (caller.kind !== 'key') return;
    const decision = await limiter.take(caller.keyId, log);
    if (decision.allowed) return;
    const seconds = decision.retryAfterSeconds;
    // Thrown from Apollo's context function: its status and headers become the HTTP answer's.
    throw new AppError(ErrorCode.RATE_LIMITED, `This API key made more than ${config.RATE_LIMIT_PER_MINUTE} requests a minute; retry in ${seconds} s`, {
      details: { retryAfterSeconds: seconds, http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) } },
    });
  };
  return { plugin, admit };
}

/** What `admit` threw when the key is over its budget (undefined for any other error, which the caller throws on). */
export function rateLimited(error: unknown): { message: string; retryAfterSeconds: number } | undefined {
  if (!(error instanceof AppError) || error.code !== ErrorCode.RATE_LIMITED) return undefined;
  return { message: error.message, retryAfterSeconds: Number(error.extensions['retryAfterSeconds']) };
}

/**
 * The path of the first string in `value` holding a NUL character, if any. Walked with a
 * stack of its own: variables may be nested deeper than the call stack goes.
 */
function nulPath(value: unknown, path: string): string | undefined {
  const pending: Array<[unknown, string]> = [[value, path]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [v, p] = next;
    if (typeof v === 'string' && v.includes('\u0000')) return p;
    if (v === null || typeof v !== 'object') continue;
    // Reversed onto the stack, so that the first NUL in document order is the one named.
    for (const [k, child] of Object.entries(v).reverse()) pending.push([child, `${p}.${k}`]);
  }
  return undefined;
}

/**
 * PostgreSQL text cannot hold NUL (U+0000): a variable carrying one would fail in the
 * database. Refused up front for every operation, with the variable path as the field.
 */
export const nulCharacterPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request }) {
        for (const [name, value] of Object.entries(request.variables ?? {})) {
          const field = nulPath(value, name);
          if (field) throw new AppError(ErrorCode.BAD_USER_INPUT, `${field} contains a NUL character (U+0000), which is not allowed in any text`, { field, details: { http: { status: 400 } } });
        }
      },
    };
  },
};

/**
 * An Armor rule's options: its refusal reported as an AppError of `code` (Armor words
 * every limit as "Syntax Error: …"). Apollo wraps it as a validation error; limitRefusal
 * gives it its code back.
 */
function refusedWith(code: ErrorCode, n: number) {
  const report = (ctx: ValidationContext | null, error: GraphQLError) =>
    ctx?.reportError(new AppError(code, error.message.replace(/^Syntax Error: /, ''), { details: { limit: n } }));
  return { n, propagateOnRejection: false, onReject: [report] };
}

const LIMIT_CODES: ReadonlySet<string> = new Set([ErrorCode.QUERY_TOO_DEEP, ErrorCode.QUERY_TOO_MANY_ALIASES, ErrorCode.QUERY_TOO_MANY_DIRECTIVES]);
/** graphql-js's words when parsing stops at ParseOptions.maxTokens ("more that" in graphql 16). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

/**
 * What the client sees of a document limit's refusal, or undefined for any other error.
 * Apollo answers both kinds with HTTP 400, as GRAPHQL_VALIDATION_FAILED (Armor's rules)
 * or GRAPHQL_PARSE_FAILED (the token limit): they are limits, not mistakes in the query.
 */
export function limitRefusal(error: unknown): GraphQLFormattedError | undefined {
  const cause = error instanceof GraphQLError ? error.originalError : undefined;
  if (cause instanceof AppError && LIMIT_CODES.has(cause.code)) return { message: cause.message, extensions: { code: cause.code, limit: cause.extensions['limit'] } };
  const tokens = cause instanceof GraphQLError ? TOKEN_LIMIT.exec(cause.message) : null;
  if (!tokens) return undefined;
  const limit = Number(tokens[1]);
  return { message: `Token limit of ${limit} exceeded; send a shorter document`, extensions: { code: ErrorCode.QUERY_TOO_MANY_TOKENS, limit } };
}

export function queryLimits(config: Config): { validationRules: ValidationRule[]; parseOptions: ParseOptions; plugins: ApolloServerPlugin<GraphQLContext>[]; admit: Admit } {
  const rate = rateLimit(config);
  const armor = new ApolloArmor({
    maxDepth: refusedWith(ErrorCode.QUERY_TOO_DEEP, config.MAX_QUERY_DEPTH),
    maxAliases: refusedWith(ErrorCode.QUERY_TOO_MANY_ALIASES, config.MAX_QUERY_ALIASES),
    costLimit: { enabled: false },
    // Armor's token limit parses in a plugin hook, where any syntax error became HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: refusedWith(ErrorCode.QUERY_TOO_MANY_DIRECTIVES, config.MAX_QUERY_DIRECTIVES),
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return {
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: config.MAX_QUERY_TOKENS },
    // Armor's plugins read no context, so they fit any context type.
    plugins: [rate.plugin, ...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]), costLimitPlugin(config.MAX_QUERY_COST), nulCharacterPlugin],
    admit: rate.admit,
  };
}
