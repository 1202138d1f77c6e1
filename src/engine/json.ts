// Reading JSON documents from outside (baseline reports, user-edited constraints) through zod.
import type { z } from 'zod';
import { err, ok, type Result } from './errors.js';

/** First three zod issues as "path: message; ...". */
export function summarizeIssues(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/** MALFORMED_JSON / INVALID_RECORD (naming `what`) instead of throwing. */
export function parseJsonWith<T>(text: string, schema: z.ZodType<T>, what: string): Result<T> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return err({ kind: 'MALFORMED_JSON', message: `${what} is not valid JSON (${(e as Error).message})` });
  }
  const p = schema.safeParse(v);
  return p.success ? ok(p.data) : err({ kind: 'INVALID_RECORD', message: `${what}: ${summarizeIssues(p.error)}` });
}
