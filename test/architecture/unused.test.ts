// knip (knip.json): no unused file, export, dependency or devDependency, and nothing imported
// that package.json does not list.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

it('knip finds nothing unused or unlisted', async () => {
  const bin = path.join(root, 'node_modules/.bin/knip');
  const run = promisify(execFile)(bin, ['--no-progress', '--no-config-hints'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const { stdout, code } = await run.then(
    (r) => ({ stdout: r.stdout, code: 0 }),
    (e: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: `${e.stdout ?? ''}${e.stderr ?? ''}`, code: e.code ?? 1 }),
  );
  expect({ code, report: stdout.trim() }).toEqual({ code: 0, report: '' });
}, 120_000);
