// Real SageMaker / Clarify output files, read at test time and never copied into the repository.
// SAGEMAKER_SAMPLES_DIR overrides the default (the shared folder next to the repository).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from '@jest/globals';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function samplesDir(): string {
  return process.env.SAGEMAKER_SAMPLES_DIR ?? path.resolve(repoRoot, '../shared/sagemaker-samples');
}

export function samplePath(relPath: string): string {
  return path.join(samplesDir(), relPath);
}

export function readSample(relPath: string): Promise<string> {
  return readFile(samplePath(relPath), 'utf8');
}

export async function readSampleJson<T = unknown>(relPath: string): Promise<T> {
  return JSON.parse(await readSample(relPath)) as T;
}

/** A describe block that is skipped, with a warning saying why, when the samples folder is missing. */
export function describeIfSamples(name: string, fn: () => void): void {
  if (existsSync(samplesDir())) {
    describe(name, fn);
    return;
  }
  console.warn(`${name}: skipped, SageMaker samples not found at ${samplesDir()} (set SAGEMAKER_SAMPLES_DIR)`);
  describe.skip(name, fn);
}
