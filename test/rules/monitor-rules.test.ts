import { checkMonitor } from '../../src/kernel/rules/monitor.js';
import { checkOffsets, checkMonitoredInput } from '../../src/kernel/rules/inputs.js';
import { checkColumnName, checkEnvironment, checkFeatureName, checkName, checkRoleArn, checkUri } from '../../src/kernel/rules/patterns.js';
import type { MonitorConfig, MonitorType } from '../../src/kernel/monitor-config.js';
import { MONITOR_TYPES } from '../../src/kernel/monitor-config.js';

const fields = (vs: Array<{ field: string }>) => vs.map((v) => v.field);

/** A valid config of each type; tests change one thing at a time. */
export function validConfig(type: MonitorType): MonitorConfig {
  const base: MonitorConfig = {
    endpointInput: { endpointName: 'churn-ep' },
    outputS3Uri: 's3://reports/churn',
    resources: { instanceType: 'ml.m5.xlarge', instanceCount: 1, volumeSizeInGB: 20 },
    maxRuntimeInSeconds: 1800,
    roleArn: 'arn:aws:iam::123456789012:role/monitor',
  };
  switch (type) {
    case 'DATA_QUALITY':
      return base;
    case 'MODEL_QUALITY':
      return { ...base, problemType: 'BinaryClassification', groundTruthS3Uri: 's3://gt/churn' };
    case 'MODEL_BIAS':
      return { ...base, groundTruthS3Uri: 's3://gt/churn', bias: { facetName: 'age', facetValuesOrThreshold: ['40'], labelValuesOrThreshold: ['1'] } };
    case 'MODEL_EXPLAINABILITY':
      return { ...base, explainability: { headers: ['age', 'tenure'], numSamples: 100, aggMethod: 'mean_abs', useLogit: false } };
  }
}

const check = (type: MonitorType, config: MonitorConfig, backend: 'SAGEMAKER' | 'BUILTIN' = 'SAGEMAKER', name = 'churn-monitor') =>
  fields(checkMonitor({ name, type, backend, config }));

describe('names (1-63, ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$)', () => {
  it.each(['a', 'churn-dq-1', 'A--b', 'x'.repeat(63)])('accepts %s', (n) => expect(checkName('name', n)).toEqual([]));
  it.each(['', '-a', 'a-', 'a_b', 'a b', 'x'.repeat(64), 'é'])('refuses "%s"', (n) => expect(fields(checkName('name', n))).toEqual(['name']));
});

describe('role ARN', () => {
  it('accepts an IAM role ARN', () => expect(checkRoleArn('roleArn', 'arn:aws:iam::123456789012:role/service-role/Monitor')).toEqual([]));
  it.each(['arn:aws:iam::1234:role/x', 'arn:aws:s3:::bucket', 'role/x', 'arn:aws:iam::123456789012:user/x'])('refuses %s', (a) =>
    expect(fields(checkRoleArn('roleArn', a))).toEqual(['roleArn']));
});

describe('URIs', () => {
  it('accepts s3:// and https://', () => {
    expect(checkUri('u', 's3://bucket/key')).toEqual([]);
    expect(checkUri('u', 'https://bucket.s3.amazonaws.com/key')).toEqual([]);
  });
  it('refuses other schemes and over-long URIs', () => {
    expect(fields(checkUri('u', 'gs://bucket/key'))).toEqual(['u']);
    expect(fields(checkUri('u', `s3://b/${'k'.repeat(510)}`))).toEqual(['u']);
    expect(checkUri('u', `s3://b/${'k'.repeat(1000)}`, { maxLength: 1024 })).toEqual([]);
  });
  it('accepts file:/// only where allowed (built-in engine)', () => {
    expect(fields(checkUri('u', 'file:///data/x'))).toEqual(['u']);
    expect(checkUri('u', 'file:///data/x', { allowFile: true })).toEqual([]);
  });
});

describe('baseline column names (lowercase with _, seed 002)', () => {
  it.each(['age', 'credit_score', '_x', 'f1'])('accepts %s', (c) => expect(checkColumnName('c', c)).toEqual([]));
  it.each(['Age', 'credit-score', '1f', 'credit score', ''])('refuses "%s"', (c) => expect(fields(checkColumnName('c', c))).toEqual(['c']));
});

describe('feature names of constraints documents (as in SageMaker\'s files)', () => {
  it.each(['Account Length', 'Area Code_408', 'VMail Plan_no', '_c0', 'age'])('accepts %s', (c) => expect(checkFeatureName('f', c)).toEqual([]));
  it.each(['', 'a\nb', 'tab\there'])('refuses %j', (c) => expect(fields(checkFeatureName('f', c))).toEqual(['f']));
});

