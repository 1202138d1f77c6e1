// `npm run documents:manifest -- <.graphql files, folders or globs> [--out <file>]`: writes a
// persisted-documents manifest, `{ "<sha256 of the text>": "<text>" }` (graphql-codegen's
// persisted-documents.json shape), one document per operation with the fragments it uses.
// Register it with `npm run documents:register -- <file>`. `--out -` writes to stdout.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { manifestOf } from '../src/trusted-documents/manifest.js';

const GRAPHQL_FILE = /\.(graphql|gql)$/;
const GLOB = /[*?[{]/;

/** The .graphql files under a folder, at any depth. */
async function filesUnder(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  return names.filter((n) => GRAPHQL_FILE.test(n)).map((n) => path.join(dir, n));
}

/** A glob's files: those under its folder part that match it (path.matchesGlob). */
async function globFiles(pattern: string): Promise<string[]> {
  const parts = pattern.split('/');
  const fixed = parts.slice(0, parts.findIndex((p) => GLOB.test(p))).join('/') || '.';
  const names = await readdir(fixed, { recursive: true });
  return names.map((n) => path.join(fixed, n)).filter((f) => path.matchesGlob(f, path.normalize(pattern)));
}

async function expand(arg: string): Promise<string[]> {
  if (GLOB.test(arg)) return globFiles(arg);
  return (await stat(arg)).isDirectory() ? filesUnder(arg) : [arg];
}

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : 'persisted-documents.json';
const inputs = outAt >= 0 ? args.filter((_a, i) => i !== outAt && i !== outAt + 1) : args;
if (inputs.length === 0 || !out) {
  process.stderr.write('usage: npm run documents:manifest -- <.graphql files, folders or globs> [--out persisted-documents.json]\n');
  process.exit(2);
}
const files = [...new Set((await Promise.all(inputs.map(expand))).flat())].sort();
if (files.length === 0) {
  process.stderr.write(`no .graphql file matches ${inputs.join(' ')}\n`);
  process.exit(1);
}
const manifest = manifestOf(await Promise.all(files.map((f) => readFile(f, 'utf8'))));
const text = `${JSON.stringify(manifest, null, 2)}\n`;
if (out === '-') process.stdout.write(text);
else await writeFile(out, text);
process.stderr.write(`${Object.keys(manifest).length} documents from ${files.length} files${out === '-' ? '' : ` written to ${out}`}\n`);
