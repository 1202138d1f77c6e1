// The README's configuration table is the reference of every environment variable:
// each key of src/config.ts has a row, no row names a variable that does not exist, and a
// default written as a literal (`…`) is the one the code applies.
import { readFile } from 'node:fs/promises';
import { ConfigSchema, parseConfig } from '../../src/config.js';

async function tableRows(): Promise<Map<string, string>> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|/gm)) rows.set(m[1]!, m[2]!.trim());
  return rows;
}

test('every config key has a row in the README configuration table, and every row is a config key', async () => {
  const rows = await tableRows();
  const keys = Object.keys(ConfigSchema.shape);
  expect(keys.filter((k) => !rows.has(k))).toEqual([]);
  expect([...rows.keys()].filter((k) => !keys.includes(k))).toEqual([]);
});

test('literal defaults in the table are the defaults of src/config.ts', async () => {
  const rows = await tableRows();
  const defaults = parseConfig({}) as Record<string, unknown>;
  const wrong = [...rows].flatMap(([key, cell]) => {
    const literal = /^`([^`]*)`$/.exec(cell)?.[1];
    return literal !== undefined && String(defaults[key]) !== literal ? [`${key}: README ${literal}, code ${String(defaults[key])}`] : [];
  });
  expect(wrong).toEqual([]);
});
