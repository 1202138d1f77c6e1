// Break glass: the admin token issues an ADMIN key for a team that lost all its keys, recorded
// in the team's audit history with the reason; bad input and other callers change nothing.
import { randomUUID } from 'node:crypto';
import { ok, refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

const ADMIN_TOKEN = () => process.env['ADMIN_TOKEN'] as string;
const BREAK_GLASS = 'mutation($t: ID!, $r: String!) { issueBreakGlassKey(teamId: $t, reason: $r) { apiKey { id role name } secret } }';
const AUDIT = '{ auditEvents(first: 50) { edges { node { action targetType targetId actor actorKeyId after } } } }';

/** What the team has: its keys (revoked too) and audit events, read from the database. */
async function written(teamId: string) {
  const db = env.gateway.services.db;
  return { keys: await db.apiKey.count({ where: { teamId } }), events: await db.auditEvent.count({ where: { teamId } }) };
}

async function teamWithoutKeys(): Promise<TeamFixture> {
  const team = await seed(env).createTeam();
  await team.call('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: team.adminKeyId });
  expect(await refused(env.url, team.adminKey, '{ viewer { role } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
  return team;
}

test('issues a working ADMIN key for a team with no keys, audited with the reason', async () => {
  const team = await teamWithoutKeys();
  const reason = 'the last admin left; ticket OPS-42';
  const { issueBreakGlassKey: issued } = await ok(env.url, ADMIN_TOKEN(), BREAK_GLASS, { t: team.id, r: reason });
  expect(issued.apiKey.role).toBe('ADMIN');

  const viewer = await ok(env.url, issued.secret, '{ viewer { role team { id } apiKey { id } } }');
  expect(viewer['viewer']).toEqual({ role: 'ADMIN', team: { id: team.id }, apiKey: { id: issued.apiKey.id } });
  // It is a full ADMIN key: it can make the team's next keys.
  await ok(env.url, issued.secret, 'mutation { createApiKey(input: { name: "new admin", role: ADMIN }) { secret } }');

  const events = (await ok(env.url, issued.secret, AUDIT))['auditEvents'].edges.map((e: any) => e.node);
  const breakGlass = events.filter((e: any) => e.action === 'apiKey.breakGlass');
  expect(breakGlass).toHaveLength(1);
  expect(breakGlass[0]).toMatchObject({ targetType: 'ApiKey', targetId: issued.apiKey.id, actor: 'admin-token', actorKeyId: null });
  expect(breakGlass[0].after).toMatchObject({ id: issued.apiKey.id, role: 'ADMIN', teamId: team.id, reason });
  expect(breakGlass[0].after).not.toHaveProperty('hash');
});

test('bad input is refused with its field and writes nothing', async () => {
  const team = await teamWithoutKeys();
  const before = await written(team.id);
  expect(await refused(env.url, ADMIN_TOKEN(), BREAK_GLASS, { t: team.id, r: '   ' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  expect(await refused(env.url, ADMIN_TOKEN(), BREAK_GLASS, { t: team.id, r: 'x'.repeat(501) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  expect(await refused(env.url, ADMIN_TOKEN(), BREAK_GLASS, { t: randomUUID(), r: 'locked out' })).toMatchObject({ code: 'NOT_FOUND', field: 'teamId' });
  expect(await refused(env.url, ADMIN_TOKEN(), BREAK_GLASS, { t: 'not-an-id', r: 'locked out' })).toMatchObject({ code: 'NOT_FOUND', field: 'teamId' });
  expect(await written(team.id)).toEqual(before);
});

test('only the admin token may break glass: API keys (even ADMIN) and anonymous callers are refused', async () => {
  const locked = await teamWithoutKeys();
  const other = await seed(env).createTeam();
  const before = await written(locked.id);
  expect(await refused(env.url, other.adminKey, BREAK_GLASS, { t: locked.id, r: 'let me in' })).toMatchObject({ code: 'UNAUTHENTICATED' });
  expect(await refused(env.url, other.adminKey, BREAK_GLASS, { t: other.id, r: 'my own team' })).toMatchObject({ code: 'UNAUTHENTICATED' });
  expect(await refused(env.url, null, BREAK_GLASS, { t: locked.id, r: 'let me in' })).toMatchObject({ code: 'UNAUTHENTICATED' });
  expect(await written(locked.id)).toEqual(before);
});
