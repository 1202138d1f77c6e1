/**
 * What an execution of a job definition reads, taken from the definition as SageMaker's containers
 * take it: the monitored input (EndpointInput or BatchTransformInput, with offsets and attributes),
 * ground truth, the baseline's constraints and statistics, Clarify's analysis_config.json and the
 * container environment. Both forms: a type's own job definition and a schedule's inline
 * (legacy, data quality) MonitoringJobDefinition.
 */
import type { JobDefinitionRecord } from './state.js';
import { asObj, asStr, type MonitoringType, type Obj } from './validation.js';

export interface EngineJob {
  type: MonitoringType;
  endpointName?: string;
  /** BatchTransformInput.DataCapturedDestinationS3Uri. */
  batchCaptureUri?: string;
  startTimeOffset?: string;
  endTimeOffset?: string;
  featuresAttribute?: string;
  inferenceAttribute?: string;
  probabilityAttribute?: string;
  probabilityThreshold?: number;
  groundTruthUri?: string;
  constraintsUri?: string;
  statisticsUri?: string;
  /** Clarify's analysis_config.json (bias and explainability). */
  configUri?: string;
  problemType?: string;
  environment: Record<string, string>;
}

const strings = (o: Obj | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(o ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

export function engineJobOf(jd: JobDefinitionRecord): EngineJob {
  const b = jd.body;
  const p = jd.type;
  const jobInput = jd.inline ? asObj((b['MonitoringInputs'] as unknown[] | undefined)?.[0]) : asObj(b[`${p}JobInput`]);
  const endpoint = asObj(jobInput?.['EndpointInput']);
  const batch = asObj(jobInput?.['BatchTransformInput']);
  const input = endpoint ?? batch;
  const app = asObj(b[jd.inline ? 'MonitoringAppSpecification' : `${p}AppSpecification`]);
  const baseline = asObj(b[jd.inline ? 'BaselineConfig' : `${p}BaselineConfig`]);
  const threshold = input?.['ProbabilityThresholdAttribute'];
  return {
    type: jd.type,
    environment: { ...strings(asObj(b['Environment'])), ...strings(asObj(app?.['Environment'])) },
    endpointName: asStr(endpoint?.['EndpointName']),
    batchCaptureUri: asStr(batch?.['DataCapturedDestinationS3Uri']),
    startTimeOffset: asStr(input?.['StartTimeOffset']),
    endTimeOffset: asStr(input?.['EndTimeOffset']),
    featuresAttribute: asStr(input?.['FeaturesAttribute']),
    inferenceAttribute: asStr(input?.['InferenceAttribute']),
    probabilityAttribute: asStr(input?.['ProbabilityAttribute']),
    probabilityThreshold: typeof threshold === 'number' ? threshold : undefined,
    groundTruthUri: asStr(asObj(jobInput?.['GroundTruthS3Input'])?.['S3Uri']),
    constraintsUri: asStr(asObj(baseline?.['ConstraintsResource'])?.['S3Uri']),
    statisticsUri: asStr(asObj(baseline?.['StatisticsResource'])?.['S3Uri']),
    configUri: asStr(app?.['ConfigUri']),
    problemType: asStr(app?.['ProblemType']),
  };
}
