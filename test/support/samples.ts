// The real SageMaker and Clarify output files, read where they are at test time and never
// copied into the repository: SAGEMAKER_SAMPLES_DIR, else ../shared/sagemaker-samples beside
// the repository. Without them the suites that use them are skipped, saying so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from '@jest/globals';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const SAMPLES_DIR = process.env['SAGEMAKER_SAMPLES_DIR'] ?? resolve(repoRoot, '../shared/sagemaker-samples');
export const haveSamples = existsSync(SAMPLES_DIR);

/** `describe`, or `describe.skip` with a warning naming the missing folder. */
export const describeSamples = ((name: string, fn: () => void) => {
  if (haveSamples) return describe(name, fn);
  console.warn(`${name}: skipped, no SageMaker samples at ${SAMPLES_DIR} (set SAGEMAKER_SAMPLES_DIR)`);
  return describe.skip(name, fn);
}) as (name: string, fn: () => void) => void;

/** `folder/name` of every sample file whose path matches, sorted ([] when the folder is missing). */
export function samples(match: RegExp): string[] {
  if (!haveSamples) return [];
  return readdirSync(SAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(SAMPLES_DIR, d.name)).map((f) => `${d.name}/${f}`))
    .filter((f) => match.test(f))
    .sort();
}

/** Names of the files in `folder` whose name matches, sorted. */
export const sampleFiles = (folder: string, match: RegExp): string[] =>
  haveSamples ? readdirSync(join(SAMPLES_DIR, folder)).filter((f) => match.test(f)).sort() : [];

/** A sample's text, by its path below the samples folder (given whole or in parts). */
export const readSample = (...path: string[]): string => readFileSync(join(SAMPLES_DIR, ...path), 'utf8');

export const readSampleJson = <T = unknown>(...path: string[]): T => JSON.parse(readSample(...path)) as T;

/** A placeholder row so that `it.each` of a missing folder still has a (skipped) case. */
export const orNone = (files: string[]): string[] => (files.length > 0 ? files : ['(no samples)']);

/** The source documents the domain notes summarise (../shared/seeds, or SAGEMAKER_SEEDS_DIR), read where they are. */
export const SEEDS_DIR = process.env['SAGEMAKER_SEEDS_DIR'] ?? resolve(repoRoot, '../shared/seeds');

/** [file name, text] of every seed document ([] when the folder is missing). */
export const seedTexts = (): Array<[string, string]> =>
  existsSync(SEEDS_DIR) ? readdirSync(SEEDS_DIR).sort().map((f): [string, string] => [f, readFileSync(join(SEEDS_DIR, f), 'utf8')]) : [];
