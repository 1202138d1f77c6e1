// The monitored input: exactly one of endpoint / batch transform, with its attributes and offsets.
import { parseNegativeDuration } from '@mmg/engine';
import type { RuleViolation } from '../../shared/errors.js';
import type { BatchTransformInputConfig, EndpointInputConfig, MonitorConfig } from '../monitor-config.js';
import { NAME_PATTERN, checkMaxLength, checkUri } from './patterns.js';

type CommonInput = Omit<EndpointInputConfig, 'endpointName'>;

/** StartTimeOffset / EndTimeOffset: negative ISO-8601 durations, start earlier than end. */
export function checkOffsets(field: string, start: string | undefined, end: string | undefined): RuleViolation[] {
  const out: RuleViolation[] = [];
  const parsed: Array<number | null> = [];
  for (const [name, value] of [['startTimeOffset', start], ['endTimeOffset', end]] as const) {
    if (value === undefined) {
      parsed.push(null);
      continue;
    }
    const ms = value.length >= 1 && value.length <= 15 ? parseNegativeDuration(value) : null;
    if (ms === null) {
      out.push({ field: `${field}.${name}`, message: `"${value}" is not a negative ISO-8601 duration (1-15 characters) such as -PT1H, -P1D, -PT30M or -PT90S` });
    }
    parsed.push(ms);
  }
  const [s, e] = parsed;
  if (out.length === 0 && s !== null && s !== undefined && e !== null && e !== undefined && s >= e) {
    out.push({ field: `${field}.startTimeOffset`, message: `startTimeOffset (${start}) must be earlier than endTimeOffset (${end}), e.g. -P8D and -P1D` });
  }
  return out;
}

function checkCommon(field: string, input: CommonInput): RuleViolation[] {
  return [
    ...checkMaxLength(`${field}.localPath`, input.localPath, 256, 'localPath'),
    ...checkMaxLength(`${field}.featuresAttribute`, input.featuresAttribute, 256, 'featuresAttribute'),
    ...checkMaxLength(`${field}.inferenceAttribute`, input.inferenceAttribute, 256, 'inferenceAttribute'),
    ...checkMaxLength(`${field}.probabilityAttribute`, input.probabilityAttribute, 256, 'probabilityAttribute'),
    ...checkMaxLength(`${field}.excludeFeaturesAttribute`, input.excludeFeaturesAttribute, 100, 'excludeFeaturesAttribute'),
    ...(input.probabilityThresholdAttribute !== undefined && !Number.isFinite(input.probabilityThresholdAttribute)
      ? [{ field: `${field}.probabilityThresholdAttribute`, message: 'probabilityThresholdAttribute must be a finite number' }]
      : []),
    ...checkOffsets(field, input.startTimeOffset, input.endTimeOffset),
  ];
}

export function checkEndpointInput(field: string, input: EndpointInputConfig): RuleViolation[] {
  const name = input.endpointName;
  const nameOk = name.length >= 1 && name.length <= 63 && NAME_PATTERN.test(name);
  return [
    ...(nameOk ? [] : [{ field: `${field}.endpointName`, message: `endpoint name "${name}" must be 1-63 letters, digits or hyphens, starting and ending with a letter or digit` }]),
    ...checkCommon(field, input),
  ];
}

export function checkBatchTransformInput(field: string, input: BatchTransformInputConfig, allowFile: boolean): RuleViolation[] {
  const f = input.datasetFormat;
  const formats = [f.csv, f.json, f.parquet].filter((x) => x !== undefined && x !== false).length;
  return [
    ...checkUri(`${field}.dataCapturedDestinationS3Uri`, input.dataCapturedDestinationS3Uri, { allowFile }),
    ...(formats === 1 ? [] : [{ field: `${field}.datasetFormat`, message: 'datasetFormat must set exactly one of csv, json or parquet' }]),
    ...checkCommon(field, input),
  ];
}

/** Exactly one of endpointInput and batchTransformInput (seeds 001, 003). */
export function checkMonitoredInput(config: Pick<MonitorConfig, 'endpointInput' | 'batchTransformInput'>, allowFile: boolean): RuleViolation[] {
  const { endpointInput, batchTransformInput } = config;
  if (endpointInput && batchTransformInput) {
    return [{ field: 'batchTransformInput', message: 'Provide either endpointInput or batchTransformInput, not both' }];
  }
  if (endpointInput) return checkEndpointInput('endpointInput', endpointInput);
  if (batchTransformInput) return checkBatchTransformInput('batchTransformInput', batchTransformInput, allowFile);
  return [{ field: 'endpointInput', message: 'One of endpointInput or batchTransformInput is required' }];
}
