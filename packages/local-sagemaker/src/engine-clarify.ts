/**
 * Clarify's monitoring types run by the engine. Model bias: the post-training metrics of the facet
 * that analysis_config.json names (label, label_values_or_threshold, facet[0], probability_threshold,
 * group_variable for CDDPL, headers naming the captured CSV columns), drift against the baseline analysis.json. Model
 * explainability: no model is run; the global attributions are the mean |φ| of the attributions the
 * endpoint returned, at the environment's ATTRIBUTIONS_ATTRIBUTE (default `explanations`), and
 * drift is their nDCG against the baseline analysis.json (below NDCG_THRESHOLD, default 0.9). The
 * analyses are `@mmg/engine`'s, as the gateway's engine runs them; here, their settings are read.
 */
import {
  biasAnalyzer,
  err,
  explainabilityAnalyzer,
  ok,
  parseBiasConstraints,
  parseExplainabilityAnalysis,
  parseJsonText,
  positionalName,
  validateBiasConfig,
  type BiasConfig,
  type MonitorAnalyzer,
  type Result,
  type ValuesOrThreshold,
} from '@mmg/engine';
import { badDocument, readDocument, type JobDocuments } from './engine-analyzers.js';
import type { EngineJob } from './engine-job.js';
import { asObj, isObj, type Obj } from './validation.js';

const scalars = (v: unknown): Array<string | number> | undefined => {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  const kept = list.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number');
  return kept.length > 0 ? kept : undefined;
};
const stringList = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;

/** One number is a threshold (value > t), as Clarify reads a continuous facet; labels may be one too. */
const valuesOrThreshold = (list: Array<string | number>, thresholdAllowed: boolean): ValuesOrThreshold =>
  thresholdAllowed && list.length === 1 && typeof list[0] === 'number' ? { threshold: list[0] } : { values: list };

function analysisConfig(docs: JobDocuments, type: string): Result<Obj> {
  if (docs.analysisConfig === null) return err({ kind: 'INVALID_CONFIG', message: `a ${type} job definition needs ${type}AppSpecification.ConfigUri (analysis_config.json)` });
  let parsed: unknown;
  try {
    parsed = parseJsonText(docs.analysisConfig);
  } catch (e) {
    return err({ kind: 'INVALID_CONFIG', message: `analysis_config.json is not valid JSON (${(e as Error).message})` });
  }
  return isObj(parsed) ? ok(parsed) : err({ kind: 'INVALID_CONFIG', message: 'analysis_config.json is not a JSON object' });
}

/** The bias configuration, and the names of the captured CSV columns (headers without the label). */
function biasSettings(config: Obj, job: EngineJob): Result<{ bias: BiasConfig; names?: string[] }> {
  const labelName = typeof config['label'] === 'string' ? config['label'] : 'label';
  const names = stringList(config['headers'])?.filter((h) => h !== labelName);
  const facet = asObj(Array.isArray(config['facet']) ? (config['facet'] as unknown[])[0] : undefined);
  const at = facet?.['name_or_index'];
  const facetName = typeof at === 'number' ? (names?.[at] ?? positionalName(at)) : typeof at === 'string' ? at : undefined;
  const facetValues = scalars(facet?.['value_or_threshold']);
  const labelValues = scalars(config['label_values_or_threshold']);
  if (!facetName || !facetValues || !labelValues) {
    return err({ kind: 'INVALID_CONFIG', message: 'analysis_config.json needs facet[0].name_or_index, facet[0].value_or_threshold and label_values_or_threshold' });
  }
  const threshold = typeof config['probability_threshold'] === 'number' ? config['probability_threshold'] : job.probabilityThreshold;
  const group = config['group_variable'];
  const groupName = typeof group === 'number' ? (names?.[group] ?? positionalName(group)) : typeof group === 'string' && group !== '' ? group : undefined;
  const bias = validateBiasConfig({
    facetName,
    facet: valuesOrThreshold(facetValues, true),
    labelName,
    label: valuesOrThreshold(labelValues, false),
    ...(threshold !== undefined ? { probabilityThreshold: threshold } : {}),
    ...(groupName !== undefined ? { groupName } : {}),
  });
  if (!bias.ok) return badDocument('analysis_config.json', bias.error);
  return ok({ bias: bias.value, ...(names ? { names } : {}) });
}

export function biasFor(job: EngineJob, docs: JobDocuments): Result<MonitorAnalyzer> {
  const config = analysisConfig(docs, 'ModelBias');
  if (!config.ok) return config;
  const settings = biasSettings(config.value, job);
  if (!settings.ok) return settings;
  const baseline = readDocument(docs.constraints, parseBiasConstraints, 'baseline constraints');
  if (!baseline.ok) return baseline;
  return biasAnalyzer({
    ...settings.value, baseline: baseline.value, featuresAttribute: job.featuresAttribute,
    inferenceAttribute: job.inferenceAttribute, probabilityAttribute: job.probabilityAttribute,
  });
}

export function explainabilityFor(job: EngineJob, docs: JobDocuments): Result<MonitorAnalyzer> {
  const config = analysisConfig(docs, 'ModelExplainability');
  if (!config.ok) return config;
  const baseline = readDocument(docs.constraints, parseExplainabilityAnalysis, 'baseline constraints');
  if (!baseline.ok) return baseline;
  const ndcg = Number(job.environment['NDCG_THRESHOLD'] || NaN);
  return explainabilityAnalyzer({
    attribute: job.environment['ATTRIBUTIONS_ATTRIBUTE'] ?? 'explanations', headers: stringList(config.value['headers']),
    ndcgThreshold: Number.isFinite(ndcg) ? ndcg : undefined, baseline: baseline.value,
  });
}
