// Bias and explainability monitors with the intent of the SDK's test_clarify_model_monitor.py: the
// baselining job, job definition, schedule and both analysis configurations, field by field.
// Clarify's column names are lowercase here (F1 → f1); the gateway takes Clarify's own names too.
import { CLARIFY, CLARIFY_IMAGE, ENDPOINT_LOCAL_PATH, ENVIRONMENT, ROLE_ARN, commonInput, jobOutputConfig, jobResources, processingInput, processingJob, scheduleRequest } from './sdk-intents.js';
import { sdkHarness, type Obj } from './sdk-harness.js';

const { setUp } = sdkHarness();

const ANALYSIS_FILES = { 'analysis.json': { version: '1.0' } };
// The baseline in force is the baselining job's analysis.json, which the gateway keeps and uploads as the constraints file.
const GROUND_TRUTH = 's3://bucket/monitoring_captured/actuals';
const DATA_CAPTURED = 's3://my-bucket/batch-fraud-detection/on-schedule-monitoring/in/';
/** model_config fixture: ModelConfig(...).get_predictor_config() (sagemaker/clarify.py). */
const MODEL = { modelName: 'xgboost-model', instanceType: 'ml.m5.xlarge', initialInstanceCount: 1, contentType: 'application/jsonlines', acceptType: 'text/csv', contentTemplate: '{"instances":$features}' };
const PREDICTOR = { model_name: 'xgboost-model', instance_type: 'ml.m5.xlarge', initial_instance_count: 1, accept_type: 'text/csv', content_type: 'application/jsonlines', content_template: '{"instances":$features}' };
/** BIAS_ANALYSIS_CONFIG (test_bias_analysis_config), as BiasConfig/DataConfig write it. */
const BIAS_ANALYSIS_CONFIG = {
  label_values_or_threshold: [1],
  facet: [{ name_or_index: 'f1', value_or_threshold: [0.3] }],
  group_variable: 'f2',
  headers: ['f1', 'f2', 'f3', 'label'],
  label: 'label',
};
const jobInputAttributes = { S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated', FeaturesAttribute: 'features', InferenceAttribute: '0' };
const clarifyBaselineJob = (r: { baselineJob: Obj; baselineDir: string; tags: object[] }) => ({
  ProcessingJobName: r.baselineJob['ProcessingJobName'],
  ...processingJob({
    image: CLARIFY_IMAGE, c: CLARIFY, environment: ENVIRONMENT, outputName: 'analysis_result', outputUri: r.baselineDir, tags: r.tags,
    inputs: [processingInput('dataset', 's3://bucket/dataset', '/opt/ml/processing/input/data'), processingInput('analysis_config', `${r.baselineDir}/analysis_config.json`, '/opt/ml/processing/input/config')],
  }),
});

describe('Clarify requests as the SageMaker Python SDK sends them', () => {
  // test_model_bias_monitor_suggest_baseline (ModelBiasMonitor.suggest_baseline → SageMakerClarifyProcessor.run_bias with
  // data_config, bias_config, model_config, model_predicted_label_config) and _test_model_bias_monitor_create_schedule (BIAS_JOB_DEFINITION).
  it('MODEL_BIAS: the threshold of model_predicted_label_config reaches ProbabilityThresholdAttribute', async () => {
    const r = await setUp({
      name: 'sdk-model-bias', type: 'MODEL_BIAS', ...commonInput(CLARIFY), groundTruthS3Uri: GROUND_TRUTH, predictor: MODEL,
      endpointInput: {
        endpointName: 'endpoint', localPath: ENDPOINT_LOCAL_PATH, s3InputMode: 'FILE', s3DataDistributionType: 'FULLY_REPLICATED', startTimeOffset: '-PT1H', endTimeOffset: '-PT0H',
        featuresAttribute: 'features', inferenceAttribute: '0', probabilityAttribute: '1',
      },
      bias: { labelName: 'label', labelValuesOrThreshold: ['1'], facetName: 'f1', facetValuesOrThreshold: ['0.3'], groupVariable: 'f2', headers: ['f1', 'f2', 'f3', 'label'], probabilityThreshold: 0.6 },
    }, {}, ANALYSIS_FILES);
    expect(r.baselineJob).toEqual(clarifyBaselineJob(r));
    const baselineConfig = { ...BIAS_ANALYSIS_CONFIG, dataset_type: 'text/csv', probability_threshold: 0.6, predictor: { ...PREDICTOR, label: 0, probability: 1 }, methods: { post_training_bias: { methods: 'all' } } };
    expect(r.s3(`${r.baselineDir}/analysis_config.json`)).toEqual(baselineConfig);
    const configUri = r.jobDefinition['ModelBiasAppSpecification']['ConfigUri'];
    expect(r.jobDefinition).toEqual({
      JobDefinitionName: r.jdName,
      ModelBiasAppSpecification: { ConfigUri: configUri, ImageUri: CLARIFY_IMAGE, Environment: ENVIRONMENT },
      ModelBiasJobInput: {
        EndpointInput: { EndpointName: 'endpoint', LocalPath: ENDPOINT_LOCAL_PATH, StartTimeOffset: '-PT1H', EndTimeOffset: '-PT0H', ...jobInputAttributes, ProbabilityAttribute: '1', ProbabilityThresholdAttribute: 0.6 },
        GroundTruthS3Input: { S3Uri: GROUND_TRUTH },
      },
      ModelBiasJobOutputConfig: jobOutputConfig(CLARIFY.outputS3Uri),
      JobResources: jobResources(CLARIFY.instanceType, CLARIFY.volumeSizeInGB),
      RoleArn: ROLE_ARN,
      ModelBiasBaselineConfig: { ConstraintsResource: { S3Uri: `${r.baselineDir}/constraints.json` } },
      NetworkConfig: CLARIFY.network.request,
      StoppingCondition: { MaxRuntimeInSeconds: 1800 },
      Tags: r.tags,
    });
    // The monitoring job's analysis config: the SDK's, with Clarify's dataset_type and predictor (the captured data are model input).
    expect(r.s3(configUri)).toEqual({ ...baselineConfig, dataset_type: 'application/jsonlines' });
    expect(r.schedule).toEqual(scheduleRequest(r.schedule['MonitoringScheduleName'], r.jdName, 'ModelBias', r.tags));
  });

  // test_model_explainability_monitor_suggest_baseline (model_scores with label_headers: EXPLAINABILITY_ANALYSIS_CONFIG_WITH_LABEL_HEADERS)
  // and _test_model_explainability_monitor_create_schedule (EXPLAINABILITY_JOB_DEFINITION). The SHAP baseline is an S3 object here.
  it('MODEL_EXPLAINABILITY: label_headers under predictor', async () => {
    const r = await setUp({
      name: 'sdk-model-explainability', type: 'MODEL_EXPLAINABILITY', ...commonInput(CLARIFY), predictor: MODEL,
      endpointInput: { endpointName: 'endpoint', localPath: ENDPOINT_LOCAL_PATH, s3InputMode: 'FILE', s3DataDistributionType: 'FULLY_REPLICATED', featuresAttribute: 'features', inferenceAttribute: '0' },
      explainability: { headers: ['f1', 'f2', 'f3'], labelHeaders: ['Decision'], shapBaselineUri: 's3://bucket/shap-baseline.csv', numSamples: 100, aggMethod: 'MEAN_SQ', useLogit: true },
    }, {}, ANALYSIS_FILES);
    expect(r.baselineJob).toEqual(clarifyBaselineJob(r));
    // The gateway writes no per-record SHAP values (save_local_shap_values false; the SDK's SHAPConfig default is true).
    const analysisConfig = {
      headers: ['f1', 'f2', 'f3'],
      methods: { shap: { baseline: 's3://bucket/shap-baseline.csv', num_samples: 100, agg_method: 'mean_sq', use_logit: true, save_local_shap_values: false } },
      predictor: { ...PREDICTOR, label: 0, label_headers: ['Decision'] },
    };
    expect(r.s3(`${r.baselineDir}/analysis_config.json`)).toEqual({ ...analysisConfig, dataset_type: 'text/csv' });
    const configUri = r.jobDefinition['ModelExplainabilityAppSpecification']['ConfigUri'];
    expect(r.jobDefinition).toEqual({
      JobDefinitionName: r.jdName,
      ModelExplainabilityAppSpecification: { ConfigUri: configUri, ImageUri: CLARIFY_IMAGE, Environment: ENVIRONMENT },
      ModelExplainabilityJobInput: { EndpointInput: { EndpointName: 'endpoint', LocalPath: ENDPOINT_LOCAL_PATH, ...jobInputAttributes } },
      ModelExplainabilityJobOutputConfig: jobOutputConfig(CLARIFY.outputS3Uri),
      JobResources: jobResources(CLARIFY.instanceType, CLARIFY.volumeSizeInGB),
      RoleArn: ROLE_ARN,
      ModelExplainabilityBaselineConfig: { ConstraintsResource: { S3Uri: `${r.baselineDir}/constraints.json` } },
      NetworkConfig: CLARIFY.network.request,
      StoppingCondition: { MaxRuntimeInSeconds: 1800 },
      Tags: r.tags,
    });
    expect(r.s3(configUri)).toEqual({ ...analysisConfig, dataset_type: 'application/jsonlines' });
    expect(r.schedule).toEqual(scheduleRequest(r.schedule['MonitoringScheduleName'], r.jdName, 'ModelExplainability', r.tags));
  });

  // A monitor without env: ModelBiasMonitor.create_monitoring_schedule(enable_cloudwatch_metrics=True) →
  // ClarifyModelMonitor._build_create_job_definition_request puts publish_cloudwatch_metrics "Enabled" in the
  // app specification; the Clarify baselining job (SageMakerClarifyProcessor, env=None) has no environment.
  it('MODEL_BIAS without an environment: CloudWatch metrics enabled for monitoring', async () => {
    const r = await setUp({
      name: 'sdk-bias-no-env', type: 'MODEL_BIAS', ...commonInput(CLARIFY), environment: undefined, groundTruthS3Uri: GROUND_TRUTH,
      endpointInput: { endpointName: 'endpoint' },
      bias: { labelValuesOrThreshold: ['1'], facetName: 'f1', facetValuesOrThreshold: ['0.3'] },
    }, {}, ANALYSIS_FILES);
    expect(r.jobDefinition['ModelBiasAppSpecification']['Environment']).toEqual({ publish_cloudwatch_metrics: 'Enabled' });
    expect(r.baselineJob['Environment']).toBeUndefined();
  });

  // EXPLAINABILITY__BATCH_TRANSFORM_JOB_DEFINITION (test_model_explainability_batch_transform_monitor).
  it('MODEL_EXPLAINABILITY on batch-transform input, with its predictor', async () => {
    const r = await setUp({
      name: 'sdk-explainability-batch', type: 'MODEL_EXPLAINABILITY', ...commonInput(CLARIFY), predictor: MODEL,
      batchTransformInput: {
        dataCapturedDestinationS3Uri: DATA_CAPTURED, datasetFormat: { csvHeader: false }, localPath: '/opt/ml/processing/data',
        s3InputMode: 'FILE', s3DataDistributionType: 'FULLY_REPLICATED', featuresAttribute: 'features', inferenceAttribute: '0',
      },
      explainability: { headers: ['f1', 'f2', 'f3'] },
    }, {}, ANALYSIS_FILES);
    expect(r.jobDefinition['ModelExplainabilityJobInput']).toEqual({
      BatchTransformInput: { DataCapturedDestinationS3Uri: DATA_CAPTURED, LocalPath: '/opt/ml/processing/data', ...jobInputAttributes, DatasetFormat: { Csv: { Header: false } } },
    });
    const monitoring = r.s3(r.jobDefinition['ModelExplainabilityAppSpecification']['ConfigUri']);
    expect({ dataset_type: monitoring['dataset_type'], predictor: monitoring['predictor'] }).toEqual({ dataset_type: 'text/csv', predictor: { ...PREDICTOR, label: 0 } });
  });
});
