// Request parts the SageMaker Python SDK sends with every job definition and baselining job:
// network settings, the output KMS key, and model quality's dataset attributes.
import type { NetworkConfig } from '@aws-sdk/client-sagemaker';
import type { BaselineJobRequest } from '../backends/types.js';
import type { MonitorConfig } from '../kernel/monitor-config.js';

export const outputKms = (c: MonitorConfig) => (c.outputKmsKeyId ? { KmsKeyId: c.outputKmsKeyId } : {});

/** As the SDK's NetworkConfig._to_request_dict: EnableNetworkIsolation always, the rest when set. */
export function networkConfig(c: MonitorConfig): { NetworkConfig?: NetworkConfig } {
  const n = c.networkConfig;
  if (!n) return {};
  return {
    NetworkConfig: {
      EnableNetworkIsolation: n.enableNetworkIsolation,
      ...(n.enableInterContainerTrafficEncryption !== undefined ? { EnableInterContainerTrafficEncryption: n.enableInterContainerTrafficEncryption } : {}),
      ...(n.vpcConfig ? { VpcConfig: { SecurityGroupIds: n.vpcConfig.securityGroupIds, Subnets: n.vpcConfig.subnets } } : {}),
    },
  };
}

/**
 * Model quality baselining reads the prediction, probability and label columns from these variables
 * (the SDK's ModelQualityMonitor.suggest_baseline); the request's values, else the monitored input's.
 */
export function modelQualityAttributes(c: MonitorConfig, r: BaselineJobRequest): Record<string, string> {
  const input = c.endpointInput ?? c.batchTransformInput;
  const inference = r.inferenceAttribute ?? input?.inferenceAttribute;
  const probability = r.probabilityAttribute ?? input?.probabilityAttribute;
  const threshold = r.probabilityThresholdAttribute ?? input?.probabilityThresholdAttribute;
  return {
    ...(inference !== undefined ? { inference_attribute: inference } : {}),
    ...(probability !== undefined ? { probability_attribute: probability } : {}),
    ...(r.groundTruthAttribute !== undefined ? { ground_truth_attribute: r.groundTruthAttribute } : {}),
    ...(threshold !== undefined ? { probability_threshold_attribute: String(threshold) } : {}),
  };
}
