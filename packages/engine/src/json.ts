// Reading JSON documents from outside (baseline reports, user-edited constraints) through zod.
// Clarify (Python's json module) writes ±Infinity as bare `Infinity` tokens: the engine reads
// and writes them the same way.
import type { z } from 'zod';
import { err, ok, type Result } from './errors.js';

/** First three zod issues as "path: message; ...". */
export function summarizeIssues(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/** Strings, or a bare (-)Infinity token outside them. */
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\bInfinity\b/g;

/** JSON.parse that also takes Python's bare `Infinity` / `-Infinity` (as ±Infinity). Throws like JSON.parse. */
export function parseJsonText(text: string): unknown {
  const t = text.includes('Infinity') ? text.replace(TOKENS, (m) => (m.startsWith('"') ? m : m.startsWith('-') ? '-1e999' : '1e999')) : text;
  return JSON.parse(t);
}

const INF = '\u0000Infinity';

/** JSON.stringify that writes ±Infinity as Python's json module does (bare `Infinity`), not null. */
export function stringifyJson(value: unknown): string {
  let found = false;
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v !== Infinity && v !== -Infinity) return v;
    found = true;
    return v > 0 ? INF : `-${INF}`;
  });
  return found ? text.replace(/"(-?)\\u0000Infinity"/g, '$1Infinity') : text;
}

/** MALFORMED_JSON / INVALID_RECORD (naming `what`) instead of throwing. */
export function parseJsonWith<T>(text: string, schema: z.ZodType<T>, what: string): Result<T> {
  let v: unknown;
  try {
    v = parseJsonText(text);
  } catch (e) {
    return err({ kind: 'MALFORMED_JSON', message: `${what} is not valid JSON (${(e as Error).message})` });
  }
  const p = schema.safeParse(v);
  return p.success ? ok(p.data) : err({ kind: 'INVALID_RECORD', message: `${what}: ${summarizeIssues(p.error)}` });
}

/** A float as Python's repr / json.dumps writes it: 1 → "1.0", 1e-5 → "1e-05", ±inf → "Infinity" / "-Infinity". */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [m, e] = x.toExponential().split('e') as [string, string];
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(x);
  return Number.isInteger(x) ? `${Object.is(x, -0) ? '-0' : s}.0` : s;
}

/** One JSONL line (1-based `line`) through zod: MALFORMED_JSON, or INVALID_RECORD "not a <what> record", instead of throwing. */
export function parseJsonLine<T>(text: string, line: number, schema: z.ZodType<T>, what: string): Result<T> {
  const json = parseJsonValue(text, line);
  return json.ok ? checkJsonLine(json.value, line, schema, what) : json;
}

/** JSON.parse of one JSONL line: MALFORMED_JSON instead of throwing. */
export function parseJsonValue(text: string, line: number): Result<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return err({ kind: 'MALFORMED_JSON', message: `not valid JSON (${(e as Error).message})`, line });
  }
}

/** A parsed JSONL line through zod: INVALID_RECORD "not a <what> record" when it does not fit. */
export function checkJsonLine<T>(json: unknown, line: number, schema: z.ZodType<T>, what: string): Result<T> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) return err({ kind: 'INVALID_RECORD', message: `not a ${what} record: ${summarizeIssues(parsed.error)}`, line });
  return ok(parsed.data);
}
