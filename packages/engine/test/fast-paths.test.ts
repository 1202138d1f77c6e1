// The hand-written hot paths must behave exactly like the straightforward code they replaced.
import { FeatureAccumulator } from '../src/data-quality/feature-accumulator.js';
import { classifyTrimmed, classifyValue, lastNumber, NULL, numericValue, STRING, stringValue, type TypeCounts, type ValueClass } from '../src/data-quality/value-type.js';
import { parseCsvRecords, parseCsvRow } from '../src/parse/csv.js';
import type { Value } from '../src/parse/values.js';
import { DistinctCounter } from '../src/sketch/distinct.js';
import { KllSketch, sortNumbers } from '../src/sketch/kll.js';
import { rng } from './helpers.js';

/** The previous, RegExp-based classifier (reference). */
function classifyRegex(v: Value | undefined): ValueClass {
  if (v === null || v === undefined) return 'Null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'String';
    return Number.isInteger(v) ? 'Integral' : 'Fractional';
  }
  if (typeof v === 'boolean') return 'String';
  const s = v.trim();
  if (s === '') return 'Null';
  if (/^[+-]?\d+$/.test(s)) return 'Integral';
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(s) && Number.isFinite(Number(s))) return 'Fractional';
  return 'String';
}

const TRICKY: Array<Value | undefined> = [
  null, undefined, '', ' ', '\t\n', '\u00a0', '\ufeff', '0', '-0', '+0', '00', '007', '+', '-', '+-1', '--1', '1+', '1-',
  '12', '-3', '+4', ' 7 ', '\t8\n', '\u00a09\u00a0', '1 2', '1_000', '1,5', '1.5', '.5', '-.5', '+.5', '2.', '-2.', '.', '-.', '+.',
  '..5', '1..5', '1.2.3', '1e3', '1E3', '1e+3', '1e-3', '-1.5e-3', '.5e1', '5.e1', 'e3', '1e', '1e+', '1e-', '1e3.5', '1ee3', '1e3e3',
  '1e400', '-1e400', '1e-400', '1.7976931348623157e308', '1.8e308', 'NaN', '-NaN', 'nan', 'Infinity', '-Infinity', 'inf', 'true', 'false',
  'abc', '0x10', '0b1', '0o7', '1n', '١٢٣', '１２', '٣.٥', '1\u00a0000', 'é', '😀', '1😀', '½',
  '9'.repeat(400), '-' + '9'.repeat(400), '9'.repeat(400) + '.5', '0.' + '1'.repeat(500), '1'.repeat(309) + '.0', '1'.repeat(20) + 'e5',
  0, -0, 1, -1, 2.5, 1e21, NaN, Infinity, -Infinity, true, false, Number.MAX_VALUE, 5e-324,
];

