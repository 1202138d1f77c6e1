// The same intent twice: as the SageMaker Python SDK's unit tests state it (aws/sagemaker-python-sdk,
// branch master-v2, tests/unit/sagemaker/monitor/), and as a gateway API input. The expected requests
// are written from those tests' constants and expected dicts, and from the SDK code they exercise.
// Where the gateway's rules refuse an SDK test value, the value used instead is noted.

/**
 * test_model_monitoring.py: ROLE, ENVIRONMENT, OUTPUT_KMS_KEY, VOLUME_KMS_KEY (shared by test_clarify_model_monitor.py).
 * ENVIRONMENT carries publish_cloudwatch_metrics "Enabled": what create_monitoring_schedule's default
 * enable_cloudwatch_metrics=True adds (ModelMonitor._generate_env_map, src/sagemaker/model_monitor/model_monitoring.py).
 */
export const ROLE_ARN = 'arn:aws:iam::012345678901:role/SageMakerRole';
export const ENVIRONMENT = { env_key_1: 'env_key_1', publish_cloudwatch_metrics: 'Enabled' };
export const environmentInput = Object.entries(ENVIRONMENT).map(([name, value]) => ({ name, value }));
export const REGION = 'us-west-2';
/** DEFAULT_IMAGE_URI (test_model_monitoring.py) and CLARIFY_IMAGE_URI (test_clarify_model_monitor.py), us-west-2. */
export const ANALYZER_IMAGE = '159807026194.dkr.ecr.us-west-2.amazonaws.com/sagemaker-model-monitor-analyzer';
export const CLARIFY_IMAGE = '306415355426.dkr.ecr.us-west-2.amazonaws.com/sagemaker-clarify-processing:1.0';
export const CRON_HOURLY = 'cron(0 * ? * * *)';
export const ENDPOINT_LOCAL_PATH = '/opt/ml/processing/input/endpoint';

/** JOB_OUTPUT_CONFIG: S3UploadMode "Continuous" (MonitoringOutput's default) and the output KMS key. */
export const jobOutputConfig = (s3Uri: string) => ({
  MonitoringOutputs: [{ S3Output: { S3Uri: s3Uri, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'Continuous' } }],
  KmsKeyId: 'output-kms-key',
});

export const jobResources = (instanceType: string, volumeSizeInGB: number) => ({
  ClusterConfig: { InstanceCount: 1, InstanceType: instanceType, VolumeSizeInGB: volumeSizeInGB, VolumeKmsKeyId: 'volume-kms-key' },
});

/**
 * test_model_monitoring.py, NETWORK_CONFIG = NetworkConfig(enable_network_isolation=False, encrypt_inter_container_traffic=True),
 * sent as NetworkConfig._to_request_dict() (src/sagemaker/network.py).
 */
export const MM_NETWORK = { input: { enableNetworkIsolation: false, enableInterContainerTrafficEncryption: true }, request: { EnableNetworkIsolation: false, EnableInterContainerTrafficEncryption: true } };

/**
 * test_clarify_model_monitor.py, NETWORK_CONFIG with security groups and subnets. The SDK test's ids
 * ("test_security_group_ids", "test_subnets") break SageMaker's id pattern [-0-9a-zA-Z]+, so real-looking ids stand in.
 */
const SG = 'sg-0123456789abcdef0';
const SUBNET = 'subnet-0123456789abcdef0';
export const CLARIFY_NETWORK = {
  input: { enableNetworkIsolation: false, enableInterContainerTrafficEncryption: false, vpcConfig: { securityGroupIds: [SG], subnets: [SUBNET] } },
  request: { EnableNetworkIsolation: false, EnableInterContainerTrafficEncryption: false, VpcConfig: { SecurityGroupIds: [SG], Subnets: [SUBNET] } },
};

/** The monitor settings common to a test file's monitors (its fixture's constructor arguments). */
export function commonInput(o: { instanceType: string; volumeSizeInGB: number; maxRuntimeInSeconds: number; outputS3Uri: string; network: { input: object } }) {
  return {
    backend: 'SAGEMAKER',
    outputS3Uri: o.outputS3Uri,
    resources: { instanceType: o.instanceType, instanceCount: 1, volumeSizeInGB: o.volumeSizeInGB, volumeKmsKeyId: 'volume-kms-key' },
    maxRuntimeInSeconds: o.maxRuntimeInSeconds,
    roleArn: ROLE_ARN,
    environment: environmentInput,
    networkConfig: o.network.input,
    outputKmsKeyId: 'output-kms-key',
  };
}

/** test_model_monitoring.py: INSTANCE_TYPE ml.m5.10xlarge, VOLUME_SIZE_IN_GB 2, MAX_RUNTIME_IN_SECONDS 3, OUTPUT_S3_URI. */
export const MM = { instanceType: 'ml.m5.10xlarge', volumeSizeInGB: 2, maxRuntimeInSeconds: 3, outputS3Uri: 's3://output-s3-uri/', network: MM_NETWORK };

/**
 * test_clarify_model_monitor.py: VOLUME_SIZE_IN_GB 40, OUTPUT_S3_URI. MAX_RUNTIME_IN_SECONDS is 45 * 60 there,
 * which the gateway refuses for an hourly bias schedule (AWS: at most 1800 s), so 1800.
 */
export const CLARIFY = { instanceType: 'ml.m5.xlarge', volumeSizeInGB: 40, maxRuntimeInSeconds: 1800, outputS3Uri: 's3://bucket/output', network: CLARIFY_NETWORK };

/** The SDK's baselining processing job (Processor.run via suggest_baseline): ProcessingInput defaults, EndOfJob output. */
export function processingInput(name: string, s3Uri: string, localPath: string) {
  return {
    InputName: name,
    AppManaged: false,
    S3Input: { S3Uri: s3Uri, LocalPath: localPath, S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated', S3CompressionType: 'None' },
  };
}

export function processingJob(o: { image: string; environment: Record<string, string>; inputs: object[]; outputName: string; outputUri: string; c: typeof MM | typeof CLARIFY; tags: object[] }) {
  return {
    AppSpecification: { ImageUri: o.image },
    Environment: o.environment,
    ProcessingInputs: o.inputs,
    ProcessingOutputConfig: {
      Outputs: [{ OutputName: o.outputName, S3Output: { S3Uri: o.outputUri, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } }],
      KmsKeyId: 'output-kms-key',
    },
    ProcessingResources: jobResources(o.c.instanceType, o.c.volumeSizeInGB),
    StoppingCondition: { MaxRuntimeInSeconds: o.c.maxRuntimeInSeconds },
    RoleArn: ROLE_ARN,
    NetworkConfig: o.c.network.request,
    Tags: o.tags,
  };
}

/**
 * _test_*_create_schedule: create_monitoring_schedule's MonitoringScheduleConfig, and Tags. The SDK sends the
 * monitor's tags (TAGS) to the schedule, the job definition and the baselining job alike; the gateway sends
 * its owner tags there (ownerTags in support.ts).
 */
export const scheduleRequest = (name: string, jobDefinitionName: string, type: string, tags: object[]) => ({
  MonitoringScheduleName: name,
  MonitoringScheduleConfig: { MonitoringJobDefinitionName: jobDefinitionName, MonitoringType: type, ScheduleConfig: { ScheduleExpression: CRON_HOURLY } },
  Tags: tags,
});
