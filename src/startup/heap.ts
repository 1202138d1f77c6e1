// How far a gateway or worker process lets its V8 heap grow between full collections (config
// HEAP_GROWTH_PERCENT). After each full collection V8 sets the next one's trigger at the heap
// it kept times a factor it picks from its heap limit: with this machine's limit (about 4 GB)
// the heap under bench:soak's load reached 4.5 times the live heap; under a 256 MB limit (what
// Node.js gives itself in a 512 MB container) the factor is small and full collections come
// one after another. A fixed factor holds the heap to a multiple of what is live in both
// cases (README "Memory under load"). V8 reads the flag at every full collection, so it is set
// here, at start, however the process was started; one given on the command line (`node
// --heap-growing-percent=…`; NODE_OPTIONS may not carry it) is left as it is.
import v8 from 'node:v8';
import type { Config } from '../config.js';

const FLAG = '--heap-growing-percent';

/** The V8 flag to set (null: none), given the setting and the process's command-line flags. */
export function heapGrowthFlag(percent: number, execArgv: readonly string[]): string | null {
  if (percent === 0 || execArgv.some((a) => a.replaceAll('_', '-').startsWith(FLAG))) return null;
  return `${FLAG}=${percent}`;
}

/** Sets this process's heap growth, unless its command line set it. */
export function setHeapGrowth(cfg: Pick<Config, 'HEAP_GROWTH_PERCENT'>): void {
  const flag = heapGrowthFlag(cfg.HEAP_GROWTH_PERCENT, process.execArgv);
  if (flag) v8.setFlagsFromString(flag);
}
