// Trusted documents end to end: registration, running by hash (Apollo's extensions and the
// GraphQL-over-HTTP documentId, over POST and GET), team isolation, trustedOnly keys under
// TRUSTED_DOCUMENTS, removal across two gateway processes, and Apollo's APQ being off.
import { startTestGateway, refused, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { sha256Hex } from '../../src/trusted-documents/manifest.js';

let a: TestGateway;
let b: TestGateway;
beforeAll(async () => {
  [a, b] = await Promise.all([startTestGateway(), startTestGateway()]);
});
afterAll(() => Promise.all([a.stop(), b.stop()]));

const ROLE = 'query Role { viewer { role } }';
const REGISTER = 'mutation($d: [TrustedDocumentInput!]!) { registerTrustedDocuments(documents: $d) { added documents { hash name body } } }';
const REMOVE = 'mutation($h: [String!]!) { removeTrustedDocuments(hashes: $h) { removed } }';
const apollo = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

async function post(url: string, key: string, body: Record<string, unknown>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

async function get(url: string, key: string, params: Record<string, string>) {
  const res = await fetch(`${url}?${new URLSearchParams(params).toString()}`, { headers: { authorization: `Bearer ${key}`, 'apollo-require-preflight': 'true' } });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

async function register(team: TeamFixture, ...bodies: string[]) {
  return (await team.call(REGISTER, { d: bodies.map((body) => ({ hash: sha256Hex(body), body })) }))['registerTrustedDocuments'];
}

async function trustedOnlyKey(team: TeamFixture): Promise<string> {
  const d = await team.call('mutation { createApiKey(input: { name: "app", role: VIEWER, trustedOnly: true }) { apiKey { trustedOnly } secret } }');
  expect(d['createApiKey'].apiKey.trustedOnly).toBe(true);
  return d['createApiKey'].secret;
}

describe('trusted documents', () => {
  it('runs a registered document by hash in both forms, over POST and GET', async () => {
    const team = await seed(a).createTeam();
    const reg = await register(team, ROLE);
    const hash = sha256Hex(ROLE);
    expect(reg).toEqual({ added: 1, documents: [{ hash, name: 'Role', body: ROLE }] });
    const answers = [
      await post(a.url, team.adminKey, { extensions: apollo(hash) }),
      await post(a.url, team.adminKey, { documentId: `sha256:${hash}` }),
      await post(a.url, team.adminKey, { documentId: hash, operationName: 'Role' }),
      await get(a.url, team.adminKey, { extensions: JSON.stringify(apollo(hash)) }),
      await get(a.url, team.adminKey, { documentId: `sha256:${hash}` }),
    ];
    for (const r of answers) expect(r).toEqual({ status: 200, body: { data: { viewer: { role: 'ADMIN' } } } });
    const list = await team.call('{ trustedDocuments(first: 10) { totalCount edges { node { hash name createdAt } } } }');
    expect(list['trustedDocuments']).toMatchObject({ totalCount: 1, edges: [{ node: { hash, name: 'Role' } }] });
  });

  it('answers PERSISTED_QUERY_NOT_FOUND for an unknown hash, and for another team\'s', async () => {
    const team = await seed(a).createTeam();
    const other = await seed(a).createTeam();
    const body = 'query Other { viewer { team { slug } } }';
    await register(other, body);
    for (const hash of [sha256Hex('query Nobody { viewer { role } }'), sha256Hex(body)]) {
      for (const r of [await post(a.url, team.adminKey, { extensions: apollo(hash) }), await get(a.url, team.adminKey, { documentId: `sha256:${hash}` })]) {
        expect(r.status).toBe(404);
        expect(r.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
      }
    }
    expect((await post(a.url, other.adminKey, { documentId: sha256Hex(body) })).body.data.viewer.team.slug).toBe(other.slug);
  });

  it('holds trustedOnly keys to hashes when enforcing, and leaves other keys free-form', async () => {
    const team = await seed(a).createTeam();
    await register(team, ROLE);
    const app = await trustedOnlyKey(team);
    const free = await post(a.url, app, { query: ROLE });
    expect(free.status).toBe(400);
    expect(free.body.errors?.[0]).toMatchObject({ extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED' }, message: expect.stringContaining('hash') });
    expect((await get(a.url, app, { query: ROLE })).body.errors?.[0]?.extensions?.['code']).toBe('TRUSTED_DOCUMENT_REQUIRED');
    expect(await post(a.url, app, { documentId: `sha256:${sha256Hex(ROLE)}` })).toEqual({ status: 200, body: { data: { viewer: { role: 'VIEWER' } } } });
    expect((await post(a.url, team.adminKey, { query: '{ viewer { role apiKey { trustedOnly } } }' })).body.data).toEqual({ viewer: { role: 'ADMIN', apiKey: { trustedOnly: false } } });
    // With TRUSTED_DOCUMENTS=off no key is held to them.
    const off = await startTestGateway({ TRUSTED_DOCUMENTS: 'off' });
    try {
      expect((await post(off.url, app, { query: ROLE })).body).toEqual({ data: { viewer: { role: 'VIEWER' } } });
    } finally {
      await off.stop();
    }
  });

  it('refuses a hash that is not its body\'s sha256 and a document the schema refuses, naming it, and registers nothing', async () => {
    const team = await seed(a).createTeam();
    const db = a.gateway.services.db;
    const counts = async () => [await db.trustedDocument.count({ where: { teamId: team.id } }), await db.auditEvent.count({ where: { teamId: team.id } })];
    const before = await counts();
    const good = { hash: sha256Hex(ROLE), body: ROLE };
    const mismatch = await refused(a.url, team.adminKey, REGISTER, { d: [good, { hash: sha256Hex('query X { viewer { role } }'), body: 'query Y { viewer { role } }' }] });
    expect(mismatch).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents[1].hash' });
    const sha1 = await refused(a.url, team.adminKey, REGISTER, { d: [{ hash: 'b61b879c1eb0040bce65d70c8adfb1ae9360f52f', body: 'query A { a }' }] });
    expect(sha1).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents[0].hash', message: expect.stringContaining("hashAlgorithm: 'sha256'") });
    const invalid = 'query Nope { viewer { nothingHere } }';
    expect(await refused(a.url, team.adminKey, REGISTER, { d: [good, { hash: sha256Hex(invalid), body: invalid }] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents[1].body', message: expect.stringContaining('nothingHere') });
    const broken = 'query {';
    expect(await refused(a.url, team.adminKey, REGISTER, { d: [{ hash: sha256Hex(broken), body: broken }] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents[0].body' });
    expect(await counts()).toEqual(before);
  });

  it('registers idempotently, audited once per document added; only ADMIN registers', async () => {
    const team = await seed(a).createTeam();
    expect((await register(team, ROLE, ROLE)).added).toBe(1);
    expect((await register(team, ROLE)).added).toBe(0);
    const audit = await team.call('{ auditEvents(filter: { targetType: "TrustedDocument" }) { edges { node { action after } } } }');
    expect(audit['auditEvents'].edges).toEqual([{ node: { action: 'trustedDocument.register', after: expect.objectContaining({ sha256: sha256Hex(ROLE), name: 'Role', body: ROLE }) } }]);
    const editor = await team.createKey('EDITOR');
    expect(await refused(a.url, editor.secret, REGISTER, { d: [{ hash: sha256Hex(ROLE), body: ROLE }] })).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('forgets a removed document at once, in this process and in another one', async () => {
    const team = await seed(a).createTeam();
    await register(team, ROLE);
    const hash = sha256Hex(ROLE);
    // Both processes have it cached.
    for (const gw of [a, b]) expect((await post(gw.url, team.adminKey, { documentId: hash })).status).toBe(200);
    const removed = await team.call(REMOVE, { h: [`sha256:${hash}`, sha256Hex('never registered')] });
    expect(removed['removeTrustedDocuments']).toEqual({ removed: [hash] });
    expect((await post(a.url, team.adminKey, { documentId: hash })).status).toBe(404);
    const end = Date.now() + 5_000;
    let status = 200;
    while (status !== 404 && Date.now() < end) {
      status = (await post(b.url, team.adminKey, { documentId: hash })).status;
      if (status !== 404) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(404);
    const audit = await team.call('{ auditEvents(filter: { action: "trustedDocument.remove" }) { edges { node { targetType before } } } }');
    expect(audit['auditEvents'].edges).toEqual([{ node: { targetType: 'TrustedDocument', before: expect.objectContaining({ sha256: hash }) } }]);
  });

  it('lets no client register a document by sending it with its hash (Apollo\'s APQ is off)', async () => {
    const team = await seed(a).createTeam();
    const body = 'query Sneaky { viewer { role } }';
    const both = await post(a.url, team.adminKey, { query: body, extensions: apollo(sha256Hex(body)) });
    expect(both.status).toBe(400);
    expect(both.body.errors?.[0]?.extensions?.['code']).toBe('BAD_REQUEST');
    expect((await post(a.url, team.adminKey, { extensions: apollo(sha256Hex(body)) })).status).toBe(404);
    const badVersion = await post(a.url, team.adminKey, { extensions: { persistedQuery: { version: 2, sha256Hash: sha256Hex(body) } } });
    expect(badVersion.status).toBe(400);
  });
});
