// Malformed GraphQL-over-HTTP requests (./http-fuzz-gen.ts), each sent to a gateway of
// either executor (config GRAPHQL_JIT): none answers 5xx, both answer each alike (status and
// first error code), none runs a mutation, and the team's rows are unchanged (counts and a
// hash of every table, audit events included). FUZZ_SEED=<n> replays a run;
// HTTP_FUZZ_INPUTS=<n> changes the count (each input is two requests).
import { seededRandom } from '@mmg/engine';
import { testDb } from '../support/db.js';
import type { TestGateway } from '../support/gateway.js';
import { fullTeam, MUTATION_DOCS, validVars, type FullTeam } from '../api/support-ops.js';
import { config } from '../../src/config.js';
import { fuzzRequest, type FuzzRequest } from './http-fuzz-gen.js';
import { teamSnapshot } from './snapshot.js';
import { startBothExecutors } from './gateway.js';
import { LOOPBACK_RECEIVERS } from '../webhooks/support.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const INPUTS = Number(process.env['HTTP_FUZZ_INPUTS'] ?? 1_500);
const CONCURRENCY = 8;

const db = testDb();
let compiled: TestGateway;
let interpreted: TestGateway;
let f: FullTeam;

beforeAll(async () => {
  ({ compiled, interpreted } = await startBothExecutors(LOOPBACK_RECEIVERS));
  f = await fullTeam(compiled);
}, 60_000);

afterAll(async () => {
  await compiled.stop();
  await interpreted.stop();
  await db.$disconnect();
});

interface Answer {
  status: number;
  code: string | undefined;
  /** A mutation's field in non-null data: it ran. */
  ran: boolean;
}

async function send(url: string, r: FuzzRequest): Promise<Answer> {
  const res = await fetch(`${url}${r.search}`, { method: r.method, headers: r.headers, ...(r.body ? { body: r.body } : {}) });
  const text = await res.text();
  let body: { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: string } }> } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON (the playground's page, HEAD): judged by its status alone.
  }
  const ran = r.mutation && Object.values(body.data ?? {}).some((v) => v !== null) && !('viewer' in (body.data ?? {}));
  return { status: res.status, code: body.errors?.[0]?.extensions?.code, ran };
}

/** The request for a failure message: its method, headers and the start of its body. */
const describeRequest = (r: FuzzRequest): string =>
  `${r.method} ${r.search.slice(0, 200)} ${JSON.stringify(r.headers).slice(0, 300)} ${r.body ? JSON.stringify(r.body.subarray(0, 300).toString('latin1')) : ''}`;

describe('fuzzing GraphQL over HTTP with malformed requests', () => {
  it(`answers ${INPUTS} malformed requests on both executors without a 5xx, alike, and changes nothing`, async () => {
    console.log(`http fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const rand = seededRandom(SEED);
    const valid = validVars(f);
    const mutations = Object.keys(valid).filter((m) => m !== 'createTeam').map((m) => ({ doc: MUTATION_DOCS[m] as string, vars: valid[m] as Record<string, unknown> }));
    const ctx = { key: f.team.adminKey, mutations, maxBodyBytes: config().MAX_BODY_BYTES };
    const requests = Array.from({ length: INPUTS }, () => fuzzRequest(ctx, rand));
    const before = await teamSnapshot(db, f.team.id);
    const calls = () => [compiled, interpreted].reduce((n, env) => n + env.backends.BUILTIN.calls.length + env.backends.SAGEMAKER.calls.length, 0);
    const callsBefore = calls();

    const byStatus: Record<string, number> = {};
    const byCode: Record<string, number> = {};
    const problems: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const r = requests[next++] as FuzzRequest;
        const a = await send(compiled.url, r);
        const b = await send(interpreted.url, r);
        byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
        if (a.code) byCode[a.code] = (byCode[a.code] ?? 0) + 1;
        if (a.status >= 500 || b.status >= 500 || a.code === 'INTERNAL_SERVER_ERROR' || b.code === 'INTERNAL_SERVER_ERROR') problems.push(`HTTP ${a.status}/${b.status} (${a.code}/${b.code}): ${describeRequest(r)}`);
        else if (a.status !== b.status || a.code !== b.code) problems.push(`executors differ, ${a.status} ${a.code} vs ${b.status} ${b.code}: ${describeRequest(r)}`);
        if (a.ran || b.ran) problems.push(`a mutation ran: ${describeRequest(r)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log(`http fuzz: ${requests.length} inputs, answers by status ${JSON.stringify(byStatus)}, by error code ${JSON.stringify(byCode)}`);

    expect(problems.slice(0, 20)).toEqual([]);
    expect(await teamSnapshot(db, f.team.id)).toEqual(before);
    expect(calls()).toBe(callsBefore);
  }, 120_000);

  it('answers variables nested deeper than the call stack goes (found by the fuzz)', async () => {
    const depth = 20_000;
    const deep = (leaf: string) => `{"query":"{ viewer { role } }","variables":{"deep":${'{"a":['.repeat(depth)}${leaf}${']}'.repeat(depth)}}}`;
    for (const env of [compiled, interpreted]) {
      const post = (body: string) => fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${f.team.adminKey}` }, body });
      const plain = await post(deep('1'));
      expect([plain.status, await plain.json()]).toEqual([200, { data: { viewer: { role: 'ADMIN' } } }]);
      const nul = await post(deep('"x\\u0000"'));
      const body = (await nul.json()) as { errors: Array<{ extensions: { code: string; field: string } }> };
      expect([nul.status, body.errors[0]?.extensions.code, body.errors[0]?.extensions.field]).toEqual([400, 'BAD_USER_INPUT', `deep${'.a.0'.repeat(depth)}`]);
    }
  });

  it('answers persisted-query extensions Apollo cannot use as BAD_REQUEST, not as a masked internal error (found by the fuzz)', async () => {
    const cases = [
      { query: '{ viewer { role } }', extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } },
      { query: '{ viewer { role } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
      { query: '{ viewer { role } }', extensions: { persistedQuery: 'x' } },
    ];
    for (const env of [compiled, interpreted]) {
      for (const payload of cases) {
        const res = await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${f.team.adminKey}` }, body: JSON.stringify(payload) });
        const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
        expect([res.status, body.errors[0]?.extensions.code]).toEqual([400, 'BAD_REQUEST']);
        expect(body.errors[0]?.message).toMatch(/persisted query|sha/);
      }
    }
  });
});
