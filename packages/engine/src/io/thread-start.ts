// Starts one of the engine's worker threads: the compiled entry, or from the sources (tests, tsx)
// a bootstrap that registers tsx in the thread first.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const SOURCES = import.meta.url.endsWith('.ts');

/** `name`: the entry's file name in this folder, without extension. */
export function startThread(name: string, workerData: unknown): Worker {
  const entry = new URL(`./${name}${SOURCES ? '.ts' : '.js'}`, import.meta.url);
  if (!SOURCES) return new Worker(entry, { workerData });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
