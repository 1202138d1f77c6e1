// Abuse limits on what one GraphQL request may ask and how often: depth, aliases,
// tokens and directives (GraphQL Armor), refused at validation with a clear message
// before any resolver runs; a cost that knows page sizes (./cost.ts, QUERY_TOO_COSTLY);
// and a per-API-key rate limit shared through Redis (../tenancy/rate-limit.ts,
// RATE_LIMITED with HTTP 429 and Retry-After; HTTP only, WebSocket subscriptions are
// not counted); NUL characters in variables refused. Field suggestions ("did you
// mean …") are never sent, to anyone. Armor's own cost rule is off: its estimate
// ignores page sizes.
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { Config } from '../config.js';
import type { Logger } from '../shared/logger.js';
import type { Caller } from '../tenancy/caller.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { RateLimiter } from '../tenancy/rate-limit.js';
import type { GraphQLContext } from './context.js';
import { costLimitPlugin } from './cost.js';

/** Refuses (RATE_LIMITED, HTTP 429 + Retry-After) when the caller's key is over its budget. */
export type Admit = (caller: Caller, log: Logger) => Promise<void>;

/**
 * One token per HTTP GraphQL request of an API key, taken when the context is made,
 * before parsing (so invalid queries count too). The admin token and anonymous callers
 * are not limited here: the first is the operator's, the second is refused by every
 * operation. The plugin only opens and closes the limiter's Redis connection.
 */
export function rateLimit(config: Config): { plugin: ApolloServerPlugin<GraphQLContext>; admit: Admit } {
  const limiter = new RateLimiter({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, perMinute: config.RATE_LIMIT_PER_MINUTE, burst: config.RATE_LIMIT_BURST });
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

/** The path of the first string in `value` holding a NUL character, if any. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const found = nulPath(v, `${path}.${k}`);
    if (found) return found;
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

export function queryLimits(config: Config): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin<GraphQLContext>[]; admit: Admit } {
  const rate = rateLimit(config);
  const armor = new ApolloArmor({
    maxDepth: { n: config.MAX_QUERY_DEPTH },
    maxAliases: { n: config.MAX_QUERY_ALIASES },
    costLimit: { enabled: false },
    maxTokens: { n: config.MAX_QUERY_TOKENS },
    maxDirectives: { n: config.MAX_QUERY_DIRECTIVES },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return {
    validationRules: armor.validationRules as ValidationRule[],
    // Armor's plugins read no context, so they fit any context type.
    plugins: [rate.plugin, ...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]), costLimitPlugin(config.MAX_QUERY_COST), nulCharacterPlugin],
    admit: rate.admit,
  };
}
