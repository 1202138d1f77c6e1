// Each monitor type, set up through the API with the intent of the SageMaker Python SDK's unit tests:
// the baselining job, job definition and schedule that reach the local SageMaker server (over HTTP,
// through @aws-sdk/client-sagemaker) are compared field by field with what the SDK sends.
// Names and S3 locations the gateway chooses itself are read from the requests.
import { ANALYZER_IMAGE, ENDPOINT_LOCAL_PATH, ENVIRONMENT, MM, ROLE_ARN, commonInput, jobOutputConfig, jobResources, processingInput, processingJob, scheduleRequest } from './sdk-intents.js';
import { sdkHarness, type Obj } from './sdk-harness.js';

const { setUp } = sdkHarness();

const QUALITY_FILES = { 'statistics.json': { dataset: { item_count: 3 } }, 'constraints.json': { features: [] } };
const ANALYZER_BASELINE_ENV = {
  ...ENVIRONMENT,
  publish_cloudwatch_metrics: 'Disabled',
  dataset_source: '/opt/ml/processing/input/baseline_dataset_input',
  output_path: '/opt/ml/processing/output',
};
/** json.dumps writes dataset_format with spaces; the same JSON either way. */
const parsedFormat = (job: Obj) => ({ ...job, Environment: { ...job['Environment'], dataset_format: JSON.parse(job['Environment']['dataset_format']) } });

