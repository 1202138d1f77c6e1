// API key secrets never leave in clear after creation: not in any log line (pino output
// captured at trace level) nor in any later response; introspection follows config.
import { startGateway } from '../../src/runtime/index.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { config, type Config } from '../../src/config.js';
import { gql, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { MUTATION_DOCS, TEAM_SNAPSHOT } from '../api/support-ops.js';
import { capturedLog, type CapturedLog } from './log-capture.js';

const started: TestGateway[] = [];
async function start(overrides: Partial<Config> = {}, log: CapturedLog = capturedLog()): Promise<TestGateway> {
  const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };
  const gateway = await startGateway({ config: { ...config(), PORT: 0, LOG_LEVEL: 'trace', ...overrides }, backends, log: log.log });
  const env = { gateway, backends, url: gateway.url, stop: () => gateway.stop() };
  started.push(env);
  return env;
}
afterAll(async () => {
  await Promise.all(started.map((g) => g.stop()));
});

describe('API key secrets', () => {
  it('never appear in a log line or a later response, whatever happens to the key', async () => {
    const log = capturedLog('trace');
    const env = await start({}, log);
    const team = await seed(env).createTeam();
    const editor = await team.createKey('EDITOR');
    const secrets = [team.adminKey, editor.secret];
    const responses: string[] = [];
    const call = async (key: string | null, q: string, v?: Record<string, unknown>) => responses.push(JSON.stringify(await gql(env.url, key, q, v)));
    await call(editor.secret, '{ viewer { role team { id } } }');
    await call(team.adminKey, TEAM_SNAPSHOT);
    await call(team.adminKey, '{ auditEvents(first: 100) { edges { node { action before after actor } } } }');
    await call(editor.secret, '{ nonsense }'); // a refused query is logged
    await call(`${editor.secret}x`, '{ viewer { role } }'); // a wrong key
    await call(editor.secret, 'mutation { createTeam(input: { slug: "x", displayName: "y" }) { secret } }');
    await call(team.adminKey, MUTATION_DOCS['revokeApiKey'] as string, { id: editor.id });
    await call(editor.secret, '{ viewer { role } }'); // revoked
    expect(log.lines.length).toBeGreaterThan(0);
    const leaked = secrets.filter((s) => log.text().includes(s) || log.text().includes(s.slice(-24)));
    expect(leaked.map((s) => `${s.slice(0, 13)}… in the logs`)).toEqual([]);
    // Only the mutation that made a key answered its secret (checked by the seed); no later response does.
    expect(secrets.filter((s) => responses.some((r) => r.includes(s.slice(-24))))).toEqual([]);
  });
});

describe('introspection', () => {
  it('is on by default and refused with a clear code when INTROSPECTION=false; suggestions are hidden from anyone', async () => {
    expect(config().INTROSPECTION).toBe(true);
    const off = await start({ INTROSPECTION: false });
    const team = await seed(off).createTeam();
    const r = await gql(off.url, team.adminKey, '{ __schema { types { name } } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
    expect((await gql(off.url, team.adminKey, '{ __type(name: "Monitor") { name } }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await gql(off.url, team.adminKey, '{ viewer { role } }')).errors).toBeUndefined();
    for (const key of [null, team.adminKey]) {
      const typo = await gql(off.url, key, '{ monitorz { edges { node { id } } } }');
      expect(typo.errors?.[0]?.message).toMatch(/Cannot query field "monitorz"/);
      expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean|"monitors"/);
    }
  });
});
