// parseCaptureLine checks the usual line by hand; whatever it accepts must come out exactly as the zod
// schema makes it (same fields, same key order), and whatever it refuses goes to the schema for its wording.
import { captureFromSchema, parseCaptureJson, parseCaptureLine } from '../src/index.js';
import { rng } from './helpers.js';

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

// Lines as SageMaker writes them are read by a regular expression, not JSON.parse: every line, of that
// template or near it, must give what JSON.parse of the whole line gives (record, error and wording).
describe('capture line template', () => {
  const line = (data: string, extra = '') =>
    `{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"${data}","encoding":"CSV"},"endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":"0.5","encoding":"CSV"}},"eventMetadata":{"eventId":"e1"${extra}},"eventVersion":"0"}`;
  const same = (text: string) => {
    const viaTemplate = parseCaptureLine(text, 4);
    const viaJson = parseCaptureJson(text, 4);
    expect([text, viaTemplate]).toStrictEqual([text, viaJson]);
    expect([text, shape(viaTemplate)]).toEqual([text, shape(viaJson)]);
  };

  test.each([
    ['plain', line('1,2,3')],
    ['escapes', line(String.raw`a\"b\\c\/d\n\t\u00e9\ud83d\ude00`)],
    ['bad escapes', line(String.raw`a\x`)],
    ['bad unicode escape', line(String.raw`\u12`)],
    ['a lone surrogate escape', line(String.raw`\ud800`)],
    ['a control character', line('a\u0001b')],
    ['a raw tab', line('a\tb')],
    ['a raw line separator', line('a\u2028b')],
    ['an escaped line separator', line('a\\\u2028b')],
    ['a quote closing early', line('a"b')],
    ['a backslash at the end', line('a\\')],
    ['non-ASCII', line('é,😀,١٢٣')],
    ['inferenceId and time', line('1', ',"inferenceId":"i9","inferenceTime":"2026-11-22T10:00:00.000Z"')],
    ['an empty inferenceId', line('1', ',"inferenceId":""')],
    ['a bad inferenceTime', line('1', ',"inferenceTime":"yesterday"')],
    ['inferenceTime before inferenceId', line('1', ',"inferenceTime":"2026-11-22T10:00:00Z","inferenceId":"i9"')],
    ['an empty eventId', line('1').replace('"eventId":"e1"', '"eventId":""')],
    ['spaces', line('1').replaceAll(':', ': ')],
    ['trailing space', `${line('1')} `],
    ['trailing CR', `${line('1')}\r`],
    ['without endpointOutput', line('1').replace(/,"endpointOutput":\{[^}]*\}/, '')],
    ['without eventVersion', line('1').replace(',"eventVersion":"0"', '')],
    ['a number eventVersion', line('1').replace('"eventVersion":"0"', '"eventVersion":0')],
    ['a duplicate key', line('1').replace('"mode":"INPUT"', '"mode":"INPUT","mode":"X"')],
    ['a JSON payload', line(String.raw`{\"instances\":[1,2]}`).replace('"encoding":"CSV"', '"encoding":"JSON"')],
    ['garbage after', `${line('1')}x`],
    ['truncated', line('1').slice(0, -1)],
  ])('%s', (_, text) => same(text));

  test('random data fields over a JSON-hostile alphabet', () => {
    const r = rng(5);
    const alphabet = ['a', '1', ',', '"', '\\', '\\"', '\\\\', '\\u00', '\\n', '\\x', '\u0000', '\u001f', ' ', 'é', '\ud800', '\u2028', '}', '{'];
    for (let i = 0; i < 3000; i++) {
      let data = '';
      const n = Math.floor(r() * 8);
      for (let j = 0; j < n; j++) data += alphabet[Math.floor(r() * alphabet.length)];
      same(line(data));
    }
  });
});

describe('inferenceTime', () => {
  test('random datetimes give the Date the schema gives (new Date of the text)', () => {
    const r = rng(9);
    const pad = (x: number, k: number) => String(x).padStart(k, '0');
    for (let i = 0; i < 3000; i++) {
      const year = [1970, 2000, 2024, 2026, 2100, 50, 999, 1000, 9999][Math.floor(r() * 9)]!;
      const month = 1 + Math.floor(r() * 12);
      const day = 1 + Math.floor(r() * 31);
      const fraction = ['', '.1', '.12', '.123', '.999', '.1234', '.123456', '.000'][Math.floor(r() * 8)]!;
      const zone = ['Z', 'Z', 'Z', '+02:00', '-05:30', 'z'][Math.floor(r() * 6)]!;
      const time = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(Math.floor(r() * 24), 2)}:${pad(Math.floor(r() * 60), 2)}:${pad(Math.floor(r() * 60), 2)}${fraction}${zone}`;
      const json = { ...BASE, eventMetadata: { eventId: 'e', inferenceTime: time } };
      const text = JSON.stringify(json);
      expect([time, shape(parseCaptureLine(text, 1))]).toEqual([time, shape(captureFromSchema(JSON.parse(text) as unknown, 1))]);
    }
  });
});
