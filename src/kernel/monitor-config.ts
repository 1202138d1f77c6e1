// The monitor's type-specific configuration as the gateway stores it (JSON on the
// Monitor row). GraphQL inputs are mapped onto it; kernel/rules checks it;
// backends translate it into their own requests. zod parses it back from the database.
import { z } from 'zod';

export const MONITOR_TYPES = ['DATA_QUALITY', 'MODEL_QUALITY', 'MODEL_BIAS', 'MODEL_EXPLAINABILITY'] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];
export type BackendKind = 'SAGEMAKER' | 'BUILTIN';

/** SageMaker's MonitoringType for each of the gateway's monitor types. */
export const AWS_MONITORING_TYPE: Record<MonitorType, 'DataQuality' | 'ModelQuality' | 'ModelBias' | 'ModelExplainability'> = {
  DATA_QUALITY: 'DataQuality',
  MODEL_QUALITY: 'ModelQuality',
  MODEL_BIAS: 'ModelBias',
  MODEL_EXPLAINABILITY: 'ModelExplainability',
};

export const PROBLEM_TYPES = ['BinaryClassification', 'MulticlassClassification', 'Regression'] as const;

const Attributes = {
  localPath: z.string().optional(),
  s3InputMode: z.enum(['File', 'Pipe']).optional(),
  s3DataDistributionType: z.enum(['FullyReplicated', 'ShardedByS3Key']).optional(),
  startTimeOffset: z.string().optional(),
  endTimeOffset: z.string().optional(),
  featuresAttribute: z.string().optional(),
  inferenceAttribute: z.string().optional(),
  probabilityAttribute: z.string().optional(),
  probabilityThresholdAttribute: z.number().optional(),
  excludeFeaturesAttribute: z.string().optional(),
};

export const EndpointInputSchema = z.object({ endpointName: z.string(), ...Attributes });
export type EndpointInputConfig = z.infer<typeof EndpointInputSchema>;

export const DatasetFormatSchema = z.object({
  csv: z.object({ header: z.boolean() }).optional(),
  json: z.object({ line: z.boolean() }).optional(),
  parquet: z.boolean().optional(),
});
export type DatasetFormat = z.infer<typeof DatasetFormatSchema>;

export const BatchTransformInputSchema = z.object({
  dataCapturedDestinationS3Uri: z.string(),
  datasetFormat: DatasetFormatSchema,
  ...Attributes,
});
export type BatchTransformInputConfig = z.infer<typeof BatchTransformInputSchema>;

export const BiasConfigSchema = z.object({
  labelName: z.string().optional(),
  labelValuesOrThreshold: z.array(z.string()),
  facetName: z.string(),
  facetValuesOrThreshold: z.array(z.string()),
  probabilityThreshold: z.number().optional(),
  /** All dataset columns, label included (Clarify's headers), and the CDDL group column. */
  headers: z.array(z.string()).optional(),
  groupVariable: z.string().optional(),
});

export const ExplainabilityConfigSchema = z.object({
  headers: z.array(z.string()),
  labelHeaders: z.array(z.string()).optional(),
  shapBaselineUri: z.string().optional(),
  numSamples: z.number().int(),
  aggMethod: z.enum(['mean_abs', 'median', 'mean_sq']),
  useLogit: z.boolean(),
});

/** Clarify's predictor: the model a bias baseline or an explainability job calls. */
export const PredictorSchema = z.object({
  modelName: z.string(),
  instanceType: z.string(),
  initialInstanceCount: z.number().int(),
  contentType: z.string().optional(),
  acceptType: z.string().optional(),
  contentTemplate: z.string().optional(),
});
export type PredictorConfig = z.infer<typeof PredictorSchema>;

/** SageMaker's NetworkConfig of job definitions and processing jobs. */
export const NetworkConfigSchema = z.object({
  enableNetworkIsolation: z.boolean(),
  enableInterContainerTrafficEncryption: z.boolean().optional(),
  vpcConfig: z.object({ securityGroupIds: z.array(z.string()), subnets: z.array(z.string()) }).optional(),
});
export type NetworkConfig = z.infer<typeof NetworkConfigSchema>;

export const ResourcesSchema = z.object({
  instanceType: z.string(),
  instanceCount: z.number().int(),
  volumeSizeInGB: z.number().int(),
  volumeKmsKeyId: z.string().optional(),
});

export const MonitorConfigSchema = z.object({
  endpointInput: EndpointInputSchema.optional(),
  batchTransformInput: BatchTransformInputSchema.optional(),
  outputS3Uri: z.string(),
  problemType: z.enum(PROBLEM_TYPES).optional(),
  groundTruthS3Uri: z.string().optional(),
  bias: BiasConfigSchema.optional(),
  explainability: ExplainabilityConfigSchema.optional(),
  predictor: PredictorSchema.optional(),
  recordPreprocessorSourceUri: z.string().optional(),
  postAnalyticsProcessorSourceUri: z.string().optional(),
  resources: ResourcesSchema,
  maxRuntimeInSeconds: z.number().int(),
  roleArn: z.string().optional(),
  environment: z.record(z.string(), z.string()).optional(),
  networkConfig: NetworkConfigSchema.optional(),
  outputKmsKeyId: z.string().optional(),
});
export type MonitorConfig = z.infer<typeof MonitorConfigSchema>;

/** Parses a config read back from the database; a failure here is a bug, not user input. */
export function parseStoredConfig(json: unknown): MonitorConfig {
  return MonitorConfigSchema.parse(json);
}

/** The endpoint a monitor watches, if it watches one (kept in a column for filters). */
export function endpointNameOf(config: MonitorConfig): string | null {
  return config.endpointInput?.endpointName ?? null;
}