describe('hand-written value classifier', () => {
  test.each(TRICKY.map((v) => [JSON.stringify(v) ?? String(v), v]))('%s classifies as the RegExp version did', (_, v) => {
    expect(classifyValue(v)).toBe(classifyRegex(v));
  });

  test('random strings over the numeric alphabet classify as the RegExp version did', () => {
    const r = rng(3);
    const alphabet = ['0', '1', '9', '.', 'e', 'E', '+', '-', ' ', 'x', '\u00a0'];
    const mismatches: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      let s = '';
      const len = 1 + Math.floor(r() * 8);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(r() * alphabet.length)];
      if (classifyValue(s) !== classifyRegex(s)) mismatches.push(s);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('numeric value parsed during classification', () => {
  const mismatches: string[] = [];
  const same = (s: string) => {
    const c = classifyTrimmed(s);
    if (c !== NULL && c !== STRING && !Object.is(lastNumber(), Number(s))) mismatches.push(s);
  };
  afterEach(() => expect(mismatches.splice(0)).toEqual([]));
  test('equals Number(s) on tricky inputs', () => {
    for (const v of TRICKY) if (typeof v === 'string') same(v.trim());
    for (const s of ['-0', '-0.0', '0.000000000000001', '999999999999999', '9999999999999999', '0.1', '0.3', '123456789012.345', '1234567890123456.5', '-.000000000000000000001']) same(s);
  });
  test('equals Number(s) on random decimals of every length and scale', () => {
    const r = rng(9);
    for (let n = 0; n < 50_000; n++) {
      const intLen = Math.floor(r() * 12);
      const fracLen = Math.floor(r() * 12);
      let s = r() < 0.3 ? '-' : r() < 0.1 ? '+' : '';
      for (let i = 0; i < intLen; i++) s += Math.floor(r() * 10);
      if (fracLen > 0 || r() < 0.2) s += '.';
      for (let i = 0; i < fracLen; i++) s += Math.floor(r() * 10);
      same(s);
      same((r() * 10 ** Math.floor(r() * 20 - 10)).toFixed(Math.floor(r() * 20)));
    }
  });
});

/** The previous FeatureAccumulator.add (reference), returning the same observable state. */
function referenceFeature(values: Array<Value | undefined>) {
  const types: TypeCounts = { Null: 0, Integral: 0, Fractional: 0, String: 0 };
  const cats = new Map<string, number>();
  const nums: number[] = [];
  for (const v of values) {
    const cls = classifyRegex(v);
    types[cls]++;
    if (cls === 'Null') continue;
    const s = stringValue(v as Value);
    cats.set(s, (cats.get(s) ?? 0) + 1);
    if (cls === 'Integral' || cls === 'Fractional') nums.push(numericValue(v as Value));
  }
  return { types, cats, nums };
}

describe('FeatureAccumulator fast add', () => {
  test('type counts, categories and numeric moments equal the straightforward computation', () => {
    const values = [...TRICKY, ...TRICKY.map((v) => (typeof v === 'string' ? ` ${v} ` : v))];
    const f = new FeatureAccumulator('x', { categoricalCap: 100_000 });
    for (const v of values) f.add(v);
    const ref = referenceFeature(values);
    expect(f.types).toEqual(ref.types);
    expect([...f.categories]).toEqual([...ref.cats]);
    expect(f.numCount).toBe(ref.nums.length);
    expect(f.sum).toBe(ref.nums.reduce((a, b) => a + b, 0));
    expect(f.sketch.count).toBe(ref.nums.filter(Number.isFinite).length);
  });
});

describe('saturated categories + HyperLogLog path', () => {
  test('category counts, overflow and distinct estimate equal the unfiltered computation', () => {
    const r = rng(21);
    const values = Array.from({ length: 20_000 }, () => String(Math.floor(r() * 3000)));
    const f = new FeatureAccumulator('x', { categoricalCap: 50, distinctExactCap: 100 });
    for (const v of values) f.add(v);
    const cats = new Map<string, number>();
    let overflow = 0;
    for (const v of values) {
      const c = cats.get(v);
      if (c !== undefined) cats.set(v, c + 1);
      else if (cats.size < 50) cats.set(v, 1);
      else overflow++;
    }
    expect([...f.categories]).toEqual([...cats]);
    expect(f.overflowCount).toBe(overflow);
    const d = new DistinctCounter(100);
    for (const v of values) d.add(v);
    expect(f.distinct.estimate()).toBe(d.estimate());
    expect(f.distinct.isExact).toBe(false);
  });
});

describe('sortNumbers', () => {
  test('sorts like Array.prototype.sort((a, b) => a - b), with duplicates and small/large ranges', () => {
    const r = rng(11);
    for (const n of [0, 1, 2, 3, 16, 17, 100, 1000, 5000]) {
      for (const distinct of [1, 2, 10, 1_000_000]) {
        const a = Array.from({ length: n }, () => Math.floor(r() * distinct) - distinct / 2 + (distinct > 10 ? r() : 0));
        const expected = [...a].sort((x, y) => x - y);
        sortNumbers(a, 0, a.length - 1);
        expect(a).toEqual(expected);
      }
    }
    const sorted = Array.from({ length: 3000 }, (_, i) => i);
    const reversed = [...sorted].reverse();
    sortNumbers(reversed, 0, reversed.length - 1);
    expect(reversed).toEqual(sorted);
  });
});

describe('KLL compaction', () => {
  /** The previous compaction, kept as a reference: the sketch must produce identical levels. */
  class ReferenceKll {
    levels: number[][] = [[]];
    size = 0;
    seed = 0x9e3779b9;
    constructor(readonly k = 2048, readonly c = 0.64) {}
    capacity(h: number) {
      return Math.max(2, Math.ceil(this.k * Math.pow(this.c, this.levels.length - h - 1)) + 1);
    }
    maxSize() {
      let s = 0;
      for (let h = 0; h < this.levels.length; h++) s += this.capacity(h);
      return s;
    }
    coin() {
      let x = this.seed;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      this.seed = x >>> 0;
      return (this.seed & 1) === 1;
    }
    add(x: number) {
      this.levels[0]!.push(x);
      this.size++;
      if (this.size >= this.maxSize()) this.compress();
    }
    compress() {
      for (let h = 0; h < this.levels.length; h++) {
        const level = this.levels[h]!;
        if (level.length < this.capacity(h)) continue;
        if (h + 1 >= this.levels.length) this.levels.push([]);
        level.sort((a, b) => a - b);
        const keep = level.length % 2 === 1 ? level.pop() : undefined;
        const next = this.levels[h + 1]!;
        for (let i = this.coin() ? 1 : 0; i < level.length; i += 2) next.push(level[i]!);
        level.length = 0;
        if (keep !== undefined) level.push(keep);
        this.size = this.levels.reduce((s, l) => s + l.length, 0);
        if (this.size < this.maxSize()) break;
      }
    }
  }

  test.each([
    ['uniform', (r: () => number) => r()],
    ['few distinct', (r: () => number) => Math.floor(r() * 5)],
    ['constant', () => 3],
  ])('%s input gives exactly the reference levels', (_, gen) => {
    const r = rng(5);
    const s = new KllSketch(64, 0.64);
    const ref = new ReferenceKll(64, 0.64);
    for (let i = 0; i < 50_000; i++) {
      const x = gen(r);
      s.add(x);
      ref.add(x);
    }
    expect(s.toJSON().data).toEqual(ref.levels);
  });
});

describe('CSV fast path (no quotes)', () => {
  const cases = ['a,b,c', 'a,b,c\n', 'a,b,c\r\n', 'a,,c,', ',', '', ' a , b ', 'a\rb,c', 'a,b\r\r', '1.5,2,x y'];
  /** Forces the quoted (scanning) path on the same fields by quoting each one. */
  const quoteAll = (t: string) => t.split(',').map((f) => `"${f}"`).join(',');
  test.each(cases)('parseCsvRow(%j) splits at every delimiter', (t) => {
    const src = t.endsWith('\r\n') ? t.slice(0, -2) : t.endsWith('\n') ? t.slice(0, -1) : t;
    expect(parseCsvRow(t)).toEqual({ ok: true, value: src.split(',') });
    if (!src.includes('\n') && !src.includes('\r')) expect(parseCsvRow(quoteAll(src))).toEqual({ ok: true, value: src.split(',') });
  });
  test('records: lines split, blank lines skipped, one trailing \\r removed', () => {
    expect(parseCsvRecords('1,2\r\n\n  \n3,4\n5,6\r')).toEqual({ ok: true, value: [['1', '2'], ['3', '4'], ['5', '6']] });
    expect(parseCsvRecords('')).toEqual({ ok: true, value: [] });
    expect(parseCsvRecords('a;b', undefined, ';')).toEqual({ ok: true, value: [['a', 'b']] });
    expect(parseCsvRecords('"a,b",c\nd,e')).toEqual({ ok: true, value: [['a,b', 'c'], ['d', 'e']] });
  });
});
