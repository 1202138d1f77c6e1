import { computeAnalysisWindow, hourPartitionPrefixes, inWindow } from '../src/index.js';
import { unwrap } from './helpers.js';

const at = (s: string) => new Date(s);
const iso = (w: { start: Date; end: Date }) => [w.start.toISOString(), w.end.toISOString()];

describe('analysis window', () => {
  test('offsets -P8D/-P1D at 2020-01-09T13:00 → 2020-01-01T13:00..2020-01-08T13:00', () => {
    const w = unwrap(computeAnalysisWindow(at('2020-01-09T13:00:00Z'), { kind: 'scheduled', startTimeOffset: '-P8D', endTimeOffset: '-P1D' }));
    expect(iso(w)).toEqual(['2020-01-01T13:00:00.000Z', '2020-01-08T13:00:00.000Z']);
  });
  test('a run that starts late (13:17) still anchors on its scheduled hour', () => {
    const w = unwrap(computeAnalysisWindow(at('2020-01-09T13:17:42Z'), { kind: 'scheduled', startTimeOffset: '-PT1H', endTimeOffset: '-PT30M' }));
    expect(iso(w)).toEqual(['2020-01-09T12:00:00.000Z', '2020-01-09T12:30:00.000Z']);
  });
  test('cron run without offsets: the previous hour', () => {
    const w = unwrap(computeAnalysisWindow(at('2021-06-28T19:05:00Z'), { kind: 'scheduled' }));
    expect(iso(w)).toEqual(['2021-06-28T18:00:00.000Z', '2021-06-28T19:00:00.000Z']);
  });
  test('one-time window relative to the run time', () => {
    const w = unwrap(computeAnalysisWindow(at('2021-06-28T19:05:00Z'), { kind: 'oneTime', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }));
    expect(iso(w)).toEqual(['2021-06-28T17:05:00.000Z', '2021-06-28T18:05:00.000Z']);
  });
  test('invalid windows are typed errors', () => {
    const run = at('2020-01-09T13:00:00Z');
    expect(computeAnalysisWindow(run, { kind: 'scheduled', startTimeOffset: '-P1D', endTimeOffset: '-P8D' })).toEqual({ ok: false, error: expect.objectContaining({ kind: 'INVALID_WINDOW' }) });
    expect(computeAnalysisWindow(run, { kind: 'scheduled', startTimeOffset: 'PT1H' })).toEqual({ ok: false, error: expect.objectContaining({ kind: 'INVALID_DURATION' }) });
    expect(computeAnalysisWindow(run, { kind: 'oneTime', dataAnalysisStartTime: '-P2D', dataAnalysisEndTime: '-PT1H' })).toEqual({ ok: false, error: expect.objectContaining({ kind: 'INVALID_WINDOW' }) });
    expect(computeAnalysisWindow(run, { kind: 'oneTime', dataAnalysisStartTime: '-PT1H', dataAnalysisEndTime: '-PT1H' }).ok).toBe(false);
  });
});

describe('hour partitions', () => {
  test('capture prefixes cover every hour overlapping the window, across a day boundary', () => {
    const w = { start: at('2020-12-31T22:30:00Z'), end: at('2021-01-01T01:00:00Z') };
    expect(hourPartitionPrefixes({ prefix: 'capture/', endpoint: 'ep', variant: 'AllTraffic' }, w)).toEqual([
      'capture/ep/AllTraffic/2020/12/31/22/',
      'capture/ep/AllTraffic/2020/12/31/23/',
      'capture/ep/AllTraffic/2021/01/01/00/',
    ]);
  });
  test('ground truth layout has no endpoint/variant; an empty window has no prefixes', () => {
    const w = { start: at('2020-01-01T13:00:00Z'), end: at('2020-01-01T14:00:00Z') };
    expect(hourPartitionPrefixes({ prefix: 'gt' }, w)).toEqual(['gt/2020/01/01/13/']);
    expect(hourPartitionPrefixes({ prefix: 'gt' }, { start: w.start, end: w.start })).toEqual([]);
    expect(inWindow(at('2020-01-01T13:59:59Z'), w)).toBe(true);
    expect(inWindow(at('2020-01-01T14:00:00Z'), w)).toBe(false);
  });
});