describe('environment', () => {
  it('accepts up to 50 valid variables', () => {
    expect(checkEnvironment('env', Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`V${i}`, 'x'])))).toEqual([]);
  });
  it('refuses 51 variables and bad names', () => {
    expect(fields(checkEnvironment('env', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`V${i}`, 'x']))))).toEqual(['env']);
    expect(fields(checkEnvironment('env', { '1BAD': 'x' }))).toEqual(['env.1BAD']);
  });
});

describe('offsets: negative ISO-8601 durations, start earlier than end', () => {
  it.each([
    ['-P8D', '-P1D'],
    ['-PT2H', '-PT1H'],
    ['-PT6H', '-PT0H'],
    ['-P1DT6H', '-PT30M'],
    ['-PT90S', '-PT0S'],
    ['-PT1H', '-PT59M30S'],
  ])('accepts %s .. %s', (s, e) => expect(checkOffsets('in', s, e)).toEqual([]));
  it('refuses positive, malformed and too long durations', () => {
    expect(fields(checkOffsets('in', 'PT1H', undefined))).toEqual(['in.startTimeOffset']);
    expect(fields(checkOffsets('in', undefined, '-1H'))).toEqual(['in.endTimeOffset']);
    expect(fields(checkOffsets('in', '-P1Y', undefined))).toEqual(['in.startTimeOffset']);
    expect(fields(checkOffsets('in', '-PT', undefined))).toEqual(['in.startTimeOffset']);
    expect(fields(checkOffsets('in', '-P1DT1H1M1111', undefined))).toEqual(['in.startTimeOffset']);
  });
  it('refuses a start that is not earlier than the end', () => {
    expect(fields(checkOffsets('in', '-P1D', '-P8D'))).toEqual(['in.startTimeOffset']);
    expect(fields(checkOffsets('in', '-PT1H', '-PT60M'))).toEqual(['in.startTimeOffset']);
  });
});

describe('exactly one of endpoint input and batch transform input (seeds 001, 003)', () => {
  const batch = { dataCapturedDestinationS3Uri: 's3://capture/batch', datasetFormat: { csv: { header: true } } };
  it('accepts either one', () => {
    expect(checkMonitoredInput({ endpointInput: { endpointName: 'ep' } }, false)).toEqual([]);
    expect(checkMonitoredInput({ batchTransformInput: batch }, false)).toEqual([]);
  });
  it('refuses both and neither', () => {
    expect(fields(checkMonitoredInput({ endpointInput: { endpointName: 'ep' }, batchTransformInput: batch }, false))).toEqual(['batchTransformInput']);
    expect(fields(checkMonitoredInput({}, false))).toEqual(['endpointInput']);
  });
  it('checks the endpoint name and the dataset format', () => {
    expect(fields(checkMonitoredInput({ endpointInput: { endpointName: 'bad_ep' } }, false))).toEqual(['endpointInput.endpointName']);
    expect(fields(checkMonitoredInput({ batchTransformInput: { ...batch, datasetFormat: {} } }, false))).toEqual(['batchTransformInput.datasetFormat']);
    expect(fields(checkMonitoredInput({ batchTransformInput: { ...batch, datasetFormat: { csv: { header: true }, parquet: true } } }, false))).toEqual([
      'batchTransformInput.datasetFormat',
    ]);
  });
});

