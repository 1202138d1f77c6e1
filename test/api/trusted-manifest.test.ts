// Persisted-documents manifests: the hash is graphql-codegen's (sha256 of the exact text; the
// pair below is from the client preset's own test with hashAlgorithm 'sha256'), our command
// writes its shape from .graphql files, and the register command sends one to the gateway.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { manifestOf, sha256Hex } from '../../src/trusted-documents/manifest.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';

const run = promisify(execFile);
const tsx = (script: string, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', `scripts/${script}`, ...args], { env: { ...process.env, NODE_OPTIONS: '', ...env } });

let env: TestGateway;
let dir: string;
beforeAll(async () => {
  env = await startTestGateway();
  dir = await mkdtemp(path.join(tmpdir(), 'mmg-documents-'));
});
afterAll(async () => {
  await env.stop();
  await rm(dir, { recursive: true, force: true });
});

it('hashes as graphql-codegen\'s client preset does with hashAlgorithm sha256', () => {
  // persisted-documents.json of the preset's test 'hashAlgorithm="sha256"'.
  expect(sha256Hex('query A { a }')).toBe('7d0eedabb966107835cf307a0ebaf93b5d2cb8c30228611ffe3d27a53c211a0c');
  expect(sha256Hex('query B { b }')).toBe('a62a11aa72041e38d8c12ef77e1e7c208d9605db60bb5abb1717e8af98e4b410');
});

it('makes one document per operation, with the fragments it uses', () => {
  const manifest = manifestOf(['query Q { ...F }', 'fragment F on Query { viewer { ...G } }\nfragment G on Viewer { role }\nfragment Unused on Viewer { role }']);
  const [text] = Object.values(manifest);
  expect(Object.keys(manifest)).toEqual([sha256Hex(text!)]);
  expect(text).toBe('query Q {\n  ...F\n}\n\nfragment F on Query {\n  viewer {\n    ...G\n  }\n}\n\nfragment G on Viewer {\n  role\n}');
  expect(() => manifestOf(['query Q { ...Missing }'])).toThrow(/Missing/);
});

it('writes the manifest from .graphql files and globs, and registers it through the gateway', async () => {
  await mkdir(path.join(dir, 'ops'), { recursive: true });
  await writeFile(path.join(dir, 'ops/role.graphql'), 'query Role { viewer { role } }\n');
  await writeFile(path.join(dir, 'ops/team.graphql'), 'query Team { viewer { team { ...T } } }\nfragment T on Team { slug }\n');
  const out = path.join(dir, 'persisted-documents.json');
  await tsx('documents-manifest.ts', [path.join(dir, 'ops/*.graphql'), '--out', out]);
  const manifest = JSON.parse(await readFile(out, 'utf8')) as Record<string, string>;
  expect(Object.keys(manifest)).toHaveLength(2);
  for (const [hash, text] of Object.entries(manifest)) {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(sha256Hex(text));
  }
  const team = await seed(env).createTeam();
  const { stdout } = await tsx('documents-register.ts', [out], { MMG_API_KEY: team.adminKey, GATEWAY_URL: env.url });
  expect(stdout).toContain('2 documents registered (2 new');
  const hash = Object.entries(manifest).find(([, text]) => text.startsWith('query Team'))![0];
  const res = await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${team.adminKey}` }, body: JSON.stringify({ documentId: `sha256:${hash}` }) });
  expect(await res.json()).toEqual({ data: { viewer: { team: { slug: team.slug } } } });
}, 60_000);
