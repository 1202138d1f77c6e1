// Each table is read one way (src/README.md, "Reads"): every model of prisma/schema.prisma
// is listed there, a table read with SQL is never read by a Prisma query, a table read with
// Prisma never by a SELECT, and `$queryRaw` is not used. A text check of src/: it sees
// model reads and the FROM/JOIN of SQL reads, not an include or a relation filter.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const file = `${dir}/${e.name}`;
    if (e.isDirectory()) return file === 'src/generated' ? [] : sources(file);
    return e.name.endsWith('.ts') ? [file] : [];
  });
}

/** The tables of the README's Reads table, by read style. */
function readStyles(): { sql: string[]; prisma: string[] } {
  const readme = read('src/README.md');
  const section = readme.slice(readme.indexOf('\n## Reads\n'), readme.indexOf('\n## ', readme.indexOf('\n## Reads\n') + 1));
  const styles = { sql: [] as string[], prisma: [] as string[] };
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const style = /^(SQL|Prisma)\b/.exec(cells[2] ?? '')?.[1];
    if (style) styles[style === 'SQL' ? 'sql' : 'prisma'].push(...(cells[1] ?? '').split(',').map((t) => t.trim()));
  }
  return styles;
}

const PRISMA_READ = 'findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|count|aggregate|groupBy';
const camel = (model: string) => model[0]!.toLowerCase() + model.slice(1);
/** The string and template literals of a file that are SQL reads (start with SELECT or WITH). */
const selects = (text: string) => (text.match(/`[^`]*`|'[^'\n]*'/g) ?? []).filter((s) => /^.\s*(SELECT|WITH)\b/i.test(s));

it('lists every model once in src/README.md, under Reads', () => {
  const models = [...read('prisma/schema.prisma').matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
  const { sql, prisma } = readStyles();
  expect([...sql, ...prisma].sort()).toEqual([...models].sort());
});

it('reads each table only in its read style, and uses no $queryRaw', () => {
  const { sql, prisma } = readStyles();
  const found: string[] = [];
  for (const file of sources('src')) {
    const text = read(file);
    for (const model of sql) {
      for (const m of text.matchAll(new RegExp(`\\.${camel(model)}\\.(${PRISMA_READ})\\(`, 'g'))) found.push(`${file}: ${model} read by Prisma (${m[1]})`);
    }
    for (const statement of selects(text)) {
      for (const model of prisma) if (new RegExp(`(FROM|JOIN)\\s+"${model}"`).test(statement)) found.push(`${file}: ${model} read by SQL`);
    }
    if (/\$queryRaw\b(?!Unsafe)/.test(text.replace(/^\s*(\/\/|\*).*$/gm, ''))) found.push(`${file}: $queryRaw`);
  }
  expect(found).toEqual([]);
});

it('sees the reads it looks for', () => {
  // The checks above find nothing in src/; this shows they would find a read of either kind.
  expect([...'const r = await db.schedule.findMany({ where: {} });'.matchAll(new RegExp(`\\.${camel('Schedule')}\\.(${PRISMA_READ})\\(`, 'g'))]).toHaveLength(1);
  expect(selects("const GET = `SELECT x.\"id\" FROM \"Team\" x WHERE x.\"id\" = $1`; const W = 'UPDATE \"Team\" SET a = 1';")).toEqual(['`SELECT x."id" FROM "Team" x WHERE x."id" = $1`']);
  expect(readStyles().sql).toContain('Schedule');
  expect(readStyles().prisma).toContain('Team');
});
