// 10,000 generated known-bad inputs over every mutation of the schema: none answers an
// internal error, every refusal has a code (and, for BAD_USER_INPUT, the field), nothing
// is accepted, and the team's rows are unchanged (counts and a hash of every table).
// FUZZ_SEED=<n> replays a run; FUZZ_INPUTS=<n> changes the count.
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { seededRandom } from '@mmg/engine';
import { testDb } from '../support/db.js';
import type { TestGateway } from '../support/gateway.js';
import { ADMIN_TOKEN, ADMIN_TOKEN_MUTATIONS, fullTeam, MUTATION_DOCS, validVars, type FullTeam } from '../api/support-ops.js';
import { badValue, positions, withValue, type Position } from './fuzz-gen.js';
import { teamSnapshot } from './snapshot.js';
import { NO_RATE_LIMIT, startGatewayWith } from './gateway.js';
import { LOOPBACK_RECEIVERS } from '../webhooks/support.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const INPUTS = Number(process.env['FUZZ_INPUTS'] ?? 10_000);
const CONCURRENCY = 8;

let env: TestGateway;
const db = testDb();
beforeAll(async () => {
  env = await startGatewayWith({ ...NO_RATE_LIMIT, ...LOOPBACK_RECEIVERS }); // one key sends 10,000 requests
});
afterAll(async () => {
  await db.$disconnect();
  await env.stop();
});

interface Input {
  mutation: string;
  path: string;
  key: string;
  vars: Record<string, unknown>;
}

function generate(f: FullTeam, mutations: string[], schema: ReturnType<typeof buildClientSchema>, rand: () => number): Input[] {
  const valid = validVars(f);
  const table = mutations.map((m) => ({ m, positions: positions(schema, MUTATION_DOCS[m] as string) }));
  const inputs: Input[] = [];
  for (let i = 0; inputs.length < INPUTS; i++) {
    const { m, positions: ps } = table[i % table.length] as { m: string; positions: Position[] };
    const p = ps[Math.floor(rand() * ps.length)] as Position;
    const value = badValue(p.type, p.path.at(-1) as string, rand, isSet(valid[m] ?? {}, p.path));
    if (value === undefined) continue; // no known-bad value at this position (nullable JSON)
    inputs.push({ mutation: m, path: p.path.join('.'), key: ADMIN_TOKEN_MUTATIONS.includes(m) ? ADMIN_TOKEN() : f.team.adminKey, vars: withValue(valid[m] ?? {}, p.path, value) });
  }
  return inputs;
}

describe('fuzzing every mutation with known-bad inputs', () => {
  let f: FullTeam;
  let schema: ReturnType<typeof buildClientSchema>;
  let all: string[];
  beforeAll(async () => {
    f = await fullTeam(env);
    const intro = await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${f.team.adminKey}` }, body: JSON.stringify({ query: getIntrospectionQuery() }) });
    schema = buildClientSchema(((await intro.json()) as { data: IntrospectionQuery }).data);
    all = Object.keys(schema.getMutationType()?.getFields() ?? {}).sort();
  });
  const covered = (m: string) => m in MUTATION_DOCS && m in validVars(f);

  it('has a document and valid variables for every mutation of the schema', () => {
    const missing = all.filter((m) => !covered(m));
    expect(missing.map((m) => `${m}: add MUTATION_DOCS['${m}'] and validVars(f)['${m}'] (variables with which it succeeds) to test/api/support-ops.ts`)).toEqual([]);
  });

  it(`refuses ${INPUTS} generated inputs cleanly and changes nothing`, async () => {
    // Mutations without a case are reported by the test above; the others are fuzzed anyway.
    const mutations = all.filter(covered);

    console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const inputs = generate(f, mutations, schema, seededRandom(SEED));
    const before = await teamSnapshot(db, f.team.id);
    const callsBefore = env.backends.BUILTIN.calls.length + env.backends.SAGEMAKER.calls.length;

    const byCode: Record<string, number> = {};
    const problems: string[] = [];
    let internal = 0;
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < inputs.length) {
        const input = inputs[next++] as Input;
        const res = await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${input.key}` }, body: JSON.stringify({ query: MUTATION_DOCS[input.mutation], variables: input.vars }) });
        const body = (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> };
        const error = body.errors?.[0];
        const code = error?.extensions?.code ?? 'ACCEPTED';
        byCode[code] = (byCode[code] ?? 0) + 1;
        const where = `${input.mutation} ${input.path}=${JSON.stringify(withoutHuge(input.vars)).slice(0, 300)}`;
        if (code === 'INTERNAL_SERVER_ERROR' || res.status >= 500) {
          internal++;
          problems.push(`internal error (${res.status}): ${where}`);
        } else if (!error) problems.push(`accepted: ${where}`);
        else if (code === 'BAD_USER_INPUT' && !error.extensions?.field) problems.push(`BAD_USER_INPUT without field: ${where} → ${error.message.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz: ${inputs.length} inputs over ${mutations.length} mutations in ${seconds.toFixed(1)} s; refusals by code ${JSON.stringify(byCode)}; internal errors ${internal}`);

    expect(problems.slice(0, 30)).toEqual([]);
    expect(internal).toBe(0);
    expect(await teamSnapshot(db, f.team.id)).toEqual(before);
    expect(env.backends.BUILTIN.calls.length + env.backends.SAGEMAKER.calls.length).toBe(callsBefore);
    // createTeam (admin token) made no team: no team has a slug the fuzz sent.
    const slugs = inputs.filter((i) => i.mutation === 'createTeam').map((i) => (i.vars['input'] as { slug?: unknown } | null)?.slug).filter((s): s is string => typeof s === 'string' && s.length <= 100 && !s.includes('\u0000'));
    expect(await db.team.count({ where: { slug: { in: slugs } } })).toBe(0);
  }, 240_000);
});

/** Whether the valid variables set this position (a list element stands for its list). */
function isSet(vars: unknown, path: string[]): boolean {
  let node = vars;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== undefined && node !== null;
}

/** Variables for a message: huge strings shortened. */
function withoutHuge(v: unknown): unknown {
  if (typeof v === 'string') return v.length > 60 ? `<${v.length} chars>` : v;
  if (Array.isArray(v)) return v.map(withoutHuge);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutHuge(x)]));
  return v;
}
