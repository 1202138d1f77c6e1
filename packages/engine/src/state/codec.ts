// Accumulators as JSON-safe values and back, so a run's parts (threads, worker processes) can hand
// their state to the one that merges them. The encoding is structural: class instances by their
// registered class name and own fields, Maps and Sets as entry lists, typed arrays compactly, and the
// numbers JSON lacks (NaN, ±Infinity) tagged. Caches a class rebuilds by itself are not written.
// Reading checks the shape with zod and accepts only the registered classes.
import { z } from 'zod';

export type Encoded =
  | null
  | boolean
  | number
  | string
  | Encoded[]
  | { $n: 'NaN' | 'Infinity' | '-Infinity' }
  | { $map: Array<[Encoded, Encoded]> }
  | { $set: Encoded[] }
  | { $f64: number; nz: Array<[number, number]> }
  | { $u8: string }
  | { $rec: Record<string, Encoded> }
  | { $obj: string; f: Record<string, Encoded> };

/** Deeper than any state the codec writes: a deeper value is refused rather than recursed into. */
const MAX_DEPTH = 64;

const isRecordOf = (v: object, depth: number): boolean => Object.values(v).every((x) => isEncoded(x, depth));
const hasKeys = (v: object, keys: readonly string[]): boolean => {
  const own = Object.keys(v);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(v, k));
};
const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const isPair = (v: unknown, first: (x: unknown) => boolean, second: (x: unknown) => boolean): boolean =>
  Array.isArray(v) && v.length === 2 && first(v[0]) && second(v[1]);

/**
 * Whether `v` has the shape of an Encoded value (finite numbers; each tagged object with exactly its
 * keys). Checked by hand rather than as a zod union of the twelve shapes: a state holds some 10^5
 * values (KLL items, category counts), and the union spent 30–80 ms a state trying its options.
 */
function isEncoded(v: unknown, depth = 0): v is Encoded {
  if (v === null) return true;
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v);
    case 'boolean':
    case 'string':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (depth >= MAX_DEPTH) return false;
  const d = depth + 1;
  if (Array.isArray(v)) {
    for (const x of v) if (!isEncoded(x, d)) return false;
    return true;
  }
  const isE = (x: unknown) => isEncoded(x, d);
  const o = v as Record<string, unknown>;
  if (hasKeys(o, ['$n'])) return o.$n === 'NaN' || o.$n === 'Infinity' || o.$n === '-Infinity';
  if (hasKeys(o, ['$map'])) return Array.isArray(o.$map) && o.$map.every((e) => isPair(e, isE, isE));
  if (hasKeys(o, ['$set'])) return Array.isArray(o.$set) && o.$set.every(isE);
  if (hasKeys(o, ['$f64', 'nz'])) return isCount(o.$f64) && Array.isArray(o.nz) && o.nz.every((e) => isPair(e, isCount, (x) => typeof x === 'number' && Number.isFinite(x)));
  if (hasKeys(o, ['$u8'])) return typeof o.$u8 === 'string';
  if (hasKeys(o, ['$rec'])) return typeof o.$rec === 'object' && o.$rec !== null && !Array.isArray(o.$rec) && isRecordOf(o.$rec, d);
  if (hasKeys(o, ['$obj', 'f'])) return typeof o.$obj === 'string' && typeof o.f === 'object' && o.f !== null && !Array.isArray(o.f) && isRecordOf(o.f, d);
  return false;
}

export const encodedSchema: z.ZodType<Encoded> = z.custom<Encoded>((v) => isEncoded(v), { message: 'not an encoded state value' });

interface ClassEntry {
  proto: object;
  /** Fields not written (caches), with their empty value on reading. */
  transient: Record<string, () => unknown>;
}

/** A class whose instances can be written and read. */
export interface Codec {
  encode(v: unknown): Encoded;
  /** Throws on a class not registered or a malformed typed array (callers catch and word it). */
  decode(e: Encoded): unknown;
}

type Ctor = abstract new (...args: never[]) => object;

export function codecOf(classes: ReadonlyArray<[Ctor, Record<string, () => unknown>?]>): Codec {
  const byName = new Map<string, ClassEntry>();
  const byProto = new Map<object, [string, ClassEntry]>();
  for (const [cls, transient] of classes) {
    const entry = { proto: cls.prototype as object, transient: transient ?? {} };
    byName.set(cls.name, entry);
    byProto.set(entry.proto, [cls.name, entry]);
  }
  const encode = (v: unknown): Encoded => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $n: String(v) as 'NaN' | 'Infinity' | '-Infinity' };
    if (Array.isArray(v)) return v.map(encode);
    if (v instanceof Map) return { $map: [...v].map(([k, x]) => [encode(k), encode(x)]) };
    if (v instanceof Set) return { $set: [...v].map(encode) };
    if (v instanceof Float64Array) {
      const nz: Array<[number, number]> = [];
      v.forEach((x, i) => x !== 0 && nz.push([i, x]));
      return { $f64: v.length, nz };
    }
    if (v instanceof Uint8Array) return { $u8: Buffer.from(v).toString('base64') };
    if (typeof v !== 'object') throw new Error(`state: cannot write a ${typeof v}`);
    const proto = Object.getPrototypeOf(v) as object | null;
    const fields = (skip: Record<string, unknown>) => {
      const f: Record<string, Encoded> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined && !(k in skip)) f[k] = encode(x);
      return f;
    };
    if (proto === Object.prototype || proto === null) return { $rec: fields({}) };
    const cls = byProto.get(proto);
    if (!cls) throw new Error(`state: class ${(proto as { constructor?: { name?: string } }).constructor?.name ?? '?'} is not registered`);
    return { $obj: cls[0], f: fields(cls[1].transient) };
  };
  const decode = (e: Encoded): unknown => {
    if (e === null || typeof e !== 'object') return e;
    if (Array.isArray(e)) return e.map(decode);
    if ('$n' in e) return Number(e.$n);
    if ('$map' in e) return new Map(e.$map.map(([k, x]) => [decode(k), decode(x)]));
    if ('$set' in e) return new Set(e.$set.map(decode));
    if ('$f64' in e) {
      const a = new Float64Array(e.$f64);
      for (const [i, x] of e.nz) {
        if (i >= a.length) throw new Error('state: typed array index out of range');
        a[i] = x;
      }
      return a;
    }
    if ('$u8' in e) return new Uint8Array(Buffer.from(e.$u8, 'base64'));
    if ('$rec' in e) return Object.fromEntries(Object.entries(e.$rec).map(([k, x]) => [k, decode(x)]));
    const cls = byName.get(e.$obj);
    if (!cls) throw new Error(`state: unknown class ${e.$obj}`);
    const o = Object.create(cls.proto) as Record<string, unknown>;
    for (const [k, x] of Object.entries(e.f)) o[k] = decode(x);
    for (const [k, make] of Object.entries(cls.transient)) o[k] = make();
    return o;
  };
  return { encode, decode };
}
