// The token limit and a nesting bound, checked by an iterative scan before graphql-js parses
// (src/http/server.ts runs it on the request's query before handing the request to Apollo).
// The parser is recursive: a document nested a few thousand levels deep overflows the call
// stack before it reaches the token limit, and whether it does depends on how deep the stack
// already is, so two gateways answered the same document differently (QUERY_TOO_MANY_TOKENS
// from one, a parse failure "Maximum call stack size exceeded" from the other). The scan
// decides first, the same way every time. A legitimate document nests a few dozen levels.
import { Lexer, Source, TokenKind, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../shared/errors.js';

/** Brackets ({, (, [) open at once beyond which a document is refused (graphql-js parses 1,000 levels). */
export const MAX_NESTING = 500;

const OPEN: ReadonlySet<TokenKind> = new Set([TokenKind.BRACE_L, TokenKind.PAREN_L, TokenKind.BRACKET_L]);
const CLOSE: ReadonlySet<TokenKind> = new Set([TokenKind.BRACE_R, TokenKind.PAREN_R, TokenKind.BRACKET_R]);

/**
 * The refusal for `text`, or undefined when the parser may have it. A lexing error ends the
 * scan: the parser reports it, at a point the scan found shallow enough. Should not throw.
 */
export function shapeRefusal(text: string, maxTokens: number, maxDepth: number): GraphQLFormattedError | undefined {
  // Shorter documents can neither nest MAX_NESTING deep nor hold maxTokens tokens.
  if (text.length <= Math.min(MAX_NESTING, maxTokens)) return undefined;
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  let open = 0;
  try {
    for (let t = lexer.advance(); t.kind !== TokenKind.EOF; t = lexer.advance()) {
      if (++tokens > maxTokens) {
        return { message: `Token limit of ${maxTokens} exceeded; send a shorter document`, extensions: { code: ErrorCode.QUERY_TOO_MANY_TOKENS, limit: maxTokens } };
      }
      if (OPEN.has(t.kind) && ++open > MAX_NESTING) {
        return { message: `The document nests more than ${MAX_NESTING} levels; queries may be at most ${maxDepth} deep`, extensions: { code: ErrorCode.QUERY_TOO_DEEP, limit: maxDepth } };
      }
      if (CLOSE.has(t.kind)) open--;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
