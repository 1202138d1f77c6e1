// bull-board at /admin/queues: only the admin token or an ADMIN key of the operators' team
// (ADMIN_QUEUES_TEAM_ID; other teams' keys never: the board shows every team's jobs); a
// browser logs in with ?token= and gets an HttpOnly cookie; the queues are read-only.
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { QUEUE_NAMES } from '../../src/ops/queues.js';

let setup: TestGateway;
let env: TestGateway;
let team: TeamFixture;
let other: TeamFixture;
let viewer: string;
const ADMIN_TOKEN = () => process.env['ADMIN_TOKEN'] as string;

beforeAll(async () => {
  setup = await startTestGateway();
  team = await seed(setup).createTeam();
  other = await seed(setup).createTeam();
  viewer = (await team.createKey('VIEWER')).secret;
  // The gateway under test: `team` is the operators' team.
  env = await startTestGateway({ ADMIN_QUEUES_TEAM_ID: team.id });
});
afterAll(async () => {
  await env.stop();
  await setup.stop();
});

const board = (path = '', init: RequestInit = {}) => fetch(`${env.url.replace('/graphql', '/admin/queues')}${path}`, { redirect: 'manual', ...init });
const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

it('refuses without credentials (401) and with a key that is not ADMIN (403)', async () => {
  const none = await board();
  expect(none.status).toBe(401);
  expect(none.headers.get('www-authenticate')).toContain('Bearer');
  expect(await none.text()).toContain('?token=');
  expect((await board('', bearer('mmg_not-a-real-key'))).status).toBe(401);
  const asViewer = await board('', bearer(viewer));
  expect(asViewer.status).toBe(403);
  expect(await asViewer.text()).toContain('VIEWER');
  expect((await board('/api/queues', bearer(viewer))).status).toBe(403);
  expect((await board(`?token=${encodeURIComponent(viewer)}`)).status).toBe(403);
});

it("refuses another team's ADMIN key (403), and every team key where no operators' team is set", async () => {
  const foreign = await board('', bearer(other.adminKey));
  expect(foreign.status).toBe(403);
  expect(await foreign.text()).toContain("every team's jobs");
  expect((await board('/api/queues', bearer(other.adminKey))).status).toBe(403);
  expect((await board(`?token=${encodeURIComponent(other.adminKey)}`)).status).toBe(403);
  const unset = await fetch(`${setup.url.replace('/graphql', '/admin/queues')}`, { ...bearer(team.adminKey), redirect: 'manual' });
  expect(unset.status).toBe(403);
  const asOperator = await fetch(`${setup.url.replace('/graphql', '/admin/queues')}`, { ...bearer(ADMIN_TOKEN()), redirect: 'manual' });
  expect(asOperator.status).toBe(200);
});

it("serves the board to an ADMIN key of the operators' team and to the admin token", async () => {
  for (const key of [team.adminKey, ADMIN_TOKEN()]) {
    const page = await board('', bearer(key));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Model Monitor queues');
  }
  const api = await board('/api/queues', bearer(team.adminKey));
  expect(api.status).toBe(200);
  const body = (await api.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
  expect(body.queues.map((q) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
  expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
});

it('logs a browser in with ?token= into an HttpOnly cookie scoped to the board', async () => {
  const admin = await team.createKey('ADMIN');
  const login = await board(`?token=${encodeURIComponent(admin.secret)}`);
  expect(login.status).toBe(303);
  expect(login.headers.get('location')).toBe('/admin/queues');
  const cookie = login.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^mmg_admin=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict/);
  const session = { headers: { cookie: cookie.split(';')[0]! } };
  expect((await board('', session)).status).toBe(200);
  expect((await board('/api/queues', session)).status).toBe(200);
  // A revoked key's cookie stops working.
  await team.call('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: admin.id });
  let status = 200;
  for (let i = 0; i < 40 && status === 200; i++) {
    status = (await board('', session)).status;
    if (status === 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe(401);
});
