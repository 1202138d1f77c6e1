// Draws src/README.md's layer table from .dependency-cruiser.cjs, the rules `npm test` enforces.
// `tsx scripts/layers.ts` rewrites the table; test/architecture/layers.test.ts fails when the
// README's table is not what the rules draw.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Layer {
  name: string;
  folders: string[];
  holds: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const README = path.join(root, 'src/README.md');
const START = '<!-- layers:start (drawn by scripts/layers.ts from .dependency-cruiser.cjs) -->';
const END = '<!-- layers:end -->';

export function loadLayers(): Layer[] {
  const config = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs')) as { layers: Layer[] };
  return config.layers;
}

/** The table, top layer first: each row may import only the rows below it. */
export function drawLayers(layers: Layer[]): string {
  const rows = [...layers].reverse().map((l) => {
    const names = l.folders.map((f) => (f.endsWith('.ts') ? `\`${f}\`` : `\`${f}/\``)).join(', ');
    return `| ${l.name} | ${names} | ${l.holds} |`;
  });
  return [START, '| layer | folders | holds |', '|---|---|---|', ...rows, END].join('\n');
}

/** The README with its table replaced by `table`; throws when the markers are missing. */
export function withTable(readme: string, table: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`src/README.md has no layer table markers (${START} … ${END})`);
  return readme.slice(0, from) + table + readme.slice(to + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = await readFile(README, 'utf8');
  await writeFile(README, withTable(readme, drawLayers(loadLayers())));
}
