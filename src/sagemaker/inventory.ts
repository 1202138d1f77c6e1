// The team's own SageMaker schedules, read for adoption (importSageMakerSchedules): each
// schedule with its job definition, mapped onto the gateway's MonitorConfig, and its baseline
// files read back. What the gateway cannot represent is reported with a reason, never guessed.
import type { ForeignSchedule, ImportSkipCode } from '../backends/types.js';
import { AWS_MONITORING_TYPE, type BatchTransformInputConfig, type DatasetFormat, type EndpointInputConfig, type MonitorConfig, type MonitorType } from '../kernel/monitor-config.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import { clarifyImage, modelMonitorImage } from './images.js';
import { parseAnalysis, parseConstraints, parseStatistics } from './reports.js';
import type { Transport } from './transport.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
/** Clarify writes names and values as strings or numbers (index-like values as numbers). */
const scalar = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map((x) => scalar(x) ?? JSON.stringify(x)) : undefined);

/** Copies only the defined values. */
function defined<T extends Obj>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

class Skip extends Error {
  constructor(readonly code: ImportSkipCode, message: string) {
    super(message);
  }
}

const TYPE_OF: Record<string, MonitorType> = Object.fromEntries(Object.entries(AWS_MONITORING_TYPE).map(([k, v]) => [v, k as MonitorType]));

/** The describe operation and the request fields of each type's job definition. */
const DEFINITION: Record<MonitorType, { describe: 'DescribeDataQualityJobDefinition' | 'DescribeModelQualityJobDefinition' | 'DescribeModelBiasJobDefinition' | 'DescribeModelExplainabilityJobDefinition'; prefix: string }> = {
  DATA_QUALITY: { describe: 'DescribeDataQualityJobDefinition', prefix: 'DataQuality' },
  MODEL_QUALITY: { describe: 'DescribeModelQualityJobDefinition', prefix: 'ModelQuality' },
  MODEL_BIAS: { describe: 'DescribeModelBiasJobDefinition', prefix: 'ModelBias' },
  MODEL_EXPLAINABILITY: { describe: 'DescribeModelExplainabilityJobDefinition', prefix: 'ModelExplainability' },
};

function attributes(i: Obj): Omit<EndpointInputConfig, 'endpointName'> {
  return defined({
    localPath: str(i['LocalPath']),
    s3InputMode: str(i['S3InputMode']) as EndpointInputConfig['s3InputMode'],
    s3DataDistributionType: str(i['S3DataDistributionType']) as EndpointInputConfig['s3DataDistributionType'],
    startTimeOffset: str(i['StartTimeOffset']),
    endTimeOffset: str(i['EndTimeOffset']),
    featuresAttribute: str(i['FeaturesAttribute']),
    inferenceAttribute: str(i['InferenceAttribute']),
    probabilityAttribute: str(i['ProbabilityAttribute']),
    probabilityThresholdAttribute: num(i['ProbabilityThresholdAttribute']),
    excludeFeaturesAttribute: str(i['ExcludeFeaturesAttribute']),
  });
}

function monitoredInput(jobInput: Obj): Pick<MonitorConfig, 'endpointInput' | 'batchTransformInput'> {
  const endpoint = obj(jobInput['EndpointInput']);
  if (endpoint) return { endpointInput: { endpointName: str(endpoint['EndpointName']) ?? '', ...attributes(endpoint) } };
  const batch = obj(jobInput['BatchTransformInput']);
  if (!batch) throw new Skip('INVALID_MONITOR', 'the job definition has neither EndpointInput nor BatchTransformInput');
  const f = obj(batch['DatasetFormat']) ?? {};
  const csv = obj(f['Csv']);
  const json = obj(f['Json']);
  const datasetFormat: DatasetFormat = csv ? { csv: { header: csv['Header'] === true } } : json ? { json: { line: json['Line'] === true } } : { parquet: true };
  const input: BatchTransformInputConfig = { dataCapturedDestinationS3Uri: str(batch['DataCapturedDestinationS3Uri']) ?? '', datasetFormat, ...attributes(batch) };
  return { batchTransformInput: input };
}

