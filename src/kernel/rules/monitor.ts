// The rules every monitor must satisfy, the same function for all four types.
import type { RuleViolation } from '../../shared/errors.js';
import type { BackendKind, MonitorConfig, MonitorType } from '../monitor-config.js';
import { checkMonitoredInput } from './inputs.js';
import {
  INSTANCE_TYPE_PATTERN,
  checkFeatureName,
  checkEnvironment,
  checkIntRange,
  checkName,
  checkRoleArn,
  checkUri,
} from './patterns.js';
import { checkBiasThreshold, checkBuiltinJobSettings, checkClarifyPredictor, checkKmsKeyId, checkNetworkConfig } from './sagemaker-options.js';

/** What each type accepts, from the job definition APIs (domain.md, "The four monitor types"). */
export const TYPE_TRAITS: Record<MonitorType, { groundTruth: boolean; processorScripts: boolean; problemType: boolean }> = {
  DATA_QUALITY: { groundTruth: false, processorScripts: true, problemType: false },
  MODEL_QUALITY: { groundTruth: true, processorScripts: true, problemType: true },
  MODEL_BIAS: { groundTruth: true, processorScripts: false, problemType: false },
  MODEL_EXPLAINABILITY: { groundTruth: false, processorScripts: false, problemType: false },
};

export const MAX_RUNTIME_LIMIT_SECONDS = 86_400;

function checkTypeSpecific(type: MonitorType, c: MonitorConfig, allowFile: boolean): RuleViolation[] {
  const traits = TYPE_TRAITS[type];
  const out: RuleViolation[] = [];
  if (traits.groundTruth) {
    if (c.groundTruthS3Uri === undefined) {
      out.push({ field: 'groundTruthS3Uri', message: `groundTruthS3Uri is required for ${type} monitors (ground truth labels are merged with captured predictions)` });
    } else {
      out.push(...checkUri('groundTruthS3Uri', c.groundTruthS3Uri, { allowFile }));
    }
  } else if (c.groundTruthS3Uri !== undefined) {
    out.push({ field: 'groundTruthS3Uri', message: `groundTruthS3Uri is only for MODEL_QUALITY and MODEL_BIAS monitors, not ${type}` });
  }
  if (traits.problemType && c.problemType === undefined) {
    out.push({ field: 'problemType', message: 'problemType is required for MODEL_QUALITY monitors: BINARY_CLASSIFICATION, MULTICLASS_CLASSIFICATION or REGRESSION' });
  }
  if (!traits.problemType && c.problemType !== undefined) {
    out.push({ field: 'problemType', message: `problemType is only for MODEL_QUALITY monitors, not ${type}` });
  }
  for (const script of ['recordPreprocessorSourceUri', 'postAnalyticsProcessorSourceUri'] as const) {
    const value = c[script];
    if (value === undefined) continue;
    if (!traits.processorScripts) {
      out.push({ field: script, message: `${script} is only for DATA_QUALITY and MODEL_QUALITY monitors; ${type} jobs take no pre/post-processor scripts` });
    } else {
      out.push(...checkUri(script, value, { maxLength: 1024, allowFile }));
    }
  }
  if (type === 'MODEL_BIAS') {
    if (!c.bias) out.push({ field: 'bias', message: 'bias (facet and label configuration) is required for MODEL_BIAS monitors' });
    else out.push(...checkBias(c.bias));
  } else if (c.bias) {
    out.push({ field: 'bias', message: `bias configuration is only for MODEL_BIAS monitors, not ${type}` });
  }
  if (type === 'MODEL_EXPLAINABILITY') {
    if (!c.explainability) out.push({ field: 'explainability', message: 'explainability (SHAP configuration) is required for MODEL_EXPLAINABILITY monitors' });
    else out.push(...checkExplainability(c.explainability, allowFile));
  } else if (c.explainability) {
    out.push({ field: 'explainability', message: `explainability configuration is only for MODEL_EXPLAINABILITY monitors, not ${type}` });
  }
  return out;
}

