// `npm run lint` as a test: lint errors fail this test while the other suites still run.
// Type-aware rules build the whole TypeScript program, so this takes tens of seconds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

it('eslint . reports no errors (eslint.config.js)', async () => {
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(['.']);
  // The config reaches every part it is meant to (an ignore too wide would pass on nothing).
  const linted = results.map((r) => path.relative(root, r.filePath));
  for (const dir of ['src/', 'test/', 'scripts/', 'graphql/', 'packages/']) expect(linted.some((f) => f.startsWith(dir))).toBe(true);
  expect(linted.some((f) => f.startsWith('src/generated/'))).toBe(false);

  const failing = ESLint.getErrorResults(results);
  const report = await (await eslint.loadFormatter('stylish')).format(failing);
  // On failure Jest prints the diff, which is eslint's own report of every error.
  expect(report).toBe('');
}, 300_000);
