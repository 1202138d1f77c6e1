// Clarify's monitoring types run by the built-in engine on a local server: explainability from the
// attributions the endpoint returned, bias from captures joined with ground truth, each checked
// against its baseline analysis.json and read back with the gateway's own report parsers.
import { CreateModelBiasJobDefinitionCommand, CreateModelExplainabilityJobDefinitionCommand, CreateMonitoringScheduleCommand } from '@aws-sdk/client-sagemaker';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parseAnalysis, parseViolations } from '../../src/backends/reports.js';
import { haveSamples, readSample } from '../support/samples.js';
import { capture, CLARIFY_IMAGE, CLUSTER, engineServer, get, groundTruth, inFirstHour, output, put, reportOf, row } from './engine-support.js';
import { HOUR, MINUTE, ROLE } from './helpers.js';

describe('reports: engine, Clarify types', () => {
  const env = engineServer();

  const explainability = async (name: string, baseline: Record<string, number>) => {
    const { c } = env;
    await put(c.s3, `s3://configs/${name}/analysis_config.json`, JSON.stringify({ dataset_type: 'text/csv', headers: ['age', 'income', 'city'], methods: { shap: { num_samples: 100, agg_method: 'mean_abs' } } }));
    await put(c.s3, `s3://data/${name}/analysis.json`, JSON.stringify({ version: '1.0', explanations: { kernel_shap: { label0: { global_shap_values: baseline, expected_value: 0.2 } } } }));
    await c.sm.send(new CreateModelExplainabilityJobDefinitionCommand({
      JobDefinitionName: `${name}-jd`,
      ModelExplainabilityBaselineConfig: { ConstraintsResource: { S3Uri: `s3://data/${name}/analysis.json` } },
      ModelExplainabilityAppSpecification: { ImageUri: CLARIFY_IMAGE, ConfigUri: `s3://configs/${name}/analysis_config.json` },
      ModelExplainabilityJobInput: { EndpointInput: { EndpointName: `${name}-ep`, LocalPath: '/opt/ml/processing/input/endpoint' } },
      ModelExplainabilityJobOutputConfig: output(`s3://reports/${name}`),
      JobResources: CLUSTER,
      RoleArn: ROLE,
    }));
    await c.sm.send(new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: name,
      MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringJobDefinitionName: `${name}-jd`, MonitoringType: 'ModelExplainability' },
    }));
  };

  it('explainability: analysis.json of the captured attributions, and feature attribution drift against the baseline ranking', async () => {
    const { server, c } = env;
    await explainability('shap', { age: 0.5, income: 0.3, city: 0.1 });
    // Live ranking reversed: city first, age last.
    const lines = Array.from({ length: 20 }, (_, i) => capture(i, inFirstHour(10 + i), row(i), JSON.stringify({ label: 1, explanations: { age: i % 2 ? 0.125 : -0.125, income: 0.25, city: -0.5 } }), 'JSON'));
    await put(c.s3, `${server.captureRoot}/shap-ep/AllTraffic/2024/01/01/00/c.jsonl`, lines.join('\n'));
    await server.advance(HOUR + 15 * MINUTE);

    const { run, uri } = await reportOf(c.sm, 'shap');
    expect(run).toMatchObject({ MonitoringExecutionStatus: 'CompletedWithViolations' });
    const analysis = parseAnalysis(await get(c.s3, `${uri}/analysis.json`), 'analysis.json');
    expect(analysis['explanations']).toEqual({ kernel_shap: { label0: { global_shap_values: { age: 0.125, income: 0.25, city: 0.5 }, expected_value: 0 } } });
    const text = await get(c.s3, `${uri}/constraint_violations.json`);
    expect(parseViolations(text, 'constraint_violations.json')).toEqual([expect.objectContaining({ featureName: 'label0', label: 'label0', metricName: 'shap', checkType: 'feature_attribution_drift_check' })]);
    // As Clarify and the gateway's engine write it: the nDCG scores are in the descriptions only.
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['version', 'violations']);
  });

  it('fails as SageMaker does: no captures in the window, an unreadable baseline', async () => {
    const { server, c } = env;
    await explainability('empty', { age: 0.5, income: 0.3, city: 0.1 });
    await server.advance(HOUR + 15 * MINUTE);
    const { run } = await reportOf(c.sm, 'empty');
    expect(run).toMatchObject({ MonitoringExecutionStatus: 'Failed', FailureReason: expect.stringMatching(/^Job inputs had no data: .*under s3:\/\/sagemaker-us-east-1-123456789012\/model-monitor\/data-capture\/empty-ep\/AllTraffic\/$/) });

    await explainability('nobase', { age: 0.5 });
    await c.s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'nobase/analysis.json', Body: '{"version": "1.0"}' }));
    await server.advance(HOUR);
    const failed = (await reportOf(c.sm, 'nobase')).run;
    expect(failed).toMatchObject({ MonitoringExecutionStatus: 'Failed', FailureReason: expect.stringMatching(/^ClientError: baseline constraints: /) });
  });

  /** A bias schedule `name` whose analysis_config.json has `extra` (the baseline is a real Clarify analysis.json), and one hour of captures. */
  const bias = async (name: string, extra: Record<string, unknown>) => {
    const { server, c } = env;
    await put(c.s3, `s3://data/${name}/analysis.json`, readSample('bias-drift', 'examples-bias-monitor-endpoint-json.baseline.analysis.json'));
    await put(c.s3, `s3://configs/${name}/analysis_config.json`, JSON.stringify({
      dataset_type: 'text/csv', headers: ['Target', 'Age', 'Sex'], label: 'Target', label_values_or_threshold: [1],
      facet: [{ name_or_index: 'Sex', value_or_threshold: ['0'] }], probability_threshold: 0.5, methods: { post_training_bias: { methods: 'all' } }, ...extra,
    }));
    await c.sm.send(new CreateModelBiasJobDefinitionCommand({
      JobDefinitionName: `${name}-jd`,
      ModelBiasBaselineConfig: { ConstraintsResource: { S3Uri: `s3://data/${name}/analysis.json` } },
      ModelBiasAppSpecification: { ImageUri: CLARIFY_IMAGE, ConfigUri: `s3://configs/${name}/analysis_config.json` },
      ModelBiasJobInput: { EndpointInput: { EndpointName: `${name}-ep`, LocalPath: '/opt/ml/processing/input/endpoint', ProbabilityAttribute: '0', ProbabilityThresholdAttribute: 0.5 }, GroundTruthS3Input: { S3Uri: `s3://gt/${name}` } },
      ModelBiasJobOutputConfig: output(`s3://reports/${name}`),
      JobResources: CLUSTER,
      RoleArn: ROLE,
    }));
    await c.sm.send(new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: name,
      MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringJobDefinitionName: `${name}-jd`, MonitoringType: 'ModelBias' },
    }));
    // Every label is 1, but only Sex 1 is predicted positive: DPPL 1, worse than the baseline's 0.22.
    await put(c.s3, `${server.captureRoot}/${name}-ep/AllTraffic/2024/01/01/00/c.jsonl`, Array.from({ length: 40 }, (_, i) => capture(i, inFirstHour(10 + i), `${30 + i},${i % 2}`, i % 2 ? '0.9' : '0.1')).join('\n'));
    await put(c.s3, `s3://gt/${name}/2024/01/01/00/gt.jsonl`, Array.from({ length: 40 }, (_, i) => groundTruth(i, '1')).join('\n'));
    await server.advance(HOUR + 15 * MINUTE);
    const { run, uri } = await reportOf(c.sm, name);
    return { run, uri, analysis: parseAnalysis(await get(c.s3, `${uri}/analysis.json`), 'analysis.json') };
  };

  // The baseline is a real Clarify analysis.json (facet Sex, value 0; post-training DPPL 0.22).
  (haveSamples ? it : it.skip)('bias: post-training metrics of captures joined with ground truth, and drift from a real Clarify baseline', async () => {
    const { c } = env;
    const { run, uri, analysis } = await bias('bias', {});
    expect(run).toMatchObject({ MonitoringExecutionStatus: 'CompletedWithViolations' });
    expect(analysis['post_training_bias_metrics']).toMatchObject({ label: 'Target', facets: { Sex: [{ value_or_threshold: '0', metrics: expect.arrayContaining([{ name: 'DPPL', description: expect.any(String), value: 1 }]) }] } });
    // The flip test runs on the captured features but the facet (Age), as the gateway's engine computes it.
    expect(analysis['post_training_bias_metrics']).toMatchObject({ facets: { Sex: [{ metrics: expect.arrayContaining([{ name: 'FT', description: expect.any(String), value: expect.any(Number) }]) }] } });
    expect(analysis['post_training_bias_metrics']).toMatchObject({ facets: { Sex: [{ metrics: expect.arrayContaining([expect.objectContaining({ name: 'CDDPL', value: null, error: 'Group variable is empty or not provided' })]) }] } });
    const violations = parseViolations(await get(c.s3, `${uri}/constraint_violations.json`), 'constraint_violations.json');
    expect(violations).toContainEqual(expect.objectContaining({ featureName: 'Sex', facet: 'Sex', facetValue: '0', metricName: 'DPPL', checkType: 'bias_drift_check' }));
  });

  (haveSamples ? it : it.skip)('bias: the analysis config\'s group_variable gives CDDPL a value', async () => {
    const { analysis } = await bias('grouped', { group_variable: 'Age' });
    // Each Age is its own group of one record: a Sex 0 record (predicted negative) has disparity 1, a Sex 1 record 0.
    expect(analysis['post_training_bias_metrics']).toMatchObject({ facets: { Sex: [{ metrics: expect.arrayContaining([{ name: 'CDDPL', description: expect.any(String), value: 0.5 }]) }] } });
  });

});
