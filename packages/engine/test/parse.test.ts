import {
  DatasetReader,
  captureToRows,
  decodePayload,
  joinKeyOf,
  parseCaptureLine,
  parseCsvRow,
  parseGroundTruthLine,
  payloadScalar,
  formatEngineError,
} from '../src/index.js';
import { unwrap } from './helpers.js';

const CAPTURE =
  '{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"0,2020,12,4","encoding":"CSV"},' +
  '"endpointOutput":{"observedContentType":"text/csv; charset=utf-8","mode":"OUTPUT","data":"-4.90","encoding":"CSV"}},' +
  '"eventMetadata":{"eventId":"e68592ca-948c","inferenceId":"42","inferenceTime":"2021-06-28T18:41:16Z"},"eventVersion":"0"}';

describe('CSV rows', () => {
  test('plain, quoted, escaped quotes, empty fields', () => {
    expect(unwrap(parseCsvRow('a,b,c'))).toEqual(['a', 'b', 'c']);
    expect(unwrap(parseCsvRow('"x,y","he said ""hi""",,3\n'))).toEqual(['x,y', 'he said "hi"', '', '3']);
    expect(unwrap(parseCsvRow('"multi\nline",2'))).toEqual(['multi\nline', '2']);
    expect(unwrap(parseCsvRow(''))).toEqual(['']);
  });
  test('unterminated quote and junk after a closing quote are MALFORMED_CSV with the line', () => {
    const a = parseCsvRow('"abc,1', 7);
    expect(a).toEqual({ ok: false, error: expect.objectContaining({ kind: 'MALFORMED_CSV', line: 7 }) });
    expect(parseCsvRow('"a"b,1').ok).toBe(false);
  });
});

describe('data capture lines', () => {
  test('parses the documented record', () => {
    const r = unwrap(parseCaptureLine(CAPTURE, 1));
    expect(r.eventId).toBe('e68592ca-948c');
    expect(r.inferenceId).toBe('42');
    expect(joinKeyOf(r)).toBe('42');
    expect(r.inferenceTime?.toISOString()).toBe('2021-06-28T18:41:16.000Z');
    expect(unwrap(captureToRows(r))).toEqual([{ _c0: '0', _c1: '2020', _c2: '12', _c3: '4' }]);
    expect(payloadScalar(unwrap(decodePayload(r.output!)))).toBe('-4.90');
  });
  test('a batched CSV request yields one row per record (quoted newlines stay inside a field)', () => {
    const r = unwrap(parseCaptureLine(CAPTURE.replace('"data":"0,2020,12,4"', '"data":"1,2\\n3,\\"x\\ny\\"\\n"'), 1));
    expect(unwrap(captureToRows(r))).toEqual([{ _c0: '1', _c1: '2' }, { _c0: '3', _c1: 'x\ny' }]);
    expect(captureToRows(r, { expectedColumns: 3, line: 8 })).toEqual({ ok: false, error: expect.objectContaining({ kind: 'WRONG_COLUMN_COUNT', line: 8, expected: 3, actual: 2 }) });
  });

  test('join key falls back to eventId', () => {
    const r = unwrap(parseCaptureLine(CAPTURE.replace('"inferenceId":"42",', ''), 1));
    expect(joinKeyOf(r)).toBe('e68592ca-948c');
  });
  test('JSON payloads with a features attribute, and BASE64 payloads', () => {
    const line = JSON.stringify({
      captureData: {
        endpointInput: { observedContentType: 'application/json', mode: 'INPUT', data: JSON.stringify({ instances: { features: [1, 2.5, 'x'] } }), encoding: 'JSON' },
        endpointOutput: { observedContentType: 'application/json', mode: 'OUTPUT', data: Buffer.from('{"score":0.8,"label":1}').toString('base64'), encoding: 'BASE64' },
      },
      eventMetadata: { eventId: 'e1' },
    });
    const r = unwrap(parseCaptureLine(line, 3));
    expect(unwrap(captureToRows(r, { featuresAttribute: 'instances.features', names: ['a', 'b', 'c'] }))).toEqual([{ a: 1, b: 2.5, c: 'x' }]);
    expect(payloadScalar(unwrap(decodePayload(r.output!)), { attribute: 'score' })).toBe(0.8);
  });
  test('malformed JSON, wrong shape, bad payload → typed errors with line numbers', () => {
    const bad = parseCaptureLine('{"captureData": ', 12);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.kind).toBe('MALFORMED_JSON');
      expect(bad.error.line).toBe(12);
      expect(formatEngineError(bad.error)).toMatch(/^line 12: MALFORMED_JSON: not valid JSON/);
    }
    const shape = parseCaptureLine('{"captureData":{},"eventMetadata":{}}', 4);
    expect(shape).toEqual({ ok: false, error: expect.objectContaining({ kind: 'INVALID_RECORD', line: 4 }) });
    if (!shape.ok) expect(shape.error.message).toContain('eventMetadata.eventId');
    const r = unwrap(parseCaptureLine(CAPTURE.replace('"encoding":"CSV"', '"encoding":"XML"'), 5));
    expect(captureToRows(r, { line: 5 })).toEqual({ ok: false, error: expect.objectContaining({ kind: 'UNSUPPORTED_ENCODING', line: 5 }) });
    const j = unwrap(parseCaptureLine(CAPTURE.replace('"data":"0,2020,12,4","encoding":"CSV"', '"data":"{oops","encoding":"JSON"'), 6));
    expect(captureToRows(j, { line: 6 })).toEqual({ ok: false, error: expect.objectContaining({ kind: 'MALFORMED_JSON', line: 6 }) });
  });
});

