// Baseline requests and edited constraints (pure).
import type { MonitorType } from '../monitors/model.js';
import type { RuleViolation } from '../shared/errors.js';
import { checkColumnName, checkFeatureName, checkUri } from '../monitors/rules/patterns.js';

export function checkBaselineRequest(input: {
  datasetUri: string;
  datasetFormat: { csvHeader?: boolean | null; jsonLines?: boolean | null; parquet?: boolean | null };
  columnNames?: readonly string[] | null;
  groundTruthAttribute?: string | null;
  monitorType: MonitorType;
  allowFile: boolean;
}): RuleViolation[] {
  const f = input.datasetFormat;
  const formats = [f.csvHeader, f.jsonLines, f.parquet ? true : null].filter((x) => x !== null && x !== undefined).length;
  return [
    ...checkUri('input.datasetUri', input.datasetUri, { allowFile: input.allowFile }),
    ...(formats === 1 ? [] : [{ field: 'input.datasetFormat', message: 'datasetFormat must set exactly one of csvHeader, jsonLines or parquet' }]),
    ...(input.columnNames ?? []).flatMap((c, i) => checkColumnName(`input.columnNames.${i}`, c)),
    ...checkGroundTruthAttribute(input.groundTruthAttribute, input.monitorType),
  ];
}

function checkGroundTruthAttribute(attribute: string | null | undefined, type: MonitorType): RuleViolation[] {
  if (attribute === null || attribute === undefined) return [];
  const field = 'input.groundTruthAttribute';
  if (type !== 'MODEL_QUALITY') return [{ field, message: `groundTruthAttribute is only for MODEL_QUALITY baselines, not ${type}` }];
  return checkFeatureName(field, attribute);
}

/** Edited constraints: a JSON object; its feature names follow SageMaker's (not the dataset column-name rule). */
export function checkConstraintsDocument(doc: unknown, field = 'input.constraints'): RuleViolation[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return [{ field, message: 'constraints must be a JSON object in the constraints.json format' }];
  }
  const features = (doc as { features?: unknown }).features;
  if (features === undefined) return [];
  if (!Array.isArray(features)) return [{ field: `${field}.features`, message: 'features must be a list of {name, inferred_type, …}' }];
  return features.flatMap((f: unknown, i) => {
    const name = (f as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return [{ field: `${field}.features.${i}.name`, message: 'every feature needs a name' }];
    return checkFeatureName(`${field}.features.${i}.name`, name);
  });
}
