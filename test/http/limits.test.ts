import { gql, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

describe('query limits', () => {
  it('refuses too deep, too many aliases and too many tokens with a clear code, before resolving', async () => {
    const team = await seed(env).createTeam();
    const deep = '{ monitors { edges { node { schedule { monitor { schedule { monitor { schedule { monitor { schedule { monitor { schedule { id } } } } } } } } } } } } }';
    const d = await gql(env.url, team.adminKey, deep);
    expect(d.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(d.errors?.[0]?.message).toMatch(/depth/i);
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`;
    const a = await gql(env.url, team.adminKey, aliases);
    expect(a.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(a.errors?.[0]?.message).toMatch(/alias/i);
    const tokens = `{ viewer { ${'role '.repeat(6000)} } }`;
    const t = await gql(env.url, team.adminKey, tokens);
    expect(t.errors?.[0]?.extensions?.code).toMatch(/GRAPHQL_(PARSE|VALIDATION)_FAILED/);
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
