// Refusals from GraphQL's own variable coercion name the offending variable path, like
// our BAD_USER_INPUT does; NUL characters are refused at the edge for every operation.
import { refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { teamRowCounts, testDb } from '../support/db.js';
import { monitorInput, seed } from '../support/seed.js';
import { MUTATION_DOCS } from '../api/support-ops.js';

let env: TestGateway;
const db = testDb();
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(async () => {
  await db.$disconnect();
  await env.stop();
});

describe('refused variables name their path', () => {
  it('wrong types, unknown and missing fields, nulls and NUL characters', async () => {
    const team = await seed(env).createTeam();
    const before = await teamRowCounts(db, team.id);
    const doc = MUTATION_DOCS['createMonitor'] as string;
    const valid = monitorInput('DATA_QUALITY');
    const cases: Array<[Record<string, unknown> | null, string]> = [
      [{ ...valid, name: 42 }, 'input.name'],
      [{ ...valid, endpointInput: { endpointName: ['x'] } }, 'input.endpointInput.endpointName'],
      [{ ...valid, bogusField: 1 }, 'input.bogusField'],
      [{ ...valid, endpointInput: { endpointName: 'ep', nope: true } }, 'input.endpointInput.nope'],
      [{ ...valid, name: undefined }, 'input.name'],
      [{ ...valid, type: 'data_quality' }, 'input.type'],
      [null, 'input'],
      [{ ...valid, name: 'nul\u0000name' }, 'input.name'],
      [{ ...valid, environment: [{ name: 'A', value: 'x\u0000' }] }, 'input.environment.0.value'],
    ];
    for (const [input, field] of cases) {
      const r = await refused(env.url, team.adminKey, doc, { input });
      expect({ field: r.field, code: r.code }).toEqual({ field, code: 'BAD_USER_INPUT' });
    }
    expect(await teamRowCounts(db, team.id)).toEqual(before);
  });
});
