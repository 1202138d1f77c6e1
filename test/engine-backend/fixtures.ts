// Data and objects for the engine backend tests: one storage abstraction over a
// temp dir (file://) or the local S3 server, and deterministic monitor data.
import { randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '@mmg/engine';
import { FileStore, S3ObjectStore, type ObjectStore } from '@mmg/engine/io';
import type { BackendMonitor, BackendSchedule } from '../../src/backends/types.js';
import type { MonitorConfig, MonitorType } from '../../src/kernel/monitor-config.js';
import { startLocalSageMaker } from '@mmg/local-sagemaker';
import { buildScheduleConfig } from '../../src/kernel/schedule-config.js';
import type { ScheduleSpec } from '../../src/kernel/rules/schedule.js';

export interface Storage {
  store: ObjectStore;
  /** URI of a path relative to the storage root. */
  uri(rel: string): string;
  put(rel: string, text: string): Promise<void>;
  close(): Promise<void>;
}

export async function fileStorage(): Promise<Storage> {
  const dir = await mkdtemp(join(tmpdir(), 'engine-'));
  return {
    store: new FileStore(),
    uri: (rel) => pathToFileURL(join(dir, rel)).href,
    put: async (rel, text) => {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await writeFile(join(dir, rel), text);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function s3Storage(): Promise<Storage> {
  const server = await startLocalSageMaker();
  const bucket = `b-${randomUUID().slice(0, 8)}`;
  server.s3.createBucket(bucket);
  const store = new S3ObjectStore({ endpoint: server.s3Endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return {
    store,
    uri: (rel) => `s3://${bucket}/${rel}`,
    put: async (rel, text) => void server.s3.put(bucket, rel, text),
    close: async () => {
      store.destroy();
      await server.close();
    },
  };
}

export const rng = seededRandom;

/** One data capture line (CSV input, CSV or JSON output). */
export function capture(id: string, input: string, output: string | object, time: string): string {
  const out = typeof output === 'string' ? { observedContentType: 'text/csv', mode: 'OUTPUT', data: output, encoding: 'CSV' } : { observedContentType: 'application/json', mode: 'OUTPUT', data: JSON.stringify(output), encoding: 'JSON' };
  return JSON.stringify({
    captureData: { endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: input, encoding: 'CSV' }, endpointOutput: out },
    eventMetadata: { eventId: `ev-${id}`, inferenceId: id, inferenceTime: time },
    eventVersion: '0',
  });
}

export const groundTruth = (id: string, label: string): string =>
  JSON.stringify({ groundTruthData: { data: label, encoding: 'CSV' }, eventMetadata: { eventId: id }, eventVersion: '0' });

/**
 * A bias dataset under bias/: a training set (sex, age, label, prediction; 600 rows), and one
 * hour of captures (2026-11-22 10:00, 300 records, header-less sex,age) with their labels, in
 * which group F gets no positive prediction. `seed` draws the values.
 */
export async function putBiasData(storage: Storage, seed: number): Promise<void> {
  const r = rng(seed);
  const rows = ['sex,age,label,prediction'];
  for (let i = 0; i < 600; i++) {
    const y = r() < 0.5 ? 1 : 0;
    rows.push(`${r() < 0.4 ? 'F' : 'M'},${30 + Math.floor(r() * 30)},${y},${r() < 0.9 ? y : 1 - y}`);
  }
  await storage.put('bias/train.csv', rows.join('\n'));
  const at = (min: number) => `2026-11-22T10:${String(min % 60).padStart(2, '0')}:00Z`;
  const caps: string[] = [];
  const gts: string[] = [];
  for (let i = 0; i < 300; i++) {
    const f = r() < 0.4;
    caps.push(capture(`b${i}`, `${f ? 'F' : 'M'},${30 + Math.floor(r() * 30)}`, f ? '0' : '1', at(i)));
    gts.push(groundTruth(`b${i}`, r() < 0.5 ? '1' : '0'));
  }
  await storage.put('bias/capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl', caps.join('\n'));
  await storage.put('bias/gt/2026/11/22/10/labels.jsonl', gts.join('\n'));
}

export function monitorOf(type: MonitorType, config: Partial<MonitorConfig>): BackendMonitor {
  return {
    id: randomUUID(),
    teamId: randomUUID(),
    name: `${type.toLowerCase()}-m`,
    type,
    config: { outputS3Uri: 'unset', resources: { instanceType: 'ml.m5.xlarge', instanceCount: 1, volumeSizeInGB: 20 }, maxRuntimeInSeconds: 1800, ...config },
    baseline: null,
  };
}

export function scheduleOf(spec: Partial<ScheduleSpec> = {}, name = `s-${randomUUID().slice(0, 8)}`): BackendSchedule {
  const full: ScheduleSpec = { expression: 'cron(0 * ? * * *)', dataAnalysisStartTime: null, dataAnalysisEndTime: null, ...spec };
  return { id: randomUUID(), name, spec: full, scheduleConfig: buildScheduleConfig(full), backendRef: null };
}
