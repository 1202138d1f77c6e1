// The SDL lives in graphql/*.graphql, one file per domain, read once at start.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Finds graphql/ from src/graphql (tsx, jest) or dist/src/graphql (built). */
async function sdlDir(): Promise<string> {
  for (const up of ['../..', '../../..']) {
    const dir = path.resolve(here, up, 'graphql');
    const files = await readdir(dir).catch(() => null);
    if (files?.some((f) => f.endsWith('.graphql'))) return dir;
  }
  throw new Error(`graphql/ SDL directory not found from ${here}`);
}

export async function loadSchemaDocument(): Promise<string> {
  const dir = await sdlDir();
  const files = (await readdir(dir)).filter((f) => f.endsWith('.graphql')).sort();
  const parts = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
  return parts.join('\n');
}
