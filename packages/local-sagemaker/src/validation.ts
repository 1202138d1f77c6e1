/**
 * Request validation, playing AWS: Smithy constraint failures are collected and reported in one
 * ValidationException ("N validation error(s) detected: Value 'x' at 'a.b' failed to satisfy
 * constraint: ..."), then service rules (one input, schedule forms, ...) are checked one by one.
 * Deliberately independent of gateway code.
 */
import { validation } from './errors.js';

export type Obj = Record<string, unknown>;

export const MONITORING_TYPES = ['DataQuality', 'ModelQuality', 'ModelBias', 'ModelExplainability'] as const;
export type MonitoringType = (typeof MONITORING_TYPES)[number];
export const EXECUTION_STATUSES = [
  'Pending', 'Completed', 'CompletedWithViolations', 'InProgress', 'Failed', 'Stopping', 'Stopped',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const SCHEDULE_STATUSES = ['Pending', 'Failed', 'Scheduled', 'Stopped'] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

export const NAME_PATTERN = '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$';
export const ROLE_ARN_PATTERN = '^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$';
export const S3_URI_PATTERN = '^(https|s3)://([^/]+)/?(.*)$';
const ENV_KEY_PATTERN = '^[a-zA-Z_][a-zA-Z0-9_]*$';
const OFFSET_PATTERN = '^.?P.*';
const INSTANCE_TYPE_PATTERN = '^ml\\.[a-z0-9]+\\.[a-z0-9]+$';

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
export const asObj = (v: unknown): Obj | undefined => (isObj(v) ? v : undefined);
export const asStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `MonitoringScheduleConfig.ScheduleConfig` → `monitoringScheduleConfig.scheduleConfig` (AWS style). */
const wirePath = (path: string): string =>
  path.split('.').map((s) => (s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s)).join('.');

const show = (v: unknown): string => {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return `'${String(v)}'`;
  return `'${JSON.stringify(v)}'`;
};

interface StrRule { required?: boolean; min?: number; max?: number; pattern?: string }
interface NumRule { required?: boolean; min?: number; max?: number }

/** Collects constraint violations; `done()` throws them as one ValidationException. */
export class Checker {
  readonly errors: string[] = [];

  fail(path: string, value: unknown, constraint: string): void {
    this.errors.push(`Value ${show(value)} at '${wirePath(path)}' failed to satisfy constraint: ${constraint}`);
  }

  required(path: string, value: unknown): boolean {
    if (value === undefined || value === null) {
      this.fail(path, value, 'Member must not be null');
      return false;
    }
    return true;
  }

  str(path: string, value: unknown, rule: StrRule = {}): void {
    if (value === undefined || value === null) {
      if (rule.required) this.required(path, value);
      return;
    }
    if (typeof value !== 'string') return this.fail(path, value, 'Member must be a string');
    if (rule.max !== undefined && value.length > rule.max)
      this.fail(path, value, `Member must have length less than or equal to ${rule.max}`);
    if (rule.min !== undefined && value.length < rule.min)
      this.fail(path, value, `Member must have length greater than or equal to ${rule.min}`);
    if (rule.pattern !== undefined && !new RegExp(rule.pattern).test(value))
      this.fail(path, value, `Member must satisfy regular expression pattern: ${rule.pattern}`);
  }

  int(path: string, value: unknown, rule: NumRule = {}): void {
    if (value === undefined || value === null) {
      if (rule.required) this.required(path, value);
      return;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.fail(path, value, 'Member must be an integer');
    if (rule.max !== undefined && value > rule.max)
      this.fail(path, value, `Member must have value less than or equal to ${rule.max}`);
    if (rule.min !== undefined && value < rule.min)
      this.fail(path, value, `Member must have value greater than or equal to ${rule.min}`);
  }

  oneOf(path: string, value: unknown, values: readonly string[], required = false): void {
    if (value === undefined || value === null) {
      if (required) this.required(path, value);
      return;
    }
    if (typeof value !== 'string' || !values.includes(value))
      this.fail(path, value, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }

  done(): void {
    const n = this.errors.length;
    if (n === 0) return;
    throw validation(`${n} validation error${n === 1 ? '' : 's'} detected: ${this.errors.join('; ')}`);
  }
}

export const name = (c: Checker, path: string, v: unknown, required = true): void =>
  c.str(path, v, { required, min: 1, max: 63, pattern: NAME_PATTERN });

function environment(c: Checker, path: string, v: unknown): void {
  if (!isObj(v)) return;
  const entries = Object.entries(v);
  if (entries.length > 50) c.fail(path, v, 'Member must have length less than or equal to 50');
  for (const [k, val] of entries) {
    c.str(`${path}.${k}`, k, { max: 256, pattern: ENV_KEY_PATTERN });
    c.str(`${path}.${k}`, val, { max: 256 });
  }
}

function appSpec(c: Checker, type: MonitoringType, path: string, v: unknown): void {
  if (!c.required(path, v) || !isObj(v)) return;
  c.str(`${path}.ImageUri`, v['ImageUri'], { required: true, max: 255 });
  if (type === 'ModelBias' || type === 'ModelExplainability') {
    c.str(`${path}.ConfigUri`, v['ConfigUri'], { required: true, max: 1024 });
  } else {
    c.str(`${path}.RecordPreprocessorSourceUri`, v['RecordPreprocessorSourceUri'], { max: 1024 });
    c.str(`${path}.PostAnalyticsProcessorSourceUri`, v['PostAnalyticsProcessorSourceUri'], { max: 1024 });
  }
  if (type === 'ModelQuality')
    c.oneOf(`${path}.ProblemType`, v['ProblemType'], ['BinaryClassification', 'MulticlassClassification', 'Regression']);
  environment(c, `${path}.Environment`, v['Environment']);
}

function commonInput(c: Checker, path: string, v: Obj): void {
  c.str(`${path}.LocalPath`, v['LocalPath'], { required: true, max: 256 });
  c.oneOf(`${path}.S3InputMode`, v['S3InputMode'], ['Pipe', 'File']);
  c.oneOf(`${path}.S3DataDistributionType`, v['S3DataDistributionType'], ['FullyReplicated', 'ShardedByS3Key']);
  c.str(`${path}.StartTimeOffset`, v['StartTimeOffset'], { min: 1, max: 15, pattern: OFFSET_PATTERN });
  c.str(`${path}.EndTimeOffset`, v['EndTimeOffset'], { min: 1, max: 15, pattern: OFFSET_PATTERN });
  c.str(`${path}.ExcludeFeaturesAttribute`, v['ExcludeFeaturesAttribute'], { max: 100 });
}

export function endpointInput(c: Checker, path: string, v: unknown): void {
  if (!isObj(v)) return;
  name(c, `${path}.EndpointName`, v['EndpointName']);
  commonInput(c, path, v);
}

export function batchInput(c: Checker, path: string, v: unknown): void {
  if (!isObj(v)) return;
  c.str(`${path}.DataCapturedDestinationS3Uri`, v['DataCapturedDestinationS3Uri'], {
    required: true, max: 512, pattern: S3_URI_PATTERN,
  });
  c.required(`${path}.DatasetFormat`, v['DatasetFormat']);
  commonInput(c, path, v);
}

function outputConfig(c: Checker, path: string, v: unknown): void {
  if (!c.required(path, v) || !isObj(v)) return;
  const outputs = v['MonitoringOutputs'];
  if (!c.required(`${path}.MonitoringOutputs`, outputs) || !Array.isArray(outputs)) return;
  if (outputs.length !== 1)
    c.fail(`${path}.MonitoringOutputs`, outputs, `Member must have length ${outputs.length < 1 ? 'greater' : 'less'} than or equal to 1`);
  outputs.forEach((o: unknown, i) => {
    const p = `${path}.MonitoringOutputs.${i + 1}.member.S3Output`;
    const s3 = isObj(o) ? o['S3Output'] : undefined;
    if (!c.required(p, s3) || !isObj(s3)) return;
    c.str(`${p}.S3Uri`, s3['S3Uri'], { required: true, max: 512, pattern: S3_URI_PATTERN });
    c.str(`${p}.LocalPath`, s3['LocalPath'], { required: true, max: 256 });
    c.oneOf(`${p}.S3UploadMode`, s3['S3UploadMode'], ['Continuous', 'EndOfJob']);
  });
  c.str(`${path}.KmsKeyId`, v['KmsKeyId'], { max: 2048 });
}

export function clusterConfig(c: Checker, path: string, v: unknown): void {
  if (!c.required(path, v) || !isObj(v)) return;
  c.int(`${path}.InstanceCount`, v['InstanceCount'], { required: true, min: 1, max: 100 });
  c.str(`${path}.InstanceType`, v['InstanceType'], { required: true, pattern: INSTANCE_TYPE_PATTERN });
  c.int(`${path}.VolumeSizeInGB`, v['VolumeSizeInGB'], { required: true, min: 1, max: 16384 });
}

export function roleArn(c: Checker, path: string, v: unknown): void {
  c.str(path, v, { required: true, min: 20, max: 2048, pattern: ROLE_ARN_PATTERN });
}

export function stoppingCondition(c: Checker, path: string, v: unknown): void {
  if (!isObj(v)) return;
  c.int(`${path}.MaxRuntimeInSeconds`, v['MaxRuntimeInSeconds'], { required: true, min: 1, max: 86400 });
}

/** Negative ISO-8601 duration (`-PT1H`, `-P1D`, `-P1DT30M`) → milliseconds (negative), or undefined. */
export function parseNegativeDuration(text: string): number | undefined {
  const m = /^-P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === '-P' || text.endsWith('T')) return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0)) as [number, number, number, number];
  return -(((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** Start offset must precede end offset; both must be negative durations. */
export function checkOffsets(path: string, v: Obj): void {
  const start = asStr(v['StartTimeOffset']);
  const end = asStr(v['EndTimeOffset']);
  for (const [field, text] of [['StartTimeOffset', start], ['EndTimeOffset', end]] as const) {
    if (text !== undefined && parseNegativeDuration(text) === undefined)
      throw validation(`${field} '${text}' at '${wirePath(path)}' must be a negative ISO 8601 duration, e.g. -PT1H.`);
  }
  if (start !== undefined && end !== undefined && parseNegativeDuration(start)! >= parseNegativeDuration(end)!)
    throw validation(`StartTimeOffset '${start}' must be earlier than EndTimeOffset '${end}'.`);
}

/** Field prefix per monitoring type: DataQuality → DataQualityJobInput, DataQualityAppSpecification, ... */
export const prefixOf = (type: MonitoringType): string => type;

export function validateJobDefinitionRequest(type: MonitoringType, input: Obj): void {
  const p = prefixOf(type);
  const c = new Checker();
  name(c, 'JobDefinitionName', input['JobDefinitionName']);
  appSpec(c, type, `${p}AppSpecification`, input[`${p}AppSpecification`]);
  const jobInput = input[`${p}JobInput`];
  if (c.required(`${p}JobInput`, jobInput) && isObj(jobInput)) {
    endpointInput(c, `${p}JobInput.EndpointInput`, jobInput['EndpointInput']);
    batchInput(c, `${p}JobInput.BatchTransformInput`, jobInput['BatchTransformInput']);
    if (type === 'ModelQuality' || type === 'ModelBias') {
      const gt = jobInput['GroundTruthS3Input'];
      if (c.required(`${p}JobInput.GroundTruthS3Input`, gt) && isObj(gt))
        c.str(`${p}JobInput.GroundTruthS3Input.S3Uri`, gt['S3Uri'], { max: 512, pattern: S3_URI_PATTERN });
    }
  }
  outputConfig(c, `${p}JobOutputConfig`, input[`${p}JobOutputConfig`]);
  const resources = input['JobResources'];
  if (c.required('JobResources', resources) && isObj(resources))
    clusterConfig(c, 'JobResources.ClusterConfig', resources['ClusterConfig']);
  roleArn(c, 'RoleArn', input['RoleArn']);
  stoppingCondition(c, 'StoppingCondition', input['StoppingCondition']);
  const baseline = asObj(input[`${p}BaselineConfig`]);
  if (baseline) {
    name(c, `${p}BaselineConfig.BaseliningJobName`, baseline['BaseliningJobName'], false);
    const cr = asObj(baseline['ConstraintsResource']);
    if (cr) c.str(`${p}BaselineConfig.ConstraintsResource.S3Uri`, cr['S3Uri'], { max: 1024, pattern: S3_URI_PATTERN });
    const sr = asObj(baseline['StatisticsResource']);
    if (sr) c.str(`${p}BaselineConfig.StatisticsResource.S3Uri`, sr['S3Uri'], { max: 1024, pattern: S3_URI_PATTERN });
  }
  c.done();
  // Service rules, checked after the model constraints.
  const ji = input[`${p}JobInput`] as Obj;
  checkExactlyOneInput(`${p}JobInput`, ji);
  const one = asObj(ji['EndpointInput']) ?? asObj(ji['BatchTransformInput']);
  if (one) checkOffsets(`${p}JobInput`, one);
}

export function checkExactlyOneInput(path: string, v: Obj): void {
  const hasEndpoint = v['EndpointInput'] !== undefined && v['EndpointInput'] !== null;
  const hasBatch = v['BatchTransformInput'] !== undefined && v['BatchTransformInput'] !== null;
  if (hasEndpoint === hasBatch)
    throw validation(
      `Exactly one of EndpointInput or BatchTransformInput must be provided in '${wirePath(path)}' ` +
        `(got ${hasEndpoint ? 'both' : 'neither'}).`,
    );
}