describe('ground truth lines', () => {
  test('parses CSV and JSON labels', () => {
    expect(unwrap(parseGroundTruthLine('{"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"42"},"eventVersion":"0"}', 1))).toEqual({ eventId: '42', label: '1' });
    expect(unwrap(parseGroundTruthLine('{"groundTruthData":{"data":"{\\"y\\":0}","encoding":"JSON"},"eventMetadata":{"eventId":"7"}}', 2, 'y'))).toEqual({ eventId: '7', label: 0 });
  });
  test('errors', () => {
    expect(parseGroundTruthLine('nope', 9)).toEqual({ ok: false, error: expect.objectContaining({ kind: 'MALFORMED_JSON', line: 9 }) });
    expect(parseGroundTruthLine('{"groundTruthData":{"data":"1"},"eventMetadata":{"eventId":"42"}}', 3)).toEqual({ ok: false, error: expect.objectContaining({ kind: 'INVALID_RECORD', line: 3 }) });
  });
});

describe('baseline dataset rows', () => {
  test('CSV with header, wrong column count reported clearly', () => {
    const r = new DatasetReader({ format: 'csv', header: true });
    expect(unwrap(r.read('age,city', 1))).toBeNull();
    expect(unwrap(r.read('30,"Paris, FR"', 2))).toEqual({ age: '30', city: 'Paris, FR' });
    expect(unwrap(r.read('', 3))).toBeNull();
    const bad = r.read('31,Lyon,extra', 4);
    expect(bad).toEqual({ ok: false, error: expect.objectContaining({ kind: 'WRONG_COLUMN_COUNT', line: 4, expected: 2, actual: 3 }) });
    if (!bad.ok) expect(formatEngineError(bad.error)).toBe('line 4: WRONG_COLUMN_COUNT: expected 2 columns, got 3');
  });
  test('CSV without header names columns _c0.. and fixes the count from the first row', () => {
    const r = new DatasetReader({ format: 'csv', header: false });
    expect(unwrap(r.read('1,2,3', 1))).toEqual({ _c0: '1', _c1: '2', _c2: '3' });
    expect(r.read('1,2', 2).ok).toBe(false);
  });
  test('JSON lines', () => {
    const r = new DatasetReader({ format: 'jsonl' });
    expect(unwrap(r.read('{"a":1,"b":"x","c":null,"d":{"e":1}}', 1))).toEqual({ a: 1, b: 'x', c: null, d: '{"e":1}' });
    expect(unwrap(r.read('[1,2]', 2))).toEqual({ _c0: 1, _c1: 2 });
    expect(r.read('3', 3)).toEqual({ ok: false, error: expect.objectContaining({ kind: 'INVALID_RECORD', line: 3 }) });
    expect(r.read('{bad', 4)).toEqual({ ok: false, error: expect.objectContaining({ kind: 'MALFORMED_JSON', line: 4 }) });
  });
});
