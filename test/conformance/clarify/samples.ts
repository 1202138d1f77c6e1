// Real SageMaker / Clarify files, read at test time and never copied into the
// repository: from SAGEMAKER_SAMPLES_DIR, else ../shared/sagemaker-samples next to
// the repository. Without them the suites are skipped with a warning.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const samplesDir = process.env['SAGEMAKER_SAMPLES_DIR'] ?? resolve(repoRoot, '../shared/sagemaker-samples');

export const haveSamples = existsSync(samplesDir);
if (!haveSamples) console.warn(`SageMaker samples not found in ${samplesDir} (set SAGEMAKER_SAMPLES_DIR): conformance tests skipped`);

/** `describe`, or `describe.skip` when the samples are missing. */
export const describeSamples = haveSamples ? describe : describe.skip;

/** Names of the files in `folder` whose name matches. */
export const sampleFiles = (folder: string, match: RegExp): string[] =>
  haveSamples ? readdirSync(join(samplesDir, folder)).filter((f) => match.test(f)).sort() : [];

export const readSample = (folder: string, file: string): string => readFileSync(join(samplesDir, folder, file), 'utf8');
