// An operationName that selects no operation of the document is refused before anything
// runs, by both executors alike (config GRAPHQL_JIT): HTTP 400 OPERATION_RESOLUTION_FAILURE
// with graphql-js's message, and no row or audit event written. The compiled gateway is
// asked each request three times (an operation is compiled on its second run).
import { startBothExecutors } from '../hardening/gateway.js';
import { teamRowCounts, testDb } from '../support/db.js';
import type { TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';

const db = testDb();
let compiled: TestGateway;
let interpreted: TestGateway;
let team: TeamFixture;

beforeAll(async () => {
  ({ compiled, interpreted } = await startBothExecutors());
  team = await seed(compiled).createTeam();
});

afterAll(async () => {
  await compiled.stop();
  await interpreted.stop();
  await db.$disconnect();
});

const CREATE_KEY = 'mutation MakeKey($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }';
const VIEWER = 'query Who { viewer { role } }';
const variables = { i: { name: 'must not exist', role: 'VIEWER' } };

interface Answer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

async function post(url: string, payload: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${team.adminKey}` },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function get(url: string, params: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${url}?${new URLSearchParams(params).toString()}`, { headers: { authorization: `Bearer ${team.adminKey}`, 'apollo-require-preflight': 'true' } });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** The interpreted answer, after checking that the compiled gateway gives it three times over. */
async function both(send: (url: string) => Promise<Answer>): Promise<Answer> {
  const reference = await send(interpreted.url);
  for (let i = 0; i < 3; i++) expect(await send(compiled.url)).toEqual(reference);
  return reference;
}

const refusal = (message: string): Answer => ({ status: 400, body: { errors: [{ message, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }] } });

describe('an operationName that selects no operation', () => {
  it('runs nothing, for a lone mutation, two operations, or none named among two', async () => {
    const before = await teamRowCounts(db, team.id);
    expect(await both((url) => post(url, { query: CREATE_KEY, operationName: 'Nope', variables }))).toEqual(refusal('Unknown operation named "Nope".'));
    expect(await both((url) => post(url, { query: `${CREATE_KEY} ${VIEWER}`, operationName: 'Nope', variables }))).toEqual(refusal('Unknown operation named "Nope".'));
    expect(await both((url) => post(url, { query: `${CREATE_KEY} ${VIEWER}`, variables }))).toEqual(refusal('Must provide operation name if query contains multiple operations.'));
    expect(await both((url) => get(url, { query: CREATE_KEY, operationName: 'Nope', variables: JSON.stringify(variables) }))).toEqual(refusal('Unknown operation named "Nope".'));
    expect(await teamRowCounts(db, team.id)).toEqual(before);
  });

  it('runs nothing once the document has been compiled under its own name', async () => {
    const document = `${CREATE_KEY} ${VIEWER}`;
    for (let i = 0; i < 3; i++) expect((await post(compiled.url, { query: document, operationName: 'Who' })).body).toEqual({ data: { viewer: { role: 'ADMIN' } } });
    const before = await teamRowCounts(db, team.id);
    expect(await both((url) => post(url, { query: document, operationName: 'Nope', variables }))).toEqual(refusal('Unknown operation named "Nope".'));
    expect(await teamRowCounts(db, team.id)).toEqual(before);
    // The same request naming its mutation does write: the refusals above are not for want of a valid mutation.
    expect((await post(compiled.url, { query: document, operationName: 'MakeKey', variables })).status).toBe(200);
    expect((await teamRowCounts(db, team.id)).apiKeys).toBe(before['apiKeys']! + 1);
  });
});
