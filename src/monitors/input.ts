// GraphQL inputs ↔ the stored MonitorConfig (enum spellings differ: FILE ↔ File, …).
import type { BatchTransformInputInput, ClarifyPredictorInput, CreateMonitorInput, DatasetFormatInput, EndpointInputInput, EnvironmentVariableInput, ExplainabilityConfigInput, NetworkConfigInput, ProblemType, ResourcesInput, S3DataDistributionType, S3InputMode, ShapAggregation, UpdateMonitorInput, BiasConfigInput } from '../generated/graphql.js';
import type { DatasetFormat, EndpointInputConfig, MonitorConfig } from '../kernel/monitor-config.js';

type Maybe<T> = T | null | undefined;

export const S3_INPUT_MODE = { FILE: 'File', PIPE: 'Pipe' } as const satisfies Record<S3InputMode, string>;
export const S3_DISTRIBUTION = { FULLY_REPLICATED: 'FullyReplicated', SHARDED_BY_S3_KEY: 'ShardedByS3Key' } as const satisfies Record<S3DataDistributionType, string>;
export const PROBLEM_TYPE = {
  BINARY_CLASSIFICATION: 'BinaryClassification',
  MULTICLASS_CLASSIFICATION: 'MulticlassClassification',
  REGRESSION: 'Regression',
} as const satisfies Record<ProblemType, string>;
export const SHAP_AGGREGATION = { MEAN_ABS: 'mean_abs', MEDIAN: 'median', MEAN_SQ: 'mean_sq' } as const satisfies Record<ShapAggregation, string>;

export function invert<K extends string, V extends string>(map: Record<K, V>): Record<V, K> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k])) as Record<V, K>;
}

/** Copies only the fields that were given (undefined and null are left out). */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as never;
}

export function datasetFormatFromInput(f: DatasetFormatInput): DatasetFormat {
  return defined({
    csv: f.csvHeader != null ? { header: f.csvHeader } : undefined,
    json: f.jsonLines != null ? { line: f.jsonLines } : undefined,
    parquet: f.parquet ? true : undefined,
  });
}

function attributes(i: EndpointInputInput | BatchTransformInputInput): Omit<EndpointInputConfig, 'endpointName'> {
  return defined({
    localPath: i.localPath,
    s3InputMode: i.s3InputMode ? S3_INPUT_MODE[i.s3InputMode] : undefined,
    s3DataDistributionType: i.s3DataDistributionType ? S3_DISTRIBUTION[i.s3DataDistributionType] : undefined,
    startTimeOffset: i.startTimeOffset,
    endTimeOffset: i.endTimeOffset,
    featuresAttribute: i.featuresAttribute,
    inferenceAttribute: i.inferenceAttribute,
    probabilityAttribute: i.probabilityAttribute,
    probabilityThresholdAttribute: i.probabilityThresholdAttribute,
    excludeFeaturesAttribute: i.excludeFeaturesAttribute,
  });
}

const endpointInput = (i: EndpointInputInput) => ({ endpointName: i.endpointName, ...attributes(i) });
const batchInput = (i: BatchTransformInputInput) => ({
  dataCapturedDestinationS3Uri: i.dataCapturedDestinationS3Uri,
  datasetFormat: datasetFormatFromInput(i.datasetFormat),
  ...attributes(i),
});
const bias = (b: BiasConfigInput) => ({
  labelValuesOrThreshold: b.labelValuesOrThreshold,
  facetName: b.facetName,
  facetValuesOrThreshold: b.facetValuesOrThreshold,
  ...defined({ labelName: b.labelName, probabilityThreshold: b.probabilityThreshold, headers: b.headers, groupVariable: b.groupVariable }),
});
const explainability = (e: ExplainabilityConfigInput) => ({
  headers: e.headers,
  numSamples: e.numSamples ?? 100,
  aggMethod: SHAP_AGGREGATION[e.aggMethod ?? 'MEAN_ABS'],
  useLogit: e.useLogit ?? false,
  ...defined({ labelHeaders: e.labelHeaders, shapBaselineUri: e.shapBaselineUri }),
});
const predictor = (p: ClarifyPredictorInput) => ({
  modelName: p.modelName,
  instanceType: p.instanceType ?? 'ml.m5.xlarge',
  initialInstanceCount: p.initialInstanceCount ?? 1,
  ...defined({ contentType: p.contentType, acceptType: p.acceptType, contentTemplate: p.contentTemplate }),
});
const networkConfig = (n: NetworkConfigInput) => ({
  enableNetworkIsolation: n.enableNetworkIsolation ?? false,
  ...defined({ enableInterContainerTrafficEncryption: n.enableInterContainerTrafficEncryption, vpcConfig: n.vpcConfig ?? undefined }),
});
const resources = (r: Maybe<ResourcesInput>, base?: MonitorConfig['resources']) => ({
  instanceType: r?.instanceType ?? base?.instanceType ?? 'ml.m5.xlarge',
  instanceCount: r?.instanceCount ?? base?.instanceCount ?? 1,
  volumeSizeInGB: r?.volumeSizeInGB ?? base?.volumeSizeInGB ?? 20,
  ...defined({ volumeKmsKeyId: r ? r.volumeKmsKeyId : base?.volumeKmsKeyId }),
});
const environment = (vars: readonly EnvironmentVariableInput[]) => Object.fromEntries(vars.map((v) => [v.name, v.value]));

