// The benches' multi-hour input: `records` capture records of `features` numbers (every 5th an
// integer) spread over 8 hour partitions (02–09h on 2026-11-22, generated deterministically under
// `dir`/capture), and the data-quality monitor and schedule whose window is those 8 hours when run at
// SCHEDULED_AT (statistics only: no baseline).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '@mmg/engine';
import type { BackendMonitor, BackendSchedule } from '../../src/backends/types.js';
import { buildScheduleConfig } from '../../src/kernel/schedule-config.js';

export const HOURS = 8;
export const SCHEDULED_AT = new Date('2026-11-22T11:00:00Z');

/** Writes the partitions; returns the records written (records rounded down to a multiple of 8). */
export async function writeHourPartitions(dir: string, records: number, features: number): Promise<number> {
  const r = seededRandom(7);
  const t0 = Date.parse('2026-11-22T02:00:00Z');
  const per = Math.floor(records / HOURS);
  for (let h = 0; h < HOURS; h++) {
    const hourDir = join(dir, `capture/ep/AllTraffic/2026/11/22/${String(2 + h).padStart(2, '0')}`);
    await mkdir(hourDir, { recursive: true });
    // One hour's file built in memory (records/8 lines): a bench of a few hundred MB at most.
    await writeFile(join(hourDir, 'part-0.jsonl'), Array.from({ length: per }, (_, i) => {
      const v: string[] = [];
      for (let f = 0; f < features; f++) v.push(f % 5 === 4 ? String(Math.floor(r() * 1000)) : (r() * (10 + f)).toFixed(4));
      return JSON.stringify({
        captureData: { endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: v.join(','), encoding: 'CSV' } },
        eventMetadata: { eventId: `e${h}-${i}`, inferenceTime: new Date(t0 + h * 3_600_000 + Math.floor((i * 3_600_000) / per)).toISOString() },
        eventVersion: '0',
      });
    }).join('\n'));
  }
  return per * HOURS;
}

/** The monitor of the partitions under `dir`, its reports under `dir`/`out`. */
export function hoursMonitor(dir: string, out: string): BackendMonitor {
  return {
    id: '00000000-0000-4000-8000-000000000002', teamId: '00000000-0000-4000-8000-000000000001', name: 'bench', type: 'DATA_QUALITY', baseline: null,
    config: {
      endpointInput: { endpointName: 'ep' }, outputS3Uri: pathToFileURL(join(dir, out)).href, environment: { DATA_CAPTURE_S3_URI: pathToFileURL(join(dir, 'capture')).href },
      resources: { instanceType: 'x', instanceCount: 1, volumeSizeInGB: 1 }, maxRuntimeInSeconds: 3600,
    },
  };
}

/** A NOW schedule over the first `hours` of the 8 hours before SCHEDULED_AT's hour (default: all 8). */
export function hoursSchedule(id = 's', hours = HOURS): BackendSchedule {
  const spec = { expression: 'NOW', dataAnalysisStartTime: '-PT9H', dataAnalysisEndTime: `-PT${9 - hours}H` };
  return { id, name: `bench-${id}`, spec, scheduleConfig: buildScheduleConfig(spec), backendRef: `builtin-${id}` };
}
