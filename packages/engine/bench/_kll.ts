import { createHash } from 'node:crypto';
import { KllSketch } from '../src/sketch/kll.js';
import { seededRandom } from '../src/random.js';
const r = seededRandom(3);
const xs = new Float64Array(4_000_000).map(() => Math.round(r() * 1e6) / 1e4);
for (let rep = 0; rep < 3; rep++) {
  const t = performance.now();
  const ss = Array.from({ length: 5 }, () => new KllSketch());
  for (let i = 0; i < xs.length; i++) ss[i % 5]!.add(xs[i]!);
  const d = createHash('sha256').update(JSON.stringify(ss.map((s) => s.toJSON()))).digest('hex').slice(0, 12);
  console.log(((performance.now() - t) / 1000).toFixed(3), 's', d);
}