export function configFromCreateInput(input: CreateMonitorInput): MonitorConfig {
  return {
    outputS3Uri: input.outputS3Uri,
    resources: resources(input.resources),
    maxRuntimeInSeconds: input.maxRuntimeInSeconds ?? 1800,
    ...defined({
      endpointInput: input.endpointInput ? endpointInput(input.endpointInput) : undefined,
      batchTransformInput: input.batchTransformInput ? batchInput(input.batchTransformInput) : undefined,
      problemType: input.problemType ? PROBLEM_TYPE[input.problemType] : undefined,
      groundTruthS3Uri: input.groundTruthS3Uri,
      bias: input.bias ? bias(input.bias) : undefined,
      explainability: input.explainability ? explainability(input.explainability) : undefined,
      predictor: input.predictor ? predictor(input.predictor) : undefined,
      recordPreprocessorSourceUri: input.recordPreprocessorSourceUri,
      postAnalyticsProcessorSourceUri: input.postAnalyticsProcessorSourceUri,
      roleArn: input.roleArn,
      environment: input.environment ? environment(input.environment) : undefined,
      networkConfig: input.networkConfig ? networkConfig(input.networkConfig) : undefined,
      outputKmsKeyId: input.outputKmsKeyId,
    }),
  };
}

/** Applies a patch: a field left out keeps its value, an explicit null clears it. */
export function applyUpdateInput(base: MonitorConfig, patch: UpdateMonitorInput): MonitorConfig {
  const next: Record<string, unknown> = { ...base };
  const set = <T>(key: keyof MonitorConfig, value: Maybe<T>, map: (v: T) => unknown) => {
    if (value === undefined) return;
    if (value === null) delete next[key];
    else next[key] = map(value);
  };
  const id = <T>(v: T) => v;
  set('endpointInput', patch.endpointInput, endpointInput);
  set('batchTransformInput', patch.batchTransformInput, batchInput);
  set('problemType', patch.problemType, (p: ProblemType) => PROBLEM_TYPE[p]);
  set('groundTruthS3Uri', patch.groundTruthS3Uri, id);
  set('bias', patch.bias, bias);
  set('explainability', patch.explainability, explainability);
  set('predictor', patch.predictor, predictor);
  set('recordPreprocessorSourceUri', patch.recordPreprocessorSourceUri, id);
  set('postAnalyticsProcessorSourceUri', patch.postAnalyticsProcessorSourceUri, id);
  set('roleArn', patch.roleArn, id);
  set('environment', patch.environment, environment);
  set('networkConfig', patch.networkConfig, networkConfig);
  set('outputKmsKeyId', patch.outputKmsKeyId, id);
  if (patch.outputS3Uri != null) next['outputS3Uri'] = patch.outputS3Uri;
  if (patch.maxRuntimeInSeconds != null) next['maxRuntimeInSeconds'] = patch.maxRuntimeInSeconds;
  if (patch.resources != null) next['resources'] = resources(patch.resources, base.resources);
  return next as MonitorConfig;
}
