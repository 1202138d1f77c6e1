// The parts of SageMaker's Describe answers (and of Clarify's analysis_config.json) that the
// import reads, as zod schemas. Fields are required where the API reference marks them required
// in the answer; what the import does not read is not listed (zod drops it).
import { z } from 'zod';
import type { ImportSkipCode } from '../backends/types.js';

/** Why a schedule cannot be adopted; caught per schedule by the inventory. */
export class Skip extends Error {
  constructor(readonly code: ImportSkipCode, message: string) {
    super(message);
  }
}

/** `value` parsed by `schema`, else a Skip naming the first malformed field. */
export function parseOr<T>(schema: z.ZodType<T>, value: unknown, code: ImportSkipCode, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new Skip(code, `${what} has a malformed ${issue.path.join('.') || 'answer'}: ${issue.message}`);
}

const s3Uri = z.object({ S3Uri: z.string().min(1) });
const text = z.string().min(1);

const Attributes = {
  LocalPath: z.string().optional(),
  S3InputMode: z.enum(['File', 'Pipe']).optional(),
  S3DataDistributionType: z.enum(['FullyReplicated', 'ShardedByS3Key']).optional(),
  StartTimeOffset: z.string().optional(),
  EndTimeOffset: z.string().optional(),
  FeaturesAttribute: z.string().optional(),
  InferenceAttribute: z.string().optional(),
  ProbabilityAttribute: z.string().optional(),
  ProbabilityThresholdAttribute: z.number().optional(),
  ExcludeFeaturesAttribute: z.string().optional(),
};
export const EndpointInputAnswer = z.object({ EndpointName: text, ...Attributes });
export const BatchInputAnswer = z.object({
  DataCapturedDestinationS3Uri: text,
  DatasetFormat: z.object({ Csv: z.object({ Header: z.boolean().optional() }).optional(), Json: z.object({ Line: z.boolean().optional() }).optional(), Parquet: z.object({}).optional() }),
  ...Attributes,
});

/** A job definition in one shape: a *JobDefinition answer and a schedule's inline definition are mapped onto it first. */
export const DefinitionAnswer = z.object({
  AppSpecification: z.object({
    ImageUri: text,
    ContainerEntrypoint: z.array(z.string()).optional(),
    ContainerArguments: z.array(z.string()).optional(),
    RecordPreprocessorSourceUri: z.string().optional(),
    PostAnalyticsProcessorSourceUri: z.string().optional(),
    Environment: z.record(z.string(), z.string()).optional(),
    ProblemType: z.enum(['BinaryClassification', 'MulticlassClassification', 'Regression']).optional(),
    ConfigUri: z.string().optional(),
  }),
  JobInput: z.object({ EndpointInput: EndpointInputAnswer.optional(), BatchTransformInput: BatchInputAnswer.optional(), GroundTruthS3Input: s3Uri.optional() }),
  OutputConfig: z.object({ MonitoringOutputs: z.array(z.object({ S3Output: s3Uri })).min(1), KmsKeyId: z.string().optional() }),
  JobResources: z.object({ ClusterConfig: z.object({ InstanceCount: z.number().int(), InstanceType: text, VolumeSizeInGB: z.number().int(), VolumeKmsKeyId: z.string().optional() }) }),
  NetworkConfig: z.object({
    EnableInterContainerTrafficEncryption: z.boolean().optional(),
    EnableNetworkIsolation: z.boolean().optional(),
    VpcConfig: z.object({ SecurityGroupIds: z.array(z.string()), Subnets: z.array(z.string()) }).optional(),
  }).optional(),
  RoleArn: text,
  StoppingCondition: z.object({ MaxRuntimeInSeconds: z.number().int() }).optional(),
  BaselineConfig: z.object({ BaseliningJobName: z.string().optional(), ConstraintsResource: s3Uri.partial().optional(), StatisticsResource: s3Uri.partial().optional() }).optional(),
});
export type DefinitionAnswer = z.infer<typeof DefinitionAnswer>;

/** ListMonitoringSchedules. */
export const ListAnswer = z.object({ MonitoringScheduleSummaries: z.array(z.object({ MonitoringScheduleName: text })), NextToken: z.string().optional() });

/** DescribeMonitoringSchedule. */
export const ScheduleAnswer = z.object({
  MonitoringScheduleArn: text,
  MonitoringScheduleStatus: z.enum(['Pending', 'Failed', 'Scheduled', 'Stopped']),
  FailureReason: z.string().optional(),
  MonitoringScheduleConfig: z.object({
    ScheduleConfig: z.object({ ScheduleExpression: z.string().optional(), DataAnalysisStartTime: z.string().optional(), DataAnalysisEndTime: z.string().optional() }).optional(),
    MonitoringJobDefinitionName: z.string().optional(),
    MonitoringType: z.enum(['DataQuality', 'ModelQuality', 'ModelBias', 'ModelExplainability']).optional(),
    /** The inline form (data quality only), parsed further as a DefinitionAnswer. */
    MonitoringJobDefinition: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ScheduleAnswer = z.infer<typeof ScheduleAnswer>;

/** DescribeProcessingJob, for a baseline named by its baselining job. */
export const ProcessingJobAnswer = z.object({ ProcessingOutputConfig: z.object({ Outputs: z.array(z.object({ S3Output: s3Uri })).min(1) }) });

/** Clarify writes names and values as strings or numbers (index-like values as numbers). */
const scalar = z.union([z.string(), z.number()]).transform(String);
/** Clarify's analysis_config.json, as far as the monitor's bias or explainability settings go. */
export const AnalysisConfig = z.object({
  headers: z.array(scalar).optional(),
  label: scalar.optional(),
  label_values_or_threshold: z.array(scalar).optional(),
  facet: z.array(z.object({ name_or_index: scalar, value_or_threshold: z.array(scalar).optional() })).optional(),
  probability_threshold: z.number().optional(),
  group_variable: z.string().optional(),
  predictor: z.object({
    model_name: z.string().optional(),
    instance_type: z.string().optional(),
    initial_instance_count: z.number().int().optional(),
    content_type: z.string().optional(),
    accept_type: z.string().optional(),
    content_template: z.string().optional(),
    label_headers: z.array(scalar).optional(),
  }).optional(),
  methods: z.object({
    shap: z.object({
      baseline: z.unknown().optional(),
      num_samples: z.number().int().optional(),
      agg_method: z.enum(['mean_abs', 'median', 'mean_sq']).optional(),
      use_logit: z.boolean().optional(),
    }).optional(),
  }).optional(),
});
export type AnalysisConfig = z.infer<typeof AnalysisConfig>;
