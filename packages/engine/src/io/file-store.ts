// file:// driver: a prefix lists files under its directory whose path starts with it.
import { createReadStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ObjectStore } from './store.js';

const toPath = (uri: string): string => fileURLToPath(uri);

export class FileStore implements ObjectStore {
  async *list(prefixUri: string): AsyncIterable<string> {
    const prefix = toPath(prefixUri);
    // Walk from the deepest existing directory of the prefix, keep paths that start with it.
    const dir = prefixUri.endsWith('/') ? prefix : dirname(prefix);
    const paths: string[] = [];
    await walk(dir, paths);
    for (const p of paths.sort()) if (p.startsWith(prefix)) yield pathToFileURL(p).href;
  }

  async read(uri: string): Promise<Readable> {
    const stream = createReadStream(toPath(uri));
    // Surface a missing file as a rejected promise, not a later stream error.
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    return stream;
  }

  async readText(uri: string): Promise<string | null> {
    try {
      return await readFile(toPath(uri), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /** Atomic (write then rename), so a reader never sees half a report. */
  async writeText(uri: string, text: string): Promise<void> {
    const path = toPath(uri);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, path);
  }
}

async function walk(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}
