/**
 * Baselining jobs run by the built-in engine: a CreateProcessingJob for Model Monitor's analyzer,
 * as the SageMaker Python SDK's suggest_baseline sends it (Environment `dataset_format`, and
 * `analysis_type` MODEL_QUALITY with `problem_type`, `ground_truth_attribute`, `inference_attribute`,
 * `probability_attribute`, `probability_threshold_attribute`; unset, the columns label, prediction and
 * probability, as the gateway's engine reads them; a named column the dataset lacks fails the job),
 * reads the dataset of its first input and writes statistics.json and suggested constraints.json to
 * its first output. Other jobs (Clarify's
 * baselining runs a model) are not run: they complete without outputs, as without the engine.
 */
import {
  dataQualityBaseline,
  DatasetReader,
  ErrorLog,
  formatEngineError,
  modelQualityBaseline,
  stringifyJson,
  type BaselineAnalysis,
  type DatasetFormat,
  type ProblemType,
} from '@mmg/engine';
import { forEachLine, type ObjectStore } from '@mmg/engine/io';
import type { BaselineProducer } from './context.js';
import type { ProcessingJobOutcome } from './fixtures.js';
import { asObj, asStr } from './validation.js';

const failed = (failureReason: string): ProcessingJobOutcome => ({ status: 'Failed', failureReason });

function json(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `{"csv": {"header": true}}` or `{"json": {"lines": true}}` (with `header`: the column names, as a JSON list). */
function datasetFormat(env: Record<string, unknown>): DatasetFormat | string {
  const f = asObj(json(asStr(env['dataset_format'])));
  const names = json(asStr(env['header']));
  const columnNames = Array.isArray(names) && names.every((n) => typeof n === 'string') ? { columnNames: names } : {};
  if (asObj(f?.['csv'])) return { format: 'csv', header: asObj(f?.['csv'])?.['header'] === true, ...columnNames };
  if (asObj(f?.['json'])?.['lines'] === true) return { format: 'jsonl' };
  return `ClientError: dataset_format ${asStr(env['dataset_format'])} is not supported by the local engine (CSV or JSON Lines)`;
}

/** `@mmg/engine`'s baseline of the type (the gateway's engine runs the same), with the SDK's settings. */
function analysisOf(env: Record<string, unknown>, modelQuality: boolean): BaselineAnalysis {
  if (!modelQuality) return dataQualityBaseline();
  const threshold = Number(asStr(env['probability_threshold_attribute']) || NaN);
  return modelQualityBaseline({
    problemType: asStr(env['problem_type']) as ProblemType,
    probabilityThreshold: Number.isFinite(threshold) ? threshold : undefined,
    groundTruthAttribute: asStr(env['ground_truth_attribute']),
    inferenceAttribute: asStr(env['inference_attribute']),
    probabilityAttribute: asStr(env['probability_attribute']),
  });
}

export function engineBaselineProducer(store: ObjectStore): BaselineProducer {
  return async (job) => {
    const env = asObj(job.body['Environment']) ?? {};
    if (env['dataset_format'] === undefined) return undefined;
    const format = datasetFormat(env);
    if (typeof format === 'string') return failed(format);
    const problemType = asStr(env['problem_type']);
    const modelQuality = env['analysis_type'] === 'MODEL_QUALITY';
    if (modelQuality && !['BinaryClassification', 'MulticlassClassification', 'Regression'].includes(problemType ?? '')) {
      return failed(`ClientError: problem_type ${problemType ?? '(none)'} is not BinaryClassification, MulticlassClassification or Regression`);
    }
    const inputs = (job.body['ProcessingInputs'] as unknown[] | undefined) ?? [];
    const uri = asStr(asObj(asObj(inputs[0])?.['S3Input'])?.['S3Uri']);
    if (!uri?.startsWith('s3://')) return failed('ClientError: the job has no S3 input with the baseline dataset');
    const analysis = analysisOf(env, modelQuality);
    const errors = new ErrorLog(5);
    let objects = 0;
    let columns: readonly string[] | undefined;
    for await (const object of store.list(uri)) {
      objects++;
      const reader = new DatasetReader(format); // each CSV file has its own header
      await forEachLine(store, object, (text, n) => {
        const row = reader.read(text, n);
        const e = !row.ok ? row.error : row.value !== null ? analysis.add(row.value, n) : undefined;
        if (e) errors.add(e, object);
      });
      columns ??= reader.columns;
    }
    if (objects === 0) return failed(`ClientError: no baseline dataset at ${uri}`);
    if (errors.total > 0) {
      const first = errors.errors.map((e) => `${e.source ?? ''} ${formatEngineError(e)}`).join('; ');
      return failed(`AlgorithmError: ${errors.total} dataset records could not be read: ${first}`);
    }
    const result = analysis.finish(columns);
    if (!result.ok) return failed(result.error.kind === 'INVALID_CONFIG' ? `ClientError: ${result.error.message}` : `AlgorithmError: ${formatEngineError(result.error)}`);
    return { outputs: { 'statistics.json': stringifyJson(result.value.statistics), 'constraints.json': stringifyJson(result.value.constraints) } };
  };
}
