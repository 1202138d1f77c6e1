// Inputs of a run whose window spans several hour partitions (05–10h on 2026-11-22), for the tests that
// split a run (threads, part jobs): baseline datasets for data and model quality, `perHour(h)` captures in
// each hour (deterministic), and their ground truth; and the monitor config of each type over them.
import { capture, groundTruth, rng, type Storage } from './fixtures.js';

export const HOURS = ['05', '06', '07', '08', '09', '10'];

export async function putHours(storage: Storage, perHour = (h: number) => 80 + 30 * h): Promise<void> {
  const r = rng(21);
  const dq = ['age,score,plan'];
  const mq = ['label,prediction'];
  for (let i = 0; i < 400; i++) {
    dq.push(`${20 + Math.floor(r() * 40)},${(r() * 10).toFixed(3)},${r() < 0.5 ? 'basic' : 'pro'}`);
    mq.push(`${i % 2},${r() < 0.9 ? i % 2 : 1 - (i % 2)}`);
  }
  await storage.put('DATA_QUALITY.csv', dq.join('\n'));
  await storage.put('MODEL_QUALITY.csv', mq.join('\n'));
  const gts: string[] = [];
  for (const [h, hour] of HOURS.entries()) {
    const lines: string[] = [];
    for (let i = 0; i < perHour(h); i++) {
      const y = r() < 0.5 ? 1 : 0;
      const id = `t${hour}-${i}`;
      lines.push(capture(id, `${25 + h * 5 + Math.floor(r() * 40)},${(r() * 12).toFixed(4)},${r() < 0.4 ? 'basic' : r() < 0.8 ? 'pro' : 'gold'}`, String(r() < 0.75 ? y : 1 - y), `2026-11-22T${hour}:${String(i % 60).padStart(2, '0')}:00Z`));
      gts.push(groundTruth(id, String(y)));
    }
    await storage.put(`capture/ep/AllTraffic/2026/11/22/${hour}/part-0.jsonl`, lines.join('\n'));
  }
  await storage.put('gt/2026/11/22/10/labels.jsonl', gts.join('\n'));
}

export const TYPES = ['DATA_QUALITY', 'MODEL_QUALITY'] as const;

/** The monitor config of `type` over these hours, its reports under `out`. */
export function hoursConfig(storage: Storage, type: (typeof TYPES)[number], out: string) {
  return {
    ...(type === 'MODEL_QUALITY' ? { problemType: 'BinaryClassification' as const, groundTruthS3Uri: storage.uri('gt') } : {}),
    endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri(out), environment: { DATA_CAPTURE_S3_URI: storage.uri('capture') },
  };
}

/** The schedule spec whose window is those six hours (the harness's NOW is 11:30). */
export const SIX_HOURS = { expression: 'NOW', dataAnalysisStartTime: '-PT7H', dataAnalysisEndTime: '-PT1H' };
