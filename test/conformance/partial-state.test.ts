// A window's records split into k parts (any k, any boundaries), each part analysed on its own, its state written as JSON
// and read back (checked), the states merged in part order: the report and constraint_violations.json
// are byte-identical to one pass for binary model quality, bias and explainability, on the SageMaker samples'
// datasets (the SDK pipeline's data-quality and regression datasets as captured records, the sample baselines).
// Data quality (Welford's moments merged with Chan's formula, as Deequ) and regression (Spark's record-order
// sums) merge to the one-pass bytes only at the capture partitions a run folds at (parts.test.ts). Split
// anywhere else, data quality equals one pass to 1e-12 relative and in every non-numeric byte; regression's
// sample thresholds equal its values to the last bit, so a last-bit change there flips a violation.
import { dataQualityAnalyzer, explainabilityAnalyzer, parseCaptureLine, readPartialState, type MonitorAnalyzer } from '@mmg/engine';
import { unwrap } from '../support/result.js';
import { describeSamples } from '../support/samples.js';
import { CASES, type Rec } from './sample-records.js';

function analyse(make: () => MonitorAnalyzer, recs: Rec[]): MonitorAnalyzer {
  const a = make();
  recs.forEach((r, i) => {
    const e = a.add(unwrap(parseCaptureLine(r.line, i + 1)), a.needsGroundTruth ? r.label : undefined, i + 1);
    if (e) throw new Error(e.message);
  });
  return a;
}

const report = (a: MonitorAnalyzer) => JSON.stringify(unwrap(a.finish()));

/** k contiguous parts, analysed apart, their states through JSON text, merged in order. */
function split(make: () => MonitorAnalyzer, recs: Rec[], k: number): string {
  const size = Math.ceil(recs.length / k);
  const texts = Array.from({ length: k }, (_, p) => JSON.stringify(analyse(make, recs.slice(p * size, (p + 1) * size)).exportState()));
  const merged = make();
  for (const t of texts) unwrap(merged.mergeState(unwrap(readPartialState(JSON.parse(t)))));
  return report(merged);
}

describeSamples('partial states merged give the one-pass report', () => {
  const inOrder = (name: string) => name.includes('regression') || name.startsWith('DATA_QUALITY');
  const cases = CASES().filter(([name]) => !inOrder(name));

  test.each(cases)('%s: k = 2, 3, 7 parts', (_name, make, records) => {
    const recs = records();
    const one = report(analyse(make, recs));
    expect(one.length).toBeGreaterThan(200);
    for (const k of [2, 3, 7]) expect([k, split(make, recs, k)]).toEqual([k, one]);
  });

  /** The report with every number replaced by a marker, and the numbers in order. */
  const numbers = (text: string): [string, number[]] => {
    const found: number[] = [];
    const shape = JSON.stringify(JSON.parse(text), (_k, v: unknown) => (typeof v === 'number' ? (found.push(v), 0) : v));
    return [shape, found];
  };

  test.each(CASES().filter(([name]) => name.startsWith('DATA_QUALITY')))('%s: k = 2, 3, 7 parts equal one pass to 1e-12', (_name, make, records) => {
    const recs = records();
    const [shape, one] = numbers(report(analyse(make, recs)));
    for (const k of [2, 3, 7]) {
      const [partShape, parts] = numbers(split(make, recs, k));
      expect([k, partShape]).toEqual([k, shape]);
      const far = parts.filter((x, i) => Math.abs(x - one[i]!) > 1e-12 * Math.max(1, Math.abs(one[i]!)));
      expect([k, far]).toEqual([k, []]);
    }
  });

  test('a state is checked when read: wrong shape, unknown class, other type', () => {
    expect(readPartialState({ version: 1, type: 'DATA_QUALITY' }).ok).toBe(false);
    const dq = dataQualityAnalyzer({ statistics: null, constraints: null });
    const bad = unwrap(readPartialState({ version: 1, type: 'DATA_QUALITY', accumulator: { $obj: 'Function', f: {} } }));
    expect(unwrap(dq).mergeState(bad)).toMatchObject({ ok: false, error: { kind: 'INVALID_RECORD', message: expect.stringContaining('unknown class Function') } });
    const ex = unwrap(explainabilityAnalyzer({ attribute: 'explanations', baseline: null })).exportState();
    expect(unwrap(dataQualityAnalyzer({ statistics: null, constraints: null })).mergeState(ex)).toMatchObject({ ok: false });
  });

  test('an accumulator of any other shape than the codec writes is refused when read', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    const refused = [
      Number.NaN, Infinity, undefined, [1, undefined], { $n: 'nan' }, { $n: 'NaN', x: 1 }, { $map: [[1]] }, { $map: [[1, 2, 3]] }, { $map: {} },
      { $set: 1 }, { $f64: -1, nz: [] }, { $f64: 1.5, nz: [] }, { $f64: 2, nz: [[0]] }, { $f64: 2, nz: [[0, 'x']] }, { $u8: 1 },
      { $rec: [] }, { $rec: { a: undefined } }, { $obj: 'KllSketch', f: [] }, { $obj: 1, f: {} }, { $obj: 'KllSketch' }, {}, { other: 1 }, deep,
    ];
    for (const accumulator of refused) expect([accumulator, readPartialState({ version: 1, type: 'DATA_QUALITY', accumulator }).ok]).toEqual([accumulator, false]);
    const accepted = [null, true, 'x', -0.5, [], [[1, 'a', null]], { $n: '-Infinity' }, { $map: [['a', 1]] }, { $set: [1] }, { $f64: 3, nz: [[2, 0.5]] }, { $u8: 'AA==' }, { $rec: { a: [1] } }, { $obj: 'X', f: { a: { $set: [] } } }];
    for (const accumulator of accepted) expect([accumulator, readPartialState({ version: 1, type: 'DATA_QUALITY', accumulator }).ok]).toEqual([accumulator, true]);
  });
});
