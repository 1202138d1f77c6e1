// The structure of src/ as .dependency-cruiser.cjs states it: no folder imports a folder on its
// layer or above, so no two folders form a cycle; src/ imports no test, script, development
// package or devDependency, and of the engine package only its entries; the engine package
// imports nothing of the repository outside itself; and src/README.md draws exactly these layers.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { README, drawLayers, loadLayers, withTable } from '../../scripts/layers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Cruise {
  modules: { source: string; dependencies: { resolved: string }[] }[];
  summary: { violations: { from: string; to: string; rule: { name: string } }[] };
}

async function cruise(): Promise<Cruise> {
  const bin = path.join(root, 'node_modules/.bin/depcruise');
  const { stdout } = await promisify(execFile)(bin, ['src', 'packages/engine', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Cruise;
}

/** Each top folder of src/ (and each file directly in it) as one node; its strongly connected groups of two or more. */
function folderCycles(modules: Cruise['modules']): string[][] {
  const node = (file: string) => /^src\/([^/]+)/.exec(file)?.[1];
  const edges = new Map<string, Set<string>>();
  for (const m of modules) {
    const from = node(m.source);
    if (from === undefined) continue;
    for (const d of m.dependencies) {
      const to = node(d.resolved);
      if (to === undefined || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)?.add(to);
    }
  }
  // Tarjan's strongly connected components.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (stack.includes(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w !== undefined) group.push(w);
      } while (w !== undefined && w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return groups;
}

describe('the layers of src/', () => {
  let result: Cruise;

  it('break none of the rules of .dependency-cruiser.cjs', async () => {
    result = await cruise();
    const broken = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(broken).toEqual([]);
    expect(result.modules.filter((m) => m.source.startsWith('src/')).length).toBeGreaterThan(150);
    expect(result.modules.filter((m) => m.source.startsWith('packages/engine/test/')).length).toBeGreaterThan(0);
  }, 120_000);

  it('leave no cycle between any two folders of src/', () => {
    expect(folderCycles(result.modules)).toEqual([]);
  });

  it('put every folder of src/ on a layer', async () => {
    const entries = (await readdir(path.join(root, 'src'), { withFileTypes: true }))
      .filter((e) => e.isDirectory() || e.name.endsWith('.ts'))
      .map((e) => e.name);
    const layered = new Set(loadLayers().flatMap((l) => l.folders));
    expect(entries.filter((e) => !layered.has(e))).toEqual([]);
  });

  it('are drawn in src/README.md as the rules state them (tsx scripts/layers.ts redraws it)', async () => {
    const readme = await readFile(README, 'utf8');
    expect(readme).toBe(withTable(readme, drawLayers(loadLayers())));
  });
});

describe('folderCycles', () => {
  it('finds a cycle through three folders, and none in a chain', () => {
    const mod = (source: string, ...to: string[]) => ({ source, dependencies: to.map((resolved) => ({ resolved })) });
    expect(folderCycles([mod('src/a/x.ts', 'src/b/y.ts'), mod('src/b/y.ts', 'src/c/z.ts'), mod('src/c/z.ts', 'src/a/w.ts')])).toEqual([['a', 'b', 'c']]);
    expect(folderCycles([mod('src/a/x.ts', 'src/b/y.ts'), mod('src/b/y.ts', 'src/c/z.ts')])).toEqual([]);
  });
});
