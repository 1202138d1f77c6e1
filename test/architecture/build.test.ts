// What `npm run build` compiles into dist/: the product only, never a test, a test double or the
// local SageMaker server (they reach the program through a bench script's imports if not kept out).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

it('the production build holds no test, test double or development server', async () => {
  const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--listFilesOnly'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ours = stdout.split('\n').map((f) => path.relative(root, f.trim())).filter((f) => f !== '' && !f.startsWith('..') && !f.startsWith('node_modules/'));
  expect(ours.some((f) => f.startsWith('src/'))).toBe(true);
  expect(ours.filter((f) => f.startsWith('test/') || f.startsWith('packages/local-sagemaker/'))).toEqual([]);
}, 120_000);