function common(d: Obj, prefix: string): Omit<MonitorConfig, 'endpointInput' | 'batchTransformInput'> {
  const output = obj(d[`${prefix}JobOutputConfig`]) ?? {};
  const outputs = Array.isArray(output['MonitoringOutputs']) ? (output['MonitoringOutputs'] as unknown[]) : [];
  const cluster = obj(obj(d['JobResources'])?.['ClusterConfig']) ?? {};
  const app = obj(d[`${prefix}AppSpecification`]) ?? {};
  const network = obj(d['NetworkConfig']);
  const vpc = obj(network?.['VpcConfig']);
  const env = obj(app['Environment']);
  return {
    outputS3Uri: str(obj(obj(outputs[0])?.['S3Output'])?.['S3Uri']) ?? '',
    resources: {
      instanceType: str(cluster['InstanceType']) ?? '',
      instanceCount: num(cluster['InstanceCount']) ?? 0,
      volumeSizeInGB: num(cluster['VolumeSizeInGB']) ?? 0,
      ...defined({ volumeKmsKeyId: str(cluster['VolumeKmsKeyId']) }),
    },
    // SageMaker's default when a definition names none.
    maxRuntimeInSeconds: num(obj(d['StoppingCondition'])?.['MaxRuntimeInSeconds']) ?? 3600,
    ...defined({
      roleArn: str(d['RoleArn']),
      outputKmsKeyId: str(output['KmsKeyId']),
      recordPreprocessorSourceUri: str(app['RecordPreprocessorSourceUri']),
      postAnalyticsProcessorSourceUri: str(app['PostAnalyticsProcessorSourceUri']),
      environment: env && Object.keys(env).length > 0 ? Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])) : undefined,
      networkConfig: network
        ? {
            enableNetworkIsolation: network['EnableNetworkIsolation'] === true,
            ...defined({
              enableInterContainerTrafficEncryption: typeof network['EnableInterContainerTrafficEncryption'] === 'boolean' ? network['EnableInterContainerTrafficEncryption'] : undefined,
              vpcConfig: vpc ? { securityGroupIds: strings(vpc['SecurityGroupIds']) ?? [], subnets: strings(vpc['Subnets']) ?? [] } : undefined,
            }),
          }
        : undefined,
    }),
  };
}

/** Clarify's analysis_config.json → the monitor's bias or explainability settings and predictor. */
function clarifySettings(type: MonitorType, a: Obj): Partial<MonitorConfig> {
  const p = obj(a['predictor']);
  const predictor = p && str(p['model_name'])
    ? {
        predictor: {
          modelName: str(p['model_name'])!,
          instanceType: str(p['instance_type']) ?? 'ml.m5.xlarge',
          initialInstanceCount: num(p['initial_instance_count']) ?? 1,
          ...defined({ contentType: str(p['content_type']), acceptType: str(p['accept_type']), contentTemplate: str(p['content_template']) }),
        },
      }
    : {};
  if (type === 'MODEL_BIAS') {
    const facet = obj(Array.isArray(a['facet']) ? (a['facet'] as unknown[])[0] : undefined) ?? {};
    return {
      ...predictor,
      bias: {
        labelValuesOrThreshold: strings(a['label_values_or_threshold']) ?? [],
        facetName: scalar(facet['name_or_index']) ?? '',
        facetValuesOrThreshold: strings(facet['value_or_threshold']) ?? [],
        ...defined({
          labelName: scalar(a['label']),
          probabilityThreshold: num(a['probability_threshold']),
          headers: strings(a['headers']),
          groupVariable: str(a['group_variable']),
        }),
      },
    };
  }
  const shap = obj(obj(a['methods'])?.['shap']) ?? {};
  return {
    ...predictor,
    explainability: {
      headers: strings(a['headers']) ?? [],
      numSamples: num(shap['num_samples']) ?? 100,
      aggMethod: (str(shap['agg_method']) ?? 'mean_abs') as 'mean_abs',
      useLogit: shap['use_logit'] === true,
      ...defined({ labelHeaders: strings(p?.['label_headers']), shapBaselineUri: typeof shap['baseline'] === 'string' ? shap['baseline'] : undefined }),
    },
  };
}

export class SageMakerInventory {
  /** `pageSize`: ListMonitoringSchedules' MaxResults (1-100). */
  constructor(private readonly t: Transport, private readonly region: string, private readonly pageSize = 100) {}

  async list(): Promise<ForeignSchedule[]> {
    const out: ForeignSchedule[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.t.sagemaker('ListMonitoringSchedules', { MaxResults: this.pageSize, SortBy: 'Name', SortOrder: 'Ascending', ...(nextToken ? { NextToken: nextToken } : {}) });
      for (const s of (page['MonitoringScheduleSummaries'] ?? []) as Obj[]) out.push(await this.one(String(s['MonitoringScheduleName'])));
      nextToken = str(page['NextToken']);
    } while (nextToken);
    return out;
  }

  private async one(name: string): Promise<ForeignSchedule> {
    let arn: string | null = null;
    try {
      const s = await this.t.sagemaker('DescribeMonitoringSchedule', { MonitoringScheduleName: name });
      arn = str(s['MonitoringScheduleArn']) ?? null;
      return { name, arn, adoptable: true, ...(await this.adopt(s)) };
    } catch (error) {
      if (error instanceof Skip) return { name, arn, adoptable: false, code: error.code, message: error.message };
      throw error;
    }
  }