describe('checkMonitor: the same rules for all four types', () => {
  it.each(MONITOR_TYPES)('a valid %s monitor passes', (type) => expect(check(type, validConfig(type))).toEqual([]));

  it('ground truth is required for model quality and bias, refused elsewhere', () => {
    for (const type of ['MODEL_QUALITY', 'MODEL_BIAS'] as const) {
      const { groundTruthS3Uri: _g, ...rest } = validConfig(type);
      expect(check(type, rest)).toEqual(['groundTruthS3Uri']);
    }
    for (const type of ['DATA_QUALITY', 'MODEL_EXPLAINABILITY'] as const) {
      expect(check(type, { ...validConfig(type), groundTruthS3Uri: 's3://gt/x' })).toEqual(['groundTruthS3Uri']);
    }
  });

  it('problem type only (and always) for model quality', () => {
    const { problemType: _p, ...mq } = validConfig('MODEL_QUALITY');
    expect(check('MODEL_QUALITY', mq)).toEqual(['problemType']);
    expect(check('DATA_QUALITY', { ...validConfig('DATA_QUALITY'), problemType: 'Regression' })).toEqual(['problemType']);
  });

  it('processor scripts only for data and model quality', () => {
    for (const type of ['DATA_QUALITY', 'MODEL_QUALITY'] as const) {
      expect(check(type, { ...validConfig(type), recordPreprocessorSourceUri: 's3://code/pre.py', postAnalyticsProcessorSourceUri: 's3://code/post.py' })).toEqual([]);
    }
    for (const type of ['MODEL_BIAS', 'MODEL_EXPLAINABILITY'] as const) {
      expect(check(type, { ...validConfig(type), recordPreprocessorSourceUri: 's3://code/pre.py' })).toEqual(['recordPreprocessorSourceUri']);
      expect(check(type, { ...validConfig(type), postAnalyticsProcessorSourceUri: 's3://code/post.py' })).toEqual(['postAnalyticsProcessorSourceUri']);
    }
  });

  it('bias and SHAP configuration belong to their types, with Clarify\'s own names', () => {
    const { bias: _b, ...noBias } = validConfig('MODEL_BIAS');
    expect(check('MODEL_BIAS', noBias)).toEqual(['bias']);
    // As in Clarify's analysis.json ("Sex", "Capital Gain"), so that a real Clarify baseline matches.
    expect(check('MODEL_BIAS', { ...validConfig('MODEL_BIAS'), bias: { facetName: 'Capital Gain', labelName: 'Target', headers: ['Capital Gain', 'Target'], facetValuesOrThreshold: ['40'], labelValuesOrThreshold: ['1'] } })).toEqual([]);
    expect(check('MODEL_BIAS', { ...validConfig('MODEL_BIAS'), bias: { facetName: '', facetValuesOrThreshold: ['40'], labelValuesOrThreshold: ['1'] } })).toEqual(['bias.facetName']);
    expect(check('MODEL_BIAS', { ...validConfig('MODEL_BIAS'), bias: { facetName: 'age', facetValuesOrThreshold: [], labelValuesOrThreshold: ['1'] } })).toEqual(['bias.facetValuesOrThreshold']);
    expect(check('DATA_QUALITY', { ...validConfig('DATA_QUALITY'), bias: validConfig('MODEL_BIAS').bias! })).toEqual(['bias']);
    const { explainability: _e, ...noShap } = validConfig('MODEL_EXPLAINABILITY');
    expect(check('MODEL_EXPLAINABILITY', noShap)).toEqual(['explainability']);
    expect(check('MODEL_EXPLAINABILITY', { ...validConfig('MODEL_EXPLAINABILITY'), explainability: { headers: ['Tenure', 'Capital Gain'], numSamples: 100, aggMethod: 'mean_abs', useLogit: false } })).toEqual([]);
    expect(check('MODEL_EXPLAINABILITY', { ...validConfig('MODEL_EXPLAINABILITY'), explainability: { headers: ['tab\there'], numSamples: 100, aggMethod: 'mean_abs', useLogit: false } })).toEqual(['explainability.headers.0']);
  });

  it('resources and run time within the API ranges', () => {
    const c = validConfig('DATA_QUALITY');
    expect(check('DATA_QUALITY', { ...c, resources: { ...c.resources, instanceCount: 0 } })).toEqual(['resources.instanceCount']);
    expect(check('DATA_QUALITY', { ...c, resources: { ...c.resources, instanceCount: 101 } })).toEqual(['resources.instanceCount']);
    expect(check('DATA_QUALITY', { ...c, resources: { ...c.resources, volumeSizeInGB: 16_385 } })).toEqual(['resources.volumeSizeInGB']);
    expect(check('DATA_QUALITY', { ...c, resources: { ...c.resources, instanceType: 'm5.large' } })).toEqual(['resources.instanceType']);
    expect(check('DATA_QUALITY', { ...c, maxRuntimeInSeconds: 0 })).toEqual(['maxRuntimeInSeconds']);
    expect(check('DATA_QUALITY', { ...c, maxRuntimeInSeconds: 86_401 })).toEqual(['maxRuntimeInSeconds']);
    expect(check('DATA_QUALITY', { ...c, maxRuntimeInSeconds: 86_400 })).toEqual([]);
  });

  it('role ARN required for SageMaker monitors only; file:// URIs only for the built-in engine', () => {
    const { roleArn: _r, ...noRole } = validConfig('DATA_QUALITY');
    expect(check('DATA_QUALITY', noRole, 'SAGEMAKER')).toEqual(['roleArn']);
    expect(check('DATA_QUALITY', noRole, 'BUILTIN')).toEqual([]);
    const local = { ...validConfig('DATA_QUALITY'), outputS3Uri: 'file:///var/reports' };
    expect(check('DATA_QUALITY', local, 'SAGEMAKER')).toEqual(['outputS3Uri']);
    expect(check('DATA_QUALITY', local, 'BUILTIN')).toEqual([]);
  });

  it('refuses a bad monitor name', () => expect(check('DATA_QUALITY', validConfig('DATA_QUALITY'), 'SAGEMAKER', 'churn_dq')).toEqual(['name']));
});
