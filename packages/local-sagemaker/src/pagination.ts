/** NextToken pagination and list sorting shared by the List* operations. */
import { validation } from './errors.js';
import { Checker } from './validation.js';

/** Tokens are opaque to clients: base64url JSON with the offset and a fingerprint of the query. */
export function paginate<T>(items: T[], input: Record<string, unknown>, defaultMax = 10): { page: T[]; nextToken?: string } {
  const c = new Checker();
  c.int('MaxResults', input['MaxResults'], { min: 1, max: 100 });
  c.str('NextToken', input['NextToken'], { max: 8192 });
  c.done();
  const max = typeof input['MaxResults'] === 'number' ? input['MaxResults'] : defaultMax;
  const fingerprint = queryFingerprint(input);
  let offset = 0;
  const token = input['NextToken'];
  if (typeof token === 'string') {
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
      if (typeof parsed.o !== 'number' || parsed.q !== fingerprint) throw new Error('mismatch');
      offset = parsed.o;
    } catch {
      throw validation('Invalid pagination token. The token is not valid for this request.');
    }
  }
  const page = items.slice(offset, offset + max);
  const next = offset + max;
  return next < items.length
    ? { page, nextToken: Buffer.from(JSON.stringify({ o: next, q: fingerprint })).toString('base64url') }
    : { page };
}

function queryFingerprint(input: Record<string, unknown>): string {
  const rest = Object.entries(input)
    .filter(([k]) => k !== 'NextToken' && k !== 'MaxResults')
    .sort(([a], [b]) => a.localeCompare(b));
  let h = 0;
  for (const ch of JSON.stringify(rest)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return (h >>> 0).toString(36);
}

export type SortValue = string | number;

/** Stable sort by key, then by a tiebreaker, in the requested order (default Descending). */
export function sortBy<T>(items: T[], key: (t: T) => SortValue, tie: (t: T) => SortValue, order: unknown): T[] {
  const dir = order === 'Ascending' ? 1 : -1;
  const cmp = (a: SortValue, b: SortValue): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...items].sort((a, b) => dir * (cmp(key(a), key(b)) || cmp(tie(a), tie(b))));
}