  private async adopt(s: Obj) {
    const status = str(s['MonitoringScheduleStatus']);
    if (status === 'Failed') throw new Skip('SCHEDULE_FAILED', `the schedule is Failed in SageMaker${str(s['FailureReason']) ? `: ${str(s['FailureReason'])}` : ''}; fix or delete it there first`);
    const config = obj(s['MonitoringScheduleConfig']) ?? {};
    const timing = obj(config['ScheduleConfig']) ?? {};
    if (obj(config['MonitoringJobDefinition'])) {
      throw new Skip('INLINE_DEFINITION', 'the schedule carries an inline MonitoringJobDefinition; the gateway adopts schedules that name a job definition (CreateDataQualityJobDefinition and the like)');
    }
    const definitionName = str(config['MonitoringJobDefinitionName']);
    const type = TYPE_OF[str(config['MonitoringType']) ?? 'DataQuality'];
    if (!definitionName || !type) throw new Skip('INLINE_DEFINITION', 'the schedule names no job definition of a known monitoring type');
    const { describe, prefix } = DEFINITION[type];
    let d: Obj;
    try {
      d = await this.t.sagemaker(describe, { JobDefinitionName: definitionName });
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.NOT_FOUND) throw new Skip('DEFINITION_NOT_FOUND', `its ${prefix} job definition ${definitionName} does not exist`);
      throw error;
    }
    const app = obj(d[`${prefix}AppSpecification`]) ?? {};
    const clarify = type === 'MODEL_BIAS' || type === 'MODEL_EXPLAINABILITY';
    const image = clarify ? clarifyImage(this.region) : modelMonitorImage(this.region);
    if (str(app['ImageUri']) !== image) {
      throw new Skip('CUSTOM_IMAGE', `the job definition runs ${String(app['ImageUri'])}, not the ${clarify ? 'Clarify' : 'Model Monitor analyzer'} image of ${this.region} (${image})`);
    }
    const jobInput = obj(d[`${prefix}JobInput`]) ?? {};
    const monitorConfig: MonitorConfig = { ...monitoredInput(jobInput), ...common(d, prefix) };
    const groundTruth = str(obj(jobInput['GroundTruthS3Input'])?.['S3Uri']);
    if (groundTruth) monitorConfig.groundTruthS3Uri = groundTruth;
    const problemType = str(app['ProblemType']);
    if (problemType) monitorConfig.problemType = problemType as MonitorConfig['problemType'];
    if (clarify) {
      const uri = str(app['ConfigUri']) ?? '';
      Object.assign(monitorConfig, clarifySettings(type, await this.readJson(uri, 'Clarify analysis configuration', (text) => JSON.parse(text) as Obj)));
    }
    return {
      type,
      config: monitorConfig,
      spec: {
        expression: str(timing['ScheduleExpression']) ?? '',
        dataAnalysisStartTime: str(timing['DataAnalysisStartTime']) ?? null,
        dataAnalysisEndTime: str(timing['DataAnalysisEndTime']) ?? null,
      },
      status: status === 'Stopped' ? ('STOPPED' as const) : ('SCHEDULED' as const),
      definitionName,
      baseline: await this.baseline(obj(d[`${prefix}BaselineConfig`]), clarify),
    };
  }

  /** The definition's baseline files (or those of its baselining job), parsed as the gateway stores baselines. */
  private async baseline(config: Obj | undefined, clarify: boolean) {
    if (!config) return null;
    const jobName = str(config['BaseliningJobName']) ?? null;
    let constraintsUri = str(obj(config['ConstraintsResource'])?.['S3Uri']);
    let statisticsUri = str(obj(config['StatisticsResource'])?.['S3Uri']);
    if (!constraintsUri && jobName) {
      const job = await this.t.sagemaker('DescribeProcessingJob', { ProcessingJobName: jobName });
      const outputs = obj(job['ProcessingOutputConfig'])?.['Outputs'];
      const dir = (str(obj(obj(Array.isArray(outputs) ? (outputs as unknown[])[0] : undefined)?.['S3Output'])?.['S3Uri']) ?? '').replace(/\/+$/, '');
      constraintsUri = `${dir}/${clarify ? 'analysis.json' : 'constraints.json'}`;
      statisticsUri = clarify ? undefined : `${dir}/statistics.json`;
    }
    if (!constraintsUri) return null;
    const constraints = await this.readJson(constraintsUri, 'baseline constraints', (text, uri) => (clarify ? parseAnalysis : parseConstraints)(text, uri));
    const statistics = statisticsUri ? await this.readJson(statisticsUri, 'baseline statistics', parseStatistics) : null;
    return { constraints, statistics, constraintsUri, jobName };
  }

  private async readJson<T>(uri: string, what: string, parse: (text: string, uri: string) => T): Promise<T> {
    let text: string | null;
    try {
      text = /^s3:\/\/[^/]+\/.+/.test(uri) ? await this.t.getObject(uri) : null;
    } catch (error) {
      if (error instanceof AppError && error.code !== ErrorCode.UNAVAILABLE) throw new Skip('UNREADABLE_FILE', `its ${what} ${uri} could not be read: ${error.message}`);
      throw error;
    }
    if (text === null) throw new Skip('UNREADABLE_FILE', `its ${what} ${uri} does not exist`);
    try {
      return parse(text, uri);
    } catch (error) {
      throw new Skip('UNREADABLE_FILE', `its ${what} ${uri} is not usable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