// Clarify's names (facet, label, headers) are those of its analysis.json: SageMaker's own
// ("Sex", "Capital Gain"), as feature names of constraints are, so that a real Clarify baseline
// matches the monitor's configuration on either backend. Baseline dataset column names
// (requestBaseline's columnNames) stay Spark-compatible.
function checkBias(b: NonNullable<MonitorConfig['bias']>): RuleViolation[] {
  const out = [...checkFeatureName('bias.facetName', b.facetName)];
  if (b.labelName !== undefined) out.push(...checkFeatureName('bias.labelName', b.labelName));
  if (b.groupVariable !== undefined) out.push(...checkFeatureName('bias.groupVariable', b.groupVariable));
  b.headers?.forEach((h, i) => out.push(...checkFeatureName(`bias.headers.${i}`, h)));
  for (const key of ['facetName', 'labelName', 'groupVariable'] as const) {
    const column = b[key];
    if (b.headers && column !== undefined && !b.headers.includes(column)) out.push({ field: `bias.${key}`, message: `${key} "${column}" is not one of bias.headers` });
  }
  if (b.facetValuesOrThreshold.length === 0) {
    out.push({ field: 'bias.facetValuesOrThreshold', message: 'facetValuesOrThreshold needs at least one value (or one numeric threshold)' });
  }
  if (b.labelValuesOrThreshold.length === 0) {
    out.push({ field: 'bias.labelValuesOrThreshold', message: 'labelValuesOrThreshold needs at least one value (or one numeric threshold)' });
  }
  if (b.probabilityThreshold !== undefined && !(b.probabilityThreshold >= 0 && b.probabilityThreshold <= 1)) {
    out.push({ field: 'bias.probabilityThreshold', message: 'probabilityThreshold must be between 0 and 1' });
  }
  return out;
}

function checkExplainability(e: NonNullable<MonitorConfig['explainability']>, allowFile: boolean): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (e.headers.length === 0) out.push({ field: 'explainability.headers', message: 'headers must name the model features, in order' });
  e.headers.forEach((h, i) => out.push(...checkFeatureName(`explainability.headers.${i}`, h)));
  out.push(...checkIntRange('explainability.numSamples', e.numSamples, 1, 100_000, 'numSamples'));
  if (e.shapBaselineUri !== undefined) out.push(...checkUri('explainability.shapBaselineUri', e.shapBaselineUri, { allowFile }));
  return out;
}

function checkResources(c: MonitorConfig): RuleViolation[] {
  const r = c.resources;
  return [
    ...(INSTANCE_TYPE_PATTERN.test(r.instanceType) ? [] : [{ field: 'resources.instanceType', message: `instanceType "${r.instanceType}" is not a SageMaker instance type such as ml.m5.xlarge` }]),
    ...checkIntRange('resources.instanceCount', r.instanceCount, 1, 100, 'instanceCount'),
    ...checkIntRange('resources.volumeSizeInGB', r.volumeSizeInGB, 1, 16_384, 'volumeSizeInGB'),
    ...checkIntRange('maxRuntimeInSeconds', c.maxRuntimeInSeconds, 1, MAX_RUNTIME_LIMIT_SECONDS, 'maxRuntimeInSeconds'),
    ...checkKmsKeyId('resources.volumeKmsKeyId', r.volumeKmsKeyId),
    ...checkKmsKeyId('outputKmsKeyId', c.outputKmsKeyId),
    ...checkNetworkConfig('networkConfig', c.networkConfig),
  ];
}

/**
 * Every rule a monitor must satisfy before it is stored or sent to a backend.
 * Pure: returns all violations, in a stable order (the first is the one reported).
 */
export function checkMonitor(input: { name: string; type: MonitorType; backend: BackendKind; config: MonitorConfig; teamExecutionRoleArn?: string | null }): RuleViolation[] {
  const { name, type, backend, config: c } = input;
  const allowFile = backend === 'BUILTIN';
  return [
    ...checkName('name', name, 'monitor name'),
    ...checkMonitoredInput(c, allowFile),
    ...checkUri('outputS3Uri', c.outputS3Uri, { allowFile }),
    ...checkTypeSpecific(type, c, allowFile),
    ...checkClarifyPredictor(type, backend, c),
    ...(type === 'MODEL_BIAS' ? checkBiasThreshold(c) : []),
    ...checkResources(c),
    ...checkBuiltinJobSettings(backend, c),
    ...(c.roleArn !== undefined
      ? checkRoleArn('roleArn', c.roleArn)
      : backend === 'SAGEMAKER' && !input.teamExecutionRoleArn
        ? [{ field: 'roleArn', message: 'roleArn is required for SAGEMAKER monitors (the IAM role the monitoring jobs run as) unless the team has an executionRoleArn' }]
        : []),
    ...(c.environment ? checkEnvironment('environment', c.environment) : []),
  ];
}
