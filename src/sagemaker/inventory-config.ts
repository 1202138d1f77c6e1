// A parsed job definition (inventory-schemas.ts) → the gateway's MonitorConfig, and Clarify's
// analysis configuration → the monitor's bias or explainability settings. Pure.
import type { BatchTransformInputConfig, DatasetFormat, EndpointInputConfig, MonitorConfig, MonitorType } from '../kernel/monitor-config.js';
import { Skip, type AnalysisConfig, type DefinitionAnswer } from './inventory-schemas.js';

/**
 * What a definition without StoppingCondition runs for: the API reference marks StoppingCondition
 * optional on Create*JobDefinition (and MonitoringJobDefinition) without stating a default; the
 * SageMaker Python SDK, which omits it when max_runtime_in_seconds is unset, documents that
 * parameter as "Default: 3600" (ModelMonitor), i.e. SageMaker's own default of one hour.
 */
export const DEFAULT_MAX_RUNTIME_SECONDS = 3600;

/** Copies only the defined values. */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as never;
}

type Input = NonNullable<DefinitionAnswer['JobInput']['EndpointInput']> | NonNullable<DefinitionAnswer['JobInput']['BatchTransformInput']>;

function attributes(i: Input): Omit<EndpointInputConfig, 'endpointName'> {
  return defined({
    localPath: i.LocalPath, s3InputMode: i.S3InputMode, s3DataDistributionType: i.S3DataDistributionType,
    startTimeOffset: i.StartTimeOffset, endTimeOffset: i.EndTimeOffset, featuresAttribute: i.FeaturesAttribute,
    inferenceAttribute: i.InferenceAttribute, probabilityAttribute: i.ProbabilityAttribute,
    probabilityThresholdAttribute: i.ProbabilityThresholdAttribute, excludeFeaturesAttribute: i.ExcludeFeaturesAttribute,
  });
}

function monitoredInput(input: DefinitionAnswer['JobInput']): Pick<MonitorConfig, 'endpointInput' | 'batchTransformInput'> {
  const { EndpointInput: endpoint, BatchTransformInput: batch } = input;
  if (endpoint && batch) throw new Skip('INVALID_MONITOR', 'the job definition has both EndpointInput and BatchTransformInput');
  if (endpoint) return { endpointInput: { endpointName: endpoint.EndpointName, ...attributes(endpoint) } };
  if (!batch) throw new Skip('INVALID_MONITOR', 'the job definition has neither EndpointInput nor BatchTransformInput');
  const f = batch.DatasetFormat;
  const datasetFormat: DatasetFormat = f.Csv ? { csv: { header: f.Csv.Header === true } } : f.Json ? { json: { line: f.Json.Line === true } } : { parquet: true };
  const out: BatchTransformInputConfig = { dataCapturedDestinationS3Uri: batch.DataCapturedDestinationS3Uri, datasetFormat, ...attributes(batch) };
  return { batchTransformInput: out };
}

/** Everything of the monitor but Clarify's settings (read from the analysis configuration file). */
export function monitorConfigOf(d: DefinitionAnswer): MonitorConfig {
  const app = d.AppSpecification;
  const cluster = d.JobResources.ClusterConfig;
  const network = d.NetworkConfig;
  const env = app.Environment;
  return {
    ...monitoredInput(d.JobInput),
    outputS3Uri: d.OutputConfig.MonitoringOutputs[0]!.S3Output.S3Uri,
    resources: {
      instanceType: cluster.InstanceType, instanceCount: cluster.InstanceCount, volumeSizeInGB: cluster.VolumeSizeInGB,
      ...defined({ volumeKmsKeyId: cluster.VolumeKmsKeyId }),
    },
    maxRuntimeInSeconds: d.StoppingCondition?.MaxRuntimeInSeconds ?? DEFAULT_MAX_RUNTIME_SECONDS,
    roleArn: d.RoleArn,
    ...defined({
      groundTruthS3Uri: d.JobInput.GroundTruthS3Input?.S3Uri,
      problemType: app.ProblemType,
      outputKmsKeyId: d.OutputConfig.KmsKeyId,
      recordPreprocessorSourceUri: app.RecordPreprocessorSourceUri,
      postAnalyticsProcessorSourceUri: app.PostAnalyticsProcessorSourceUri,
      environment: env && Object.keys(env).length > 0 ? env : undefined,
      networkConfig: network
        ? {
            enableNetworkIsolation: network.EnableNetworkIsolation === true,
            ...defined({ enableInterContainerTrafficEncryption: network.EnableInterContainerTrafficEncryption, vpcConfig: network.VpcConfig && { securityGroupIds: network.VpcConfig.SecurityGroupIds, subnets: network.VpcConfig.Subnets } }),
          }
        : undefined,
    }),
  };
}

/** Clarify's analysis_config.json → the monitor's bias or explainability settings and predictor. */
export function clarifySettings(type: MonitorType, a: AnalysisConfig): Partial<MonitorConfig> {
  const p = a.predictor;
  const predictor = p?.model_name
    ? {
        predictor: {
          modelName: p.model_name, instanceType: p.instance_type ?? 'ml.m5.xlarge', initialInstanceCount: p.initial_instance_count ?? 1,
          ...defined({ contentType: p.content_type, acceptType: p.accept_type, contentTemplate: p.content_template }),
        },
      }
    : {};
  if (type === 'MODEL_BIAS') {
    const facet = a.facet?.[0];
    if (!facet) throw new Skip('UNREADABLE_FILE', 'its Clarify analysis configuration names no facet');
    return {
      ...predictor,
      bias: {
        labelValuesOrThreshold: a.label_values_or_threshold ?? [],
        facetName: facet.name_or_index,
        facetValuesOrThreshold: facet.value_or_threshold ?? [],
        ...defined({ labelName: a.label, probabilityThreshold: a.probability_threshold, headers: a.headers, groupVariable: a.group_variable }),
      },
    };
  }
  const shap = a.methods?.shap ?? {};
  return {
    ...predictor,
    explainability: {
      headers: a.headers ?? [],
      numSamples: shap.num_samples ?? 100,
      aggMethod: shap.agg_method ?? 'mean_abs',
      useLogit: shap.use_logit === true,
      ...defined({ labelHeaders: p?.label_headers, shapBaselineUri: typeof shap.baseline === 'string' ? shap.baseline : undefined }),
    },
  };
}
