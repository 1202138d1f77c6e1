import { gql, ok, refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

const ADMIN_TOKEN = () => process.env['ADMIN_TOKEN'] as string;

describe('teams and API keys', () => {
  it('creates a team with the admin token and shows its first ADMIN key once', async () => {
    const slug = `fraud-${Date.now().toString(36)}`;
    const data = await ok(env.url, ADMIN_TOKEN(), `mutation { createTeam(input: { slug: "${slug}", displayName: "Fraud" }) { team { slug defaultBackend } apiKey { role prefix } secret } }`);
    const created = data['createTeam'];
    expect(created.team).toEqual({ slug, defaultBackend: 'BUILTIN' });
    expect(created.apiKey.role).toBe('ADMIN');
    expect(created.secret.startsWith(created.apiKey.prefix)).toBe(true);
    const viewer = await ok(env.url, created.secret, '{ viewer { role team { slug } apiKey { prefix lastUsedAt } } }');
    expect(viewer['viewer'].role).toBe('ADMIN');
    expect(viewer['viewer'].team.slug).toBe(slug);
    expect(viewer['viewer'].apiKey.lastUsedAt).not.toBeNull();
    const again = await refused(env.url, ADMIN_TOKEN(), `mutation { createTeam(input: { slug: "${slug}", displayName: "Again" }) { secret } }`);
    expect(again).toMatchObject({ code: 'CONFLICT', field: 'input.slug' });
  });

  it('stores only a hash of each key', async () => {
    const team = await seed(env).createTeam();
    const stored = await env.gateway.services.db.apiKey.findUniqueOrThrow({ where: { id: team.adminKeyId } });
    expect(stored.hash).not.toContain(team.adminKey);
    expect(JSON.stringify(stored)).not.toContain(team.adminKey.slice(13));
  });

  it('refuses createTeam without the admin token and bad slugs', async () => {
    const team = await seed(env).createTeam();
    expect(await refused(env.url, team.adminKey, 'mutation { createTeam(input: { slug: "x-y-z", displayName: "X" }) { secret } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refused(env.url, null, 'mutation { createTeam(input: { slug: "x-y-z", displayName: "X" }) { secret } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refused(env.url, ADMIN_TOKEN(), 'mutation { createTeam(input: { slug: "Bad Slug", displayName: "X" }) { secret } }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.slug' });
    expect(await refused(env.url, ADMIN_TOKEN(), '{ viewer { role } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('creates keys with a role no higher than the creator, and revocation is immediate', async () => {
    const team = await seed(env).createTeam();
    const editor = await team.createKey('EDITOR');
    expect((await ok(env.url, editor.secret, '{ viewer { role } }'))['viewer'].role).toBe('EDITOR');
    const list = await team.call('{ viewer { team { apiKeys(first: 10) { edges { node { id name role revokedAt } } } } } }');
    expect(list['viewer'].team.apiKeys.edges.map((e: any) => e.node.role).sort()).toEqual(['ADMIN', 'EDITOR']);
    const revoked = await team.call('mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }', { id: editor.id });
    expect(revoked['revokeApiKey'].revokedAt).not.toBeNull();
    expect(await refused(env.url, editor.secret, '{ viewer { role } }')).toMatchObject({ code: 'UNAUTHENTICATED', message: 'This API key was revoked' });
    const withRevoked = await team.call('{ viewer { team { apiKeys(includeRevoked: true) { edges { node { id } } } } } }');
    expect(withRevoked['viewer'].team.apiKeys.edges).toHaveLength(2);
  });

  it('manages members; a member key is capped by the member role; removing the member revokes its keys', async () => {
    const team = await seed(env).createTeam();
    const m = await team.call('mutation { addMember(input: { email: "Ana@Example.com", displayName: "Ana", role: EDITOR }) { id email role } }');
    const member = m['addMember'];
    expect(member).toMatchObject({ email: 'ana@example.com', role: 'EDITOR' });
    const dup = await refused(env.url, team.adminKey, 'mutation { addMember(input: { email: "ana@example.com", displayName: "A", role: VIEWER }) { id } }');
    expect(dup).toMatchObject({ code: 'CONFLICT', field: 'input.email' });
    const tooHigh = await refused(env.url, team.adminKey, 'mutation($m: ID!) { createApiKey(input: { name: "k", role: ADMIN, memberId: $m }) { secret } }', { m: member.id });
    expect(tooHigh).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.role' });
    const k = await team.call('mutation($m: ID!) { createApiKey(input: { name: "k", role: EDITOR, memberId: $m }) { secret apiKey { member { email } } } }', { m: member.id });
    expect(k['createApiKey'].apiKey.member.email).toBe('ana@example.com');
    const memberKey: string = k['createApiKey'].secret;
    await team.call('mutation($m: ID!) { updateMember(id: $m, input: { role: VIEWER }) { role } }', { m: member.id });
    expect((await ok(env.url, memberKey, '{ viewer { role } }'))['viewer'].role).toBe('VIEWER');
    const members = await team.call('{ viewer { team { members { edges { node { email } } } } } }');
    expect(members['viewer'].team.members.edges).toHaveLength(1);
    await team.call('mutation($m: ID!) { removeMember(id: $m) { id } }', { m: member.id });
    expect(await refused(env.url, memberKey, '{ viewer { role } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('updates team settings (ADMIN only)', async () => {
    const team = await seed(env).createTeam();
    const d = await team.call('mutation { updateTeam(input: { displayName: "Renamed", defaultBackend: SAGEMAKER }) { displayName defaultBackend } }');
    expect(d['updateTeam']).toEqual({ displayName: 'Renamed', defaultBackend: 'SAGEMAKER' });
    const viewer = await team.createKey('VIEWER');
    expect(await refused(env.url, viewer.secret, 'mutation { updateTeam(input: { displayName: "X" }) { id } }')).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers malformed credentials and requests with clear codes', async () => {
    expect(await refused(env.url, 'not-a-key', '{ viewer { role } }')).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Unknown API key' });
    const res = await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(res.status).toBe(400);
    const big = await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ viewer { role } } #${'x'.repeat(1_100_000)}` }) });
    expect(big.status).toBe(413);
    const parse = await gql(env.url, null, '{ viewer { role ');
    expect(parse.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});
