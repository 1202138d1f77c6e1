// Baseline requests and edited constraints (pure).
import type { RuleViolation } from '../shared/errors.js';
import type { BackendKind, MonitorConfig, MonitorType } from '../kernel/monitor-config.js';
import { checkColumnName, checkFeatureName, checkMaxLength, checkUri } from '../kernel/rules/patterns.js';

type Maybe<T> = T | null | undefined;

/** Where model quality baselining finds the prediction, probability and label (SageMaker's attribute names). */
export interface ModelQualityAttributesInput {
  inferenceAttribute?: Maybe<string>;
  probabilityAttribute?: Maybe<string>;
  probabilityThresholdAttribute?: Maybe<number>;
  groundTruthAttribute?: Maybe<string>;
}

const ATTRIBUTES = ['inferenceAttribute', 'probabilityAttribute', 'probabilityThresholdAttribute', 'groundTruthAttribute'] as const;

/** The attributes that were given, for the backend's BaselineJobRequest. */
export function modelQualityAttributes(input: ModelQualityAttributesInput) {
  return Object.fromEntries(ATTRIBUTES.filter((k) => input[k] != null).map((k) => [k, input[k]])) as {
    inferenceAttribute?: string; probabilityAttribute?: string; probabilityThresholdAttribute?: number; groundTruthAttribute?: string;
  };
}

/** SageMaker's model quality baselining needs the label column and the prediction (or probability) column. */
function checkAttributes(input: ModelQualityAttributesInput, monitor: { type: MonitorType; backend: BackendKind; config: MonitorConfig }): RuleViolation[] {
  const given = modelQualityAttributes(input);
  if (monitor.type !== 'MODEL_QUALITY') {
    return Object.keys(given).map((k) => ({ field: `input.${k}`, message: `${k} is only for MODEL_QUALITY baselines, not ${monitor.type}` }));
  }
  const monitored = monitor.config.endpointInput ?? monitor.config.batchTransformInput;
  const t = given.probabilityThresholdAttribute;
  return [
    ...ATTRIBUTES.filter((k) => k !== 'probabilityThresholdAttribute').flatMap((k) => checkMaxLength(`input.${k}`, given[k], 256, k)),
    ...(t !== undefined && !Number.isFinite(t) ? [{ field: 'input.probabilityThresholdAttribute', message: 'probabilityThresholdAttribute must be a finite number' }] : []),
    ...(monitor.backend === 'SAGEMAKER' && given.groundTruthAttribute === undefined
      ? [{ field: 'input.groundTruthAttribute', message: 'groundTruthAttribute (the dataset column with the true label) is required to baseline a SAGEMAKER MODEL_QUALITY monitor' }]
      : []),
    ...(monitor.backend === 'SAGEMAKER' && (given.inferenceAttribute ?? given.probabilityAttribute ?? monitored?.inferenceAttribute ?? monitored?.probabilityAttribute) === undefined
      ? [{ field: 'input.inferenceAttribute', message: "inferenceAttribute (or probabilityAttribute) is required to baseline a SAGEMAKER MODEL_QUALITY monitor whose input sets neither" }]
      : []),
  ];
}

export function checkBaselineRequest(
  input: {
    datasetUri: string;
    datasetFormat: { csvHeader?: boolean | null; jsonLines?: boolean | null; parquet?: boolean | null };
    columnNames?: readonly string[] | null;
    allowFile: boolean;
  } & ModelQualityAttributesInput,
  monitor: { type: MonitorType; backend: BackendKind; config: MonitorConfig },
): RuleViolation[] {
  const f = input.datasetFormat;
  const formats = [f.csvHeader, f.jsonLines, f.parquet ? true : null].filter((x) => x !== null && x !== undefined).length;
  return [
    ...checkUri('input.datasetUri', input.datasetUri, { allowFile: input.allowFile }),
    ...(formats === 1 ? [] : [{ field: 'input.datasetFormat', message: 'datasetFormat must set exactly one of csvHeader, jsonLines or parquet' }]),
    ...(input.columnNames ?? []).flatMap((c, i) => checkColumnName(`input.columnNames.${i}`, c)),
    ...checkAttributes(input, monitor),
  ];
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
