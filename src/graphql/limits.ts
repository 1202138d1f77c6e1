// Abuse limits on what one GraphQL request may ask: depth, aliases, tokens and
// directives (GraphQL Armor), refused at validation with a clear message before any
// resolver runs. Field suggestions ("did you mean …") are never sent. Armor's cost rule
// is off: its estimate ignores page sizes and scores a legitimate whole-team read above
// 100,000; a cost model that knows `first` is still to be written.
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { Config } from '../config.js';
import type { GraphQLContext } from './context.js';

export function queryLimits(config: Config): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin<GraphQLContext>[] } {
  const armor = new ApolloArmor({
    maxDepth: { n: config.MAX_QUERY_DEPTH },
    maxAliases: { n: config.MAX_QUERY_ALIASES },
    costLimit: { enabled: false },
    maxTokens: { n: config.MAX_QUERY_TOKENS },
    maxDirectives: { n: config.MAX_QUERY_DIRECTIVES },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  // Armor's plugins read no context, so they fit any context type.
  return { validationRules: armor.validationRules as ValidationRule[], plugins: armor.plugins as ApolloServerPlugin<GraphQLContext>[] };
}
