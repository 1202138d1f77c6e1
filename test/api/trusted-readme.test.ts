// The README's "Sending a hash" commands, run as printed (bash, curl, jq) against a test
// gateway: the only change is the gateway's address in place of localhost:4000. Each of the
// three requests must run the registered document of persisted-documents.json.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { sha256Hex } from '../../src/trusted-documents/manifest.js';

const tools = ['bash', 'curl', 'jq'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
if (tools.length > 0) process.stderr.write(`test/api/trusted-readme.test.ts: SKIPPED, ${tools.join(', ')} not installed\n`);
const maybe = tools.length === 0 ? describe : describe.skip;

/** The bash block after the README's "**Sending a hash**" paragraph. */
async function readmeCommands(): Promise<string> {
  const readme = await readFile('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('**Sending a hash**'));
  const block = /```bash\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README: no bash block after "Sending a hash"');
  return block[1]!;
}

maybe('README: sending a trusted document by hash', () => {
  let env: TestGateway;
  let dir: string;
  beforeAll(async () => {
    env = await startTestGateway();
    dir = await mkdtemp(join(tmpdir(), 'trusted-readme-'));
  });
  afterAll(async () => {
    await env?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs the registered document with each of the three commands, as printed', async () => {
    const team = await seed(env).createTeam();
    const body = 'query Role { viewer { role } }';
    await writeFile(join(dir, 'persisted-documents.json'), JSON.stringify({ [sha256Hex(body)]: body }));
    await team.call('mutation($d: [TrustedDocumentInput!]!) { registerTrustedDocuments(documents: $d) { added } }', { d: [{ hash: sha256Hex(body), body }] });
    const commands = await readmeCommands();
    expect(commands.match(/localhost:4000/g)).toHaveLength(3);
    // Asynchronously: the gateway answering curl runs in this process.
    const run = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', commands.replaceAll('localhost:4000', new URL(env.url).host)], {
      cwd: dir, encoding: 'utf8', timeout: 20_000, env: { ...process.env, KEY: team.adminKey },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.match(/\{"data":\{"viewer":\{"role":"ADMIN"\}\}\}/g)).toHaveLength(3);
  });
});
