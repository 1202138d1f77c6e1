// DataQualityAccumulator.addFields must profile exactly what add(toRow(values, names)) does,
// whatever the column names: repeated, integer-like (Object.keys puts them first), fewer than the values.
import { DataQualityAccumulator, toRow, type Value } from '../src/index.js';
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
