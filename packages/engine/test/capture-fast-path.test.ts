// parseCaptureLine checks the usual line by hand; whatever it accepts must come out exactly as the zod
// schema makes it (same fields, same key order), and whatever it refuses goes to the schema for its wording.
import { captureFromSchema, parseCaptureLine } from '../src/index.js';

const BASE = {
  captureData: {
    endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: '0,2020,12,4', encoding: 'CSV' },
    endpointOutput: { observedContentType: 'text/csv; charset=utf-8', mode: 'OUTPUT', data: '-4.90', encoding: 'CSV' },
  },
  eventMetadata: { eventId: 'e68592ca-948c', inferenceId: '42', inferenceTime: '2021-06-28T18:41:16Z' },
  eventVersion: '0',
};

const PATHS = [
  [], ['captureData'], ['eventMetadata'], ['eventVersion'],
  ['captureData', 'endpointInput'], ['captureData', 'endpointOutput'],
  ...['observedContentType', 'mode', 'data', 'encoding'].flatMap((k) => [['captureData', 'endpointInput', k], ['captureData', 'endpointOutput', k]]),
  ['eventMetadata', 'eventId'], ['eventMetadata', 'inferenceId'], ['eventMetadata', 'inferenceTime'],
];
const DELETE = Symbol('delete');
const VALUES: unknown[] = [
  DELETE, null, '', 'x', 0, 1.5, true, [], ['a'], {}, { extra: 1 },
  '2021-06-28T18:41:16.123456Z', '2021-06-28T18:41:16+02:00', '2021-06-28T18:41:16+0200', '2021-06-28T18:41:16', '2021-06-28 18:41:16Z',
  '2021-02-29T00:00:00Z', '2020-02-29T00:00:00Z', '2021-06-28T24:00:00Z', '2021-06-28T18:41Z', '2021-06-28', 'not a date',
];

function variant(path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(BASE) as Record<string, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  if (value === DELETE) delete at[path.at(-1)!];
  else at[path.at(-1)!] = value;
  return copy;
}

/** The record with its key order made visible (Dates as their time). */
const shape = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x instanceof Date ? `Date(${x.getTime()})` : x === undefined ? '<undefined>' : x));

describe('capture line fast path', () => {
  const cases = PATHS.flatMap((p) => VALUES.filter((v) => p.length > 0 || v !== DELETE).map((v): readonly [string, unknown] => [`${p.join('.') || '(root)'} = ${typeof v === 'symbol' ? '(deleted)' : JSON.stringify(v)}`, variant(p, v)]));
  cases.push(['extra keys everywhere', { ...BASE, more: 1, captureData: { ...BASE.captureData, other: {}, endpointInput: { ...BASE.captureData.endpointInput, x: 1 } }, eventMetadata: { ...BASE.eventMetadata, y: 'z' } }]);

  test.each(cases)('%s: the same result as the zod schema', (_, json) => {
    const text = JSON.stringify(json) ?? '';
    const fast = parseCaptureLine(text, 7);
    const schema = captureFromSchema(JSON.parse(text) as unknown, 7);
    expect(fast).toStrictEqual(schema);
    expect(shape(fast)).toBe(shape(schema));
  });

  test('the variants cover both accepted and refused lines', () => {
    const results = cases.map(([, json]) => parseCaptureLine(JSON.stringify(json) ?? '', 1).ok);
    expect(results.filter((ok) => ok).length).toBeGreaterThan(20);
    expect(results.filter((ok) => !ok).length).toBeGreaterThan(50);
  });

  test('malformed JSON is worded as before', () => {
    expect(parseCaptureLine('{"captureData":', 3)).toEqual({ ok: false, error: expect.objectContaining({ kind: 'MALFORMED_JSON', line: 3, message: expect.stringMatching(/^not valid JSON \(/) }) });
  });
});
