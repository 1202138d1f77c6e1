import { gql, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { config } from '../../src/config.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

describe('query limits', () => {
  it('refuses too deep, too many aliases, directives and tokens with HTTP 400 and a code of their own, before resolving', async () => {
    const team = await seed(env).createTeam();
    const { MAX_QUERY_DEPTH, MAX_QUERY_ALIASES, MAX_QUERY_DIRECTIVES, MAX_QUERY_TOKENS } = config();
    const deep = `{ monitors { edges { node { ${'schedule { monitor { '.repeat(MAX_QUERY_DEPTH)}id${' } }'.repeat(MAX_QUERY_DEPTH)} } } } }`;
    const aliases = `{ ${Array.from({ length: MAX_QUERY_ALIASES + 1 }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`;
    const directives = `{ viewer { role ${'@include(if: true) '.repeat(MAX_QUERY_DIRECTIVES + 1)} } }`;
    const tokens = `{ viewer { ${'role '.repeat(MAX_QUERY_TOKENS)} } }`;
    const cases: Array<[string, string, RegExp]> = [
      [deep, 'QUERY_TOO_DEEP', /depth/i],
      [aliases, 'QUERY_TOO_MANY_ALIASES', /alias/i],
      [directives, 'QUERY_TOO_MANY_DIRECTIVES', /directive/i],
      [tokens, 'QUERY_TOO_MANY_TOKENS', /token/i],
    ];
    const limits: Record<string, number> = {
      QUERY_TOO_DEEP: MAX_QUERY_DEPTH, QUERY_TOO_MANY_ALIASES: MAX_QUERY_ALIASES, QUERY_TOO_MANY_DIRECTIVES: MAX_QUERY_DIRECTIVES, QUERY_TOO_MANY_TOKENS: MAX_QUERY_TOKENS,
    };
    for (const [query, code, words] of cases) {
      const r = await gql(env.url, team.adminKey, query);
      expect([r.status, r.data, r.errors?.[0]?.extensions]).toEqual([400, undefined, { code, limit: limits[code] }]);
      expect(r.errors?.[0]?.message).toMatch(words);
      expect(r.errors?.[0]?.message).not.toMatch(/syntax/i);
    }
  });

  it('refuses a document nested too deep for the parser the same way every time (found by the fuzz)', async () => {
    const team = await seed(env).createTeam();
    const { MAX_QUERY_DEPTH } = config();
    // graphql-js's recursive parser reaches the token limit (5,000) near 2,500 levels; whether the
    // call stack overflows first depends on how deep it already is, so these documents were
    // answered QUERY_TOO_MANY_TOKENS or "Maximum call stack size exceeded" (GRAPHQL_PARSE_FAILED).
    const nested = (levels: number) => `{ ${'viewer { team { '.repeat(levels / 2)}id${' } }'.repeat(levels / 2)} }`;
    // POST only: such a document does not fit in a URL under Node's 16 KiB header limit.
    for (const query of [nested(2_400), nested(30_000)]) {
      const res = await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${team.adminKey}` }, body: JSON.stringify({ query }) });
      const body = (await res.json()) as { errors: Array<{ message: string; extensions: unknown }> };
      expect([res.status, body.errors[0]?.extensions]).toEqual([400, { code: 'QUERY_TOO_DEEP', limit: MAX_QUERY_DEPTH }]);
    }
  });

  it('answers a syntax error with HTTP 400 GRAPHQL_PARSE_FAILED, under either media type', async () => {
    const team = await seed(env).createTeam();
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const res = await fetch(env.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${team.adminKey}` },
        body: JSON.stringify({ query: '{ monitors {' }),
      });
      const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect([res.status, body.errors[0]?.extensions.code]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
      expect(body.errors[0]?.message).toMatch(/^Syntax Error: Expected Name, found <EOF>/);
    }
  });

  it('keeps the usual queries and introspection working, and suggests no field names', async () => {
    const team = await seed(env).createTeam();
    const page = await gql(env.url, team.adminKey, '{ monitors(first: 50) { edges { node { id schedule { lastExecution { status violations { featureName checkType } } } } } } }');
    expect(page.errors).toBeUndefined();
    const intro = await gql(env.url, team.adminKey, '{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }');
    expect(intro.errors).toBeUndefined();
    const typo = await gql(env.url, null, '{ viewr { role } }');
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});
