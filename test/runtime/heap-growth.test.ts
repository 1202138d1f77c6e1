// HEAP_GROWTH_PERCENT (src/startup/heap.ts): its parsing, the flag it sets unless the command
// line set one, and that V8 honours the flag when it is set after start: a process holding a
// live heap under a 256 MB limit runs fewer full collections with it than with V8's own factor.
import { spawn } from 'node:child_process';
import { parseConfig } from '../../src/config.js';
import { heapGrowthFlag } from '../../src/startup/heap.js';

describe('HEAP_GROWTH_PERCENT', () => {
  it('is 100 by default, 0 to 1000 when set, and refuses anything else', () => {
    expect(parseConfig({}).HEAP_GROWTH_PERCENT).toBe(100);
    expect(parseConfig({ HEAP_GROWTH_PERCENT: '0' }).HEAP_GROWTH_PERCENT).toBe(0);
    expect(parseConfig({ HEAP_GROWTH_PERCENT: '250' }).HEAP_GROWTH_PERCENT).toBe(250);
    for (const bad of ['-1', '1001', '1.5', 'lots']) expect(() => parseConfig({ HEAP_GROWTH_PERCENT: bad })).toThrow(/HEAP_GROWTH_PERCENT/);
  });

  it('sets V8\'s --heap-growing-percent, except at 0 or when the command line gave one', () => {
    expect(heapGrowthFlag(100, ['--inspect'])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(0, [])).toBeNull();
    expect(heapGrowthFlag(100, ['--heap-growing-percent=300'])).toBeNull();
    expect(heapGrowthFlag(100, ['--heap_growing_percent=300'])).toBeNull();
  });
});

/** Full (mark-compact) collections of a process that keeps ~60 MB live and churns, with `flag` set after start. */
function fullCollections(flag: string | null): Promise<number> {
  const script = `
    import v8 from 'node:v8';
    import { PerformanceObserver, constants } from 'node:perf_hooks';
    if (process.argv[1]) v8.setFlagsFromString(process.argv[1]);
    let full = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++; }).observe({ entryTypes: ['gc'] });
    const live = [];
    for (let i = 0; i < 500000; i++) live.push({ a: 'x' + i, b: [i, i + 1] });
    const ring = new Array(200000);
    for (let i = 0; i < 5e6; i++) ring[i % ring.length] = { v: i, s: [i] };
    setTimeout(() => console.log(full + live.length * 0), 50);`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', '--input-type=module', '-e', script, flag ?? ''], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`exit ${code}`))));
  });
}

test('V8 honours the flag set after start: fewer full collections under a 256 MB heap', async () => {
  const own = await fullCollections(null);
  const growing = await fullCollections(heapGrowthFlag(100, []));
  expect(own).toBeGreaterThan(5);
  expect(growing).toBeLessThan(own * 0.8);
}, 60_000);
