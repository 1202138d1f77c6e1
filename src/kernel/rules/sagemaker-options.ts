// NetworkConfig, KMS keys and Clarify's predictor (API model sagemaker/2017-07-24; Clarify's analysis configuration),
// and which of them the built-in engine refuses.
import type { RuleViolation } from '../../shared/errors.js';
import type { BackendKind, MonitorConfig, MonitorType, NetworkConfig, PredictorConfig } from '../monitor-config.js';
import { INSTANCE_TYPE_PATTERN, KMS_KEY_ID_PATTERN, VPC_ID_PATTERN, checkIntRange, checkName } from './patterns.js';

export const CLARIFY_CONTENT_TYPES = ['text/csv', 'application/jsonlines', 'application/json'] as const;

export function checkKmsKeyId(field: string, value: string | undefined): RuleViolation[] {
  if (value === undefined) return [];
  if (value.length >= 1 && value.length <= 2048 && KMS_KEY_ID_PATTERN.test(value)) return [];
  return [{ field, message: `"${value}" is not a KMS key id, key ARN or alias (1-2048 characters of [a-zA-Z0-9:/_-])` }];
}

function checkIds(field: string, ids: string[], max: number, what: string): RuleViolation[] {
  if (ids.length < 1 || ids.length > max) return [{ field, message: `${field.split('.').pop()} needs 1 to ${max} ${what} ids (got ${ids.length})` }];
  return ids.flatMap((id, i) =>
    id.length <= 32 && VPC_ID_PATTERN.test(id) ? [] : [{ field: `${field}.${i}`, message: `"${id}" is not a ${what} id (at most 32 letters, digits or hyphens)` }],
  );
}

export function checkNetworkConfig(field: string, n: NetworkConfig | undefined): RuleViolation[] {
  if (!n?.vpcConfig) return [];
  return [
    ...checkIds(`${field}.vpcConfig.securityGroupIds`, n.vpcConfig.securityGroupIds, 5, 'security group'),
    ...checkIds(`${field}.vpcConfig.subnets`, n.vpcConfig.subnets, 16, 'subnet'),
  ];
}

function checkPredictor(p: PredictorConfig): RuleViolation[] {
  const contentType = (f: 'contentType' | 'acceptType', v: string | undefined): RuleViolation[] =>
    v === undefined || (CLARIFY_CONTENT_TYPES as readonly string[]).includes(v) ? [] : [{ field: `predictor.${f}`, message: `${f} must be one of ${CLARIFY_CONTENT_TYPES.join(', ')} (got "${v}")` }];
  return [
    ...checkName('predictor.modelName', p.modelName, 'model name'),
    ...(INSTANCE_TYPE_PATTERN.test(p.instanceType) ? [] : [{ field: 'predictor.instanceType', message: `instanceType "${p.instanceType}" is not a SageMaker instance type such as ml.m5.xlarge` }]),
    ...checkIntRange('predictor.initialInstanceCount', p.initialInstanceCount, 1, 100, 'initialInstanceCount'),
    ...contentType('contentType', p.contentType),
    ...contentType('acceptType', p.acceptType),
    ...(p.contentTemplate !== undefined && !p.contentTemplate.includes('$features')
      ? [{ field: 'predictor.contentTemplate', message: 'contentTemplate must contain the placeholder $features' }]
      : []),
  ];
}

/** Clarify's predictor: bias and explainability only; explainability on batch-transform input has no endpoint to call, so it needs one. */
export function checkClarifyPredictor(type: MonitorType, backend: BackendKind, c: MonitorConfig): RuleViolation[] {
  if (type !== 'MODEL_BIAS' && type !== 'MODEL_EXPLAINABILITY') {
    return c.predictor ? [{ field: 'predictor', message: `predictor is only for MODEL_BIAS and MODEL_EXPLAINABILITY monitors, not ${type}` }] : [];
  }
  if (c.predictor) return checkPredictor(c.predictor);
  if (type === 'MODEL_EXPLAINABILITY' && backend === 'SAGEMAKER' && c.batchTransformInput) {
    return [{ field: 'predictor', message: 'predictor (the SageMaker model Clarify calls to compute SHAP values) is required for MODEL_EXPLAINABILITY monitors on batchTransformInput' }];
  }
  return [];
}

/** The bias threshold is sent twice (analysis config and ProbabilityThresholdAttribute): one value. */
export function checkBiasThreshold(c: MonitorConfig): RuleViolation[] {
  const fromBias = c.bias?.probabilityThreshold;
  const fromInput = (c.endpointInput ?? c.batchTransformInput)?.probabilityThresholdAttribute;
  if (fromBias === undefined || fromInput === undefined || fromBias === fromInput) return [];
  return [{ field: 'bias.probabilityThreshold', message: `bias.probabilityThreshold (${fromBias}) differs from the monitored input's probabilityThresholdAttribute (${fromInput}); give one value` }];
}

/**
 * SageMaker job settings about where a job runs and how its data is protected mean nothing to the
 * built-in engine, which runs in the gateway's workers with their network and credentials, on no ML
 * storage volume, and writes reports with the bucket's default encryption. A BUILTIN monitor that
 * asked for them would be silently less protected than it says, so they are refused there; Clarify's
 * predictor (no model is run: attributions come from the captured output) is kept but not used.
 */
export function checkBuiltinJobSettings(backend: BackendKind, c: MonitorConfig): RuleViolation[] {
  if (backend !== 'BUILTIN') return [];
  const refused = (field: string, why: string, clear: string): RuleViolation =>
    ({ field, message: `${field} is a SageMaker job setting the built-in engine cannot apply: ${why}. Use backend SAGEMAKER, or leave it out (${clear})` });
  return [
    ...(c.networkConfig ? [refused('networkConfig', 'BUILTIN runs execute in the gateway\'s workers, with their network, so they are neither isolated nor placed in a VPC', 'networkConfig: null')] : []),
    ...(c.outputKmsKeyId ? [refused('outputKmsKeyId', 'BUILTIN reports are written with the bucket\'s default encryption (set SSE-KMS with the key on the bucket)', 'outputKmsKeyId: null')] : []),
    ...(c.resources.volumeKmsKeyId ? [refused('resources.volumeKmsKeyId', 'BUILTIN runs have no ML storage volume', 'resources without volumeKmsKeyId')] : []),
  ];
}
