// The whole request JSON each monitor type sends, as received by the local server.
import { AWS_MONITORING_TYPE, MONITOR_TYPES } from '../../src/kernel/monitor-config.js';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import type { SageMakerBackend } from '../../src/sagemaker/backend.js';
import { teamTag } from '../../src/sagemaker/naming.js';
import { localSageMaker, monitorOf, ownerTags, received, ROLE, scheduleOf } from './support.js';

let server: LocalSageMaker;
let backend: SageMakerBackend;
beforeEach(async () => {
  ({ server, backend } = await localSageMaker());
});
afterEach(() => server.close());

const ANALYZER = '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer';
const CLARIFY = '205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0';
const OUTPUT = { MonitoringOutputs: [{ S3Output: { S3Uri: 's3://reports/churn', LocalPath: '/opt/ml/processing/output', S3UploadMode: 'Continuous' } }] };
const RESOURCES = { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } };
/** The monitors' files: under the team's tag (monitorOf's team is team-1). */
const FILES = `s3://reports/churn/gateway/${teamTag('team-1')}`;
/** create_monitoring_schedule's enable_cloudwatch_metrics=True, as the SDK sends it (model_monitoring.py, clarify_model_monitoring.py). */
const CLOUDWATCH = { publish_cloudwatch_metrics: 'Enabled' };
const ENDPOINT = { EndpointName: 'churn-ep', LocalPath: '/opt/ml/processing/input/endpoint' };

it('MODEL_QUALITY job definition, whole request', async () => {
  const m = monitorOf('MODEL_QUALITY', { postAnalyticsProcessorSourceUri: 's3://reports/code/post.py' });
  const { backendRef } = await backend.createSchedule(m, scheduleOf('mq'));
  expect(received(server, 'CreateModelQualityJobDefinition')).toEqual([
    {
      JobDefinitionName: backendRef,
      ModelQualityAppSpecification: { ImageUri: ANALYZER, ProblemType: 'BinaryClassification', PostAnalyticsProcessorSourceUri: 's3://reports/code/post.py', Environment: CLOUDWATCH },
      ModelQualityJobInput: {
        EndpointInput: { ...ENDPOINT, InferenceAttribute: '0', StartTimeOffset: '-P1D', EndTimeOffset: '-PT1H' },
        GroundTruthS3Input: { S3Uri: 's3://gt/churn' },
      },
      ModelQualityJobOutputConfig: OUTPUT,
      JobResources: RESOURCES,
      RoleArn: ROLE,
      StoppingCondition: { MaxRuntimeInSeconds: 1800 },
      Tags: ownerTags('team-1', m.id),
    },
  ]);
});

it('MODEL_BIAS job definition with a baseline in force, whole request', async () => {
  const m = { ...monitorOf('MODEL_BIAS'), baseline: { id: 'b', version: 3, statistics: null, constraints: { version: 1 } } };
  const { backendRef } = await backend.createSchedule(m, scheduleOf('bias'));
  expect(received(server, 'CreateModelBiasJobDefinition')).toEqual([
    {
      JobDefinitionName: backendRef,
      ModelBiasBaselineConfig: { ConstraintsResource: { S3Uri: `${FILES}/m-model-bias/baselines/v3/constraints.json` } },
      ModelBiasAppSpecification: { ImageUri: CLARIFY, ConfigUri: `${FILES}/m-model-bias/${backendRef}/analysis_config.json`, Environment: CLOUDWATCH },
      ModelBiasJobInput: { EndpointInput: ENDPOINT, GroundTruthS3Input: { S3Uri: 's3://gt/churn' } },
      ModelBiasJobOutputConfig: OUTPUT,
      JobResources: RESOURCES,
      RoleArn: ROLE,
      StoppingCondition: { MaxRuntimeInSeconds: 1800 },
      Tags: ownerTags('team-1', m.id),
    },
  ]);
  expect(JSON.parse(server.s3.getText(`${FILES}/m-model-bias/baselines/v3/constraints.json`)!)).toEqual({ version: 1 });
});

it('MODEL_EXPLAINABILITY job definition, whole request, and its SHAP analysis config', async () => {
  const m = monitorOf('MODEL_EXPLAINABILITY', { roleArn: 'arn:aws:iam::123456789012:role/own' });
  const { backendRef } = await backend.createSchedule(m, scheduleOf('shap'));
  const configUri = `${FILES}/m-model-explainability/${backendRef}/analysis_config.json`;
  expect(received(server, 'CreateModelExplainabilityJobDefinition')).toEqual([
    {
      JobDefinitionName: backendRef,
      ModelExplainabilityAppSpecification: { ImageUri: CLARIFY, ConfigUri: configUri, Environment: CLOUDWATCH },
      ModelExplainabilityJobInput: { EndpointInput: ENDPOINT },
      ModelExplainabilityJobOutputConfig: OUTPUT,
      JobResources: RESOURCES,
      RoleArn: 'arn:aws:iam::123456789012:role/own',
      StoppingCondition: { MaxRuntimeInSeconds: 1800 },
      Tags: ownerTags('team-1', m.id),
    },
  ]);
  expect(JSON.parse(server.s3.getText(configUri)!)).toEqual({
    dataset_type: 'text/csv',
    headers: ['age', 'tenure'],
    predictor: { endpoint_name: 'churn-ep' },
    methods: { shap: { num_samples: 100, agg_method: 'mean_abs', use_logit: false, save_local_shap_values: false } },
  });
});

it.each(MONITOR_TYPES)('%s: publish_cloudwatch_metrics set in the monitor\'s environment is the one sent', async (type) => {
  const { backendRef } = await backend.createSchedule(monitorOf(type, { environment: { publish_cloudwatch_metrics: 'Disabled', LOG: 'x' } }), scheduleOf('quiet'));
  const operation = `Create${AWS_MONITORING_TYPE[type]}JobDefinition`;
  const [jd] = received(server, operation) as Array<Record<string, any>>;
  expect(jd!['JobDefinitionName']).toBe(backendRef);
  expect(jd![`${AWS_MONITORING_TYPE[type]}AppSpecification`]['Environment']).toEqual({ publish_cloudwatch_metrics: 'Disabled', LOG: 'x' });
});

it('retries throttling, then answers UNAVAILABLE with the AWS error kept', async () => {
  server.faults.failNext('StartMonitoringSchedule', 'ThrottlingException', 50);
  const error = await backend.startSchedule(monitorOf('DATA_QUALITY'), scheduleOf('x')).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'UNAVAILABLE', extensions: { awsError: 'ThrottlingException', awsOperation: 'StartMonitoringSchedule' } });
  expect(server.requests.filter((r) => r.operation === 'StartMonitoringSchedule')).toHaveLength(10);
});
