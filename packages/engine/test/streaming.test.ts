// End to end over a JSONL stream with bad lines: they are reported with line
// numbers and the good lines are still analysed.
import {
  DataQualityAccumulator,
  ErrorLog,
  LineSplitter,
  captureToRows,
  computeAnalysisWindow,
  inWindow,
  parseCaptureLine,
} from '../src/index.js';
import { unwrap } from './helpers.js';

const line = (data: string, t: string) =>
  JSON.stringify({ captureData: { endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data, encoding: 'CSV' } }, eventMetadata: { eventId: data, inferenceTime: t } });

describe('streaming a capture file', () => {
  test('chunk boundaries anywhere; CRLF; final line without newline', () => {
    const got: Array<[string, number]> = [];
    const s = new LineSplitter((t, n) => got.push([t, n]));
    const text = 'ab\r\ncd\n\nef';
    for (const ch of text) s.push(ch); // worst case: one character per chunk
    s.end();
    expect(got).toEqual([['ab', 1], ['cd', 2], ['', 3], ['ef', 4]]);
  });

  test('malformed lines and wrong column counts are logged; the window is analysed', () => {
    const w = unwrap(computeAnalysisWindow(new Date('2021-06-28T19:00:00Z'), { kind: 'scheduled' }));
    const file = [
      line('1,2.5,a', '2021-06-28T18:00:01Z'),
      '{"captureData": {',
      line('2,3.5,b', '2021-06-28T18:30:00Z'),
      line('3,4.5', '2021-06-28T18:31:00Z'), // wrong column count
      line('9,9.9,z', '2021-06-28T19:00:00Z'), // outside the window (end is exclusive)
      '{"captureData":{},"eventMetadata":{"eventId":"x"}}',
      '',
    ].join('\n');
    const acc = new DataQualityAccumulator();
    const errors = new ErrorLog();
    const splitter = new LineSplitter((text, n) => {
      if (text.trim() === '') return;
      const rec = parseCaptureLine(text, n);
      if (!rec.ok) return errors.add(rec.error, 'capture.jsonl');
      if (rec.value.inferenceTime && !inWindow(rec.value.inferenceTime, w)) return;
      const row = captureToRows(rec.value, { line: n, expectedColumns: 3 });
      if (!row.ok) return errors.add(row.error, 'capture.jsonl');
      row.value.forEach((x) => acc.add(x));
    });
    splitter.push(file.slice(0, 37));
    splitter.push(file.slice(37));
    splitter.end();
    expect(errors.total).toBe(3);
    expect(errors.errors[1]).toMatchObject({ message: 'expected 3 columns, got 2', expected: 3, actual: 2, source: 'capture.jsonl' });
    expect(errors.errors.map((e) => [e.kind, e.line])).toEqual([
      ['MALFORMED_JSON', 2],
      ['WRONG_COLUMN_COUNT', 4],
      ['INVALID_RECORD', 6],
    ]);
    const stats = unwrap(acc.result()).statistics;
    expect(stats.dataset.item_count).toBe(2);
    expect(stats.features.map((f) => [f.name, f.inferred_type])).toEqual([
      ['_c0', 'Integral'],
      ['_c1', 'Fractional'],
      ['_c2', 'String'],
    ]);
  });

  test('error log is bounded', () => {
    const log = new ErrorLog(2);
    for (let i = 0; i < 5; i++) log.add({ kind: 'MALFORMED_JSON', message: 'x', line: i });
    expect(log.errors).toHaveLength(2);
    expect(log.total).toBe(5);
  });
});
