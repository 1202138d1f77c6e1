// The real SageMaker output files, read where they are at test time (never copied here):
// SAGEMAKER_SAMPLES_DIR, else ../shared/sagemaker-samples beside the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLES_DIR = process.env['SAGEMAKER_SAMPLES_DIR'] ?? resolve(repoRoot, '../shared/sagemaker-samples');

/** `describe`, or `describe.skip` with a note on stderr when the samples folder is missing. */
export function describeSamples(file: string): jest.Describe {
  if (existsSync(SAMPLES_DIR)) return describe;
  process.stderr.write(`${file}: SKIPPED, no SageMaker samples at ${SAMPLES_DIR} (set SAGEMAKER_SAMPLES_DIR)\n`);
  return describe.skip;
}

/** `folder/name` of every sample file whose name matches, sorted ([] when the folder is missing). */
export function samples(match: RegExp): string[] {
  if (!existsSync(SAMPLES_DIR)) return [];
  return readdirSync(SAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(SAMPLES_DIR, d.name)).map((f) => `${d.name}/${f}`))
    .filter((f) => match.test(f))
    .sort();
}

export const readSample = (file: string): string => readFileSync(join(SAMPLES_DIR, file), 'utf8');

/** A placeholder row so that `it.each` of a missing folder still has a (skipped) case. */
export const orNone = (files: string[]): string[] => (files.length > 0 ? files : ['(no samples)']);