describe('requests as the SageMaker Python SDK sends them', () => {
  // test_model_monitoring.py: DATA_QUALITY_JOB_DEFINITION (test_data_quality_monitor), DefaultModelMonitor.suggest_baseline.
  it('DATA_QUALITY', async () => {
    const r = await setUp({
      name: 'sdk-data-quality', type: 'DATA_QUALITY', ...commonInput(MM),
      endpointInput: { endpointName: 'endpoint', localPath: ENDPOINT_LOCAL_PATH, s3InputMode: 'FILE', s3DataDistributionType: 'FULLY_REPLICATED' },
      recordPreprocessorSourceUri: 's3://my_bucket/preprocessor.py', postAnalyticsProcessorSourceUri: 's3://my_bucket/postprocessor.py',
    }, {}, QUALITY_FILES);
    expect(parsedFormat(r.baselineJob)).toEqual({
      ProcessingJobName: r.baselineJob['ProcessingJobName'],
      ...processingJob({
        image: ANALYZER_IMAGE, c: MM, outputName: 'monitoring_output', outputUri: r.baselineDir, tags: r.tags,
        environment: { ...ANALYZER_BASELINE_ENV, dataset_format: { csv: { header: false } } } as never,
        inputs: [processingInput('baseline_dataset_input', 's3://bucket/dataset', '/opt/ml/processing/input/baseline_dataset_input')],
      }),
    });
    expect(r.jobDefinition).toEqual({
      JobDefinitionName: r.jdName,
      DataQualityAppSpecification: { ImageUri: ANALYZER_IMAGE, Environment: ENVIRONMENT, RecordPreprocessorSourceUri: 's3://my_bucket/preprocessor.py', PostAnalyticsProcessorSourceUri: 's3://my_bucket/postprocessor.py' },
      DataQualityBaselineConfig: { ConstraintsResource: { S3Uri: `${r.baselineDir}/constraints.json` }, StatisticsResource: { S3Uri: `${r.baselineDir}/statistics.json` } },
      DataQualityJobInput: { EndpointInput: { EndpointName: 'endpoint', LocalPath: ENDPOINT_LOCAL_PATH, S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated' } },
      DataQualityJobOutputConfig: jobOutputConfig(MM.outputS3Uri),
      JobResources: jobResources(MM.instanceType, MM.volumeSizeInGB),
      RoleArn: ROLE_ARN,
      NetworkConfig: MM.network.request,
      StoppingCondition: { MaxRuntimeInSeconds: 3 },
      Tags: r.tags,
    });
    expect(r.schedule).toEqual(scheduleRequest(r.schedule['MonitoringScheduleName'], r.jdName, 'DataQuality', r.tags));
  });

  // test_model_monitoring.py: test_model_quality_monitor_suggest_baseline, MODEL_QUALITY_JOB_DEFINITION
  // (with the baseline as constraints, as NEW_MODEL_QUALITY_BASELINE_CONFIG); ModelQualityMonitor.suggest_baseline's environment.
  it('MODEL_QUALITY', async () => {
    const r = await setUp({
      name: 'sdk-model-quality', type: 'MODEL_QUALITY', ...commonInput(MM), problemType: 'REGRESSION', groundTruthS3Uri: 's3://bucket/monitoring_captured/actuals',
      endpointInput: {
        endpointName: 'endpoint', localPath: ENDPOINT_LOCAL_PATH, s3InputMode: 'FILE', s3DataDistributionType: 'FULLY_REPLICATED', startTimeOffset: '-PT1H', endTimeOffset: '-PT0H',
        featuresAttribute: 'features', inferenceAttribute: 'predicted_label', probabilityAttribute: 'probabilities', probabilityThresholdAttribute: 0.6,
      },
      recordPreprocessorSourceUri: 's3://my_bucket/preprocessor.py', postAnalyticsProcessorSourceUri: 's3://my_bucket/postprocessor.py',
    }, { inferenceAttribute: 'predicted_label', probabilityAttribute: 'probabilities', probabilityThresholdAttribute: 0.6, groundTruthAttribute: 'TestAttribute' }, QUALITY_FILES);
    expect(parsedFormat(r.baselineJob)).toEqual({
      ProcessingJobName: r.baselineJob['ProcessingJobName'],
      ...processingJob({
        image: ANALYZER_IMAGE, c: MM, outputName: 'monitoring_output', outputUri: r.baselineDir, tags: r.tags,
        environment: {
          ...ANALYZER_BASELINE_ENV, dataset_format: { csv: { header: false } }, analysis_type: 'MODEL_QUALITY', problem_type: 'Regression',
          inference_attribute: 'predicted_label', probability_attribute: 'probabilities', ground_truth_attribute: 'TestAttribute', probability_threshold_attribute: '0.6',
        } as never,
        inputs: [processingInput('baseline_dataset_input', 's3://bucket/dataset', '/opt/ml/processing/input/baseline_dataset_input')],
      }),
    });
    expect(r.jobDefinition).toEqual({
      JobDefinitionName: r.jdName,
      ModelQualityAppSpecification: {
        ImageUri: ANALYZER_IMAGE, ProblemType: 'Regression', Environment: ENVIRONMENT,
        RecordPreprocessorSourceUri: 's3://my_bucket/preprocessor.py', PostAnalyticsProcessorSourceUri: 's3://my_bucket/postprocessor.py',
      },
      ModelQualityBaselineConfig: { ConstraintsResource: { S3Uri: `${r.baselineDir}/constraints.json` } },
      ModelQualityJobInput: {
        EndpointInput: {
          EndpointName: 'endpoint', LocalPath: ENDPOINT_LOCAL_PATH, S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated', StartTimeOffset: '-PT1H', EndTimeOffset: '-PT0H',
          FeaturesAttribute: 'features', InferenceAttribute: 'predicted_label', ProbabilityAttribute: 'probabilities', ProbabilityThresholdAttribute: 0.6,
        },
        GroundTruthS3Input: { S3Uri: 's3://bucket/monitoring_captured/actuals' },
      },
      ModelQualityJobOutputConfig: jobOutputConfig(MM.outputS3Uri),
      JobResources: jobResources(MM.instanceType, MM.volumeSizeInGB),
      RoleArn: ROLE_ARN,
      NetworkConfig: MM.network.request,
      StoppingCondition: { MaxRuntimeInSeconds: 3 },
      Tags: r.tags,
    });
    expect(r.schedule).toEqual(scheduleRequest(r.schedule['MonitoringScheduleName'], r.jdName, 'ModelQuality', r.tags));
  });

  // A monitor without env: DefaultModelMonitor.create_monitoring_schedule(enable_cloudwatch_metrics=True) puts
  // publish_cloudwatch_metrics "Enabled" in the job definition (ModelMonitor._generate_env_map, model_monitoring.py);
  // suggest_baseline sends "Disabled" ("Only supported for monitoring schedules").
  it('DATA_QUALITY without an environment: CloudWatch metrics enabled for monitoring, disabled for baselining', async () => {
    const r = await setUp({
      name: 'sdk-dq-no-env', type: 'DATA_QUALITY', ...commonInput(MM), environment: undefined,
      endpointInput: { endpointName: 'endpoint', localPath: ENDPOINT_LOCAL_PATH },
    }, {}, QUALITY_FILES);
    expect(r.jobDefinition['DataQualityAppSpecification']).toEqual({ ImageUri: ANALYZER_IMAGE, Environment: { publish_cloudwatch_metrics: 'Enabled' } });
    expect(r.baselineJob['Environment']['publish_cloudwatch_metrics']).toBe('Disabled');
  });
});
