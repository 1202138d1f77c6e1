// DataQualityAccumulator.addFields must profile exactly what add(toRow(values, names)) does,
// whatever the column names: repeated, integer-like (Object.keys puts them first), fewer than the values.
import { csvRecordText, DataQualityAccumulator, decodePayload, parseCsvRow, plainCsvLine, toRow, type Value } from '../src/index.js';
import { rng } from './helpers.js';

const NAME_LISTS: Array<readonly string[] | undefined> = [
  undefined,
  ['a', 'b', 'c', 'd'],
  ['a', 'b', 'a', 'd'],
  ['x', '2', '1', 'y'],
  ['_c3', 'b'],
  ['a', 'b', 'c', 'd', 'e', 'f'],
];

function values(r: () => number, length: number): Value[] {
  const pick = [() => (r() * 100).toFixed(2), () => String(Math.floor(r() * 5)), () => '', () => ' x ', () => null];
  return Array.from({ length }, () => pick[Math.floor(r() * pick.length)]!());
}

const statistics = (acc: DataQualityAccumulator): string => {
  const res = acc.result();
  if (!res.ok) throw new Error(res.error.message);
  return JSON.stringify(res.value.statistics);
};

describe('addFields', () => {
  test.each(NAME_LISTS.map((n) => [JSON.stringify(n) ?? 'no names', n] as const))('%s: the same statistics as rows made with toRow', (_, names) => {
    const r = rng(11);
    const viaRows = new DataQualityAccumulator();
    const viaFields = new DataQualityAccumulator();
    for (let i = 0; i < 3000; i++) {
      const v = values(r, i % 7 === 0 ? 3 : 4);
      viaRows.add(toRow(v, names));
      viaFields.addFields(v, names);
    }
    expect(statistics(viaFields)).toBe(statistics(viaRows));
  });

  test('mixed with add and with other column lists, features keep their first-seen order', () => {
    const r = rng(5);
    const viaRows = new DataQualityAccumulator();
    const mixed = new DataQualityAccumulator();
    for (let i = 0; i < 2000; i++) {
      const names = NAME_LISTS[i % NAME_LISTS.length];
      const v = values(r, 4);
      viaRows.add(toRow(v, names));
      if (i % 3 === 0) mixed.add(toRow(v, names));
      else mixed.addFields(v, names);
    }
    expect(statistics(mixed)).toBe(statistics(viaRows));
  });
});

// addCsvText(text, names) must profile exactly what addFields(text.split(','), names) does, cells of
// every kind: with spaces to trim, empty, long or exponent numbers, text, non-ASCII; past the category
// and exact-distinct caps too (the hashed path), where the whole state must still be the same.
describe('addCsvText', () => {
  const CELLS = [
    '1', '-0', '+7', '007', '12345678901234567890', '1.5', '-.5', '2.', '1e3', '1E-3', '1e400', '0.1234567890123456789', 'NaN', 'Infinity',
    'abc', 'é', '😀', '', ' ', ' 3 ', '\t4', '5\u00a0', '\ufeff6', 'x y', '+', '-', '.', '1..2', '0x10',
  ];
  const cell = (r: () => number): string => (r() < 0.5 ? CELLS[Math.floor(r() * CELLS.length)]! : (r() * 1000).toFixed(Math.floor(r() * 4)));
  const state = (acc: DataQualityAccumulator) => JSON.stringify([...acc.features.values()].map((f) => [f.name, f.types, f.numCount, f.mean, f.m2, f.sum, f.sketch.toJSON(), [...f.categories], f.overflowCount, f.distinct.estimate(), f.distinct.isExact]));

  test.each(NAME_LISTS.map((n) => [JSON.stringify(n) ?? 'no names', n] as const))('%s: the same state as addFields of the split text', (_, names) => {
    const r = rng(23);
    const opts = { categoricalCap: 40, distinctExactCap: 60, kllK: 64 };
    const viaFields = new DataQualityAccumulator(opts);
    const viaText = new DataQualityAccumulator(opts);
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: i % 11 === 0 ? 3 : 4 }, () => cell(r)).join(',');
      viaFields.addFields(text.split(','), names);
      expect(viaText.addCsvText(text, names)).toBe(true);
    }
    expect(state(viaText)).toBe(state(viaFields));
    expect(statistics(viaText)).toBe(statistics(viaFields));
  });

  test('a record of the wrong width adds nothing and says so', () => {
    const acc = new DataQualityAccumulator();
    expect(acc.addCsvText('1,2,3', undefined, 4)).toBe(false);
    expect(acc.itemCount).toBe(0);
    expect(acc.features.size).toBe(0);
    expect(acc.addCsvText('1,2,3,4', undefined, 4)).toBe(true);
    expect(acc.itemCount).toBe(1);
  });
});

describe('csvRecordText', () => {
  const payload = (data: string, encoding = 'CSV') => ({ data, encoding });
  test.each([
    ['1,2,3'], ['1,2,3\r'], ['1,2,3\r\n'], ['1,2,3\n'], ['1,2,3\n\n'], ['1,2,3\n\r'], ['a b, c'], [''], [' '], ['\r'], ['\n'], ['1,2\n3,4'], ['1,2\n'], ['"a",b'], ['1,,2'], [',']
  ])('%j: undefined, or the one record decodePayload gives', (data) => {
    const text = csvRecordText(payload(data));
    const decoded = decodePayload(payload(data));
    if (!decoded.ok || decoded.value.format !== 'CSV') throw new Error('expected CSV');
    if (text !== undefined) expect([text.split(',')]).toEqual(decoded.value.records);
    else expect(['', ' ', '\r', '\n', '1,2\n3,4', '1,2,3\n\n', '1,2,3\n\r', '"a",b']).toContain(data);
  });

  test('only CSV (any case), not JSON or BASE64', () => {
    expect(csvRecordText(payload('1,2', 'csv'))).toBe('1,2');
    expect(csvRecordText(payload('[1,2]', 'JSON'))).toBeUndefined();
    expect(csvRecordText(payload('MSwy', 'BASE64'))).toBeUndefined();
  });
});

describe('plainCsvLine', () => {
  test.each([['1,2,3'], ['1,2,3\n'], ['1,2,3\r\n'], ['1,2,3\r'], ['a b, c'], [''], [' '], ['\n'], ['\r\n'], ['1,,2'], [','], ['"a",b'], ['a,"b"\n'], ['é,😀']])(
    '%j: undefined, or the record whose split parseCsvRow gives',
    (line) => {
      const plain = plainCsvLine(line);
      const parsed = parseCsvRow(line);
      if (plain === undefined) expect(line.trim() === '' || line.includes('"')).toBe(true);
      else expect(parsed).toEqual({ ok: true, value: plain.split(',') });
    },
  );
});
