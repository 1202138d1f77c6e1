// What SageMaker would refuse, or what would reach it wrong, is refused before any request is sent.
import { CLARIFY, MM, commonInput } from './sdk-intents.js';
import { sdkHarness, type Obj } from './sdk-harness.js';

const { attempt } = sdkHarness();

const CREATE = 'mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { id } }';
const endpointInput = { endpointName: 'endpoint' };
const explainability = { headers: ['f1', 'f2'] };
const batchTransformInput = { dataCapturedDestinationS3Uri: 's3://bucket/captured/', datasetFormat: { csvHeader: false } };

async function refusedCreate(input: Obj) {
  const r = await attempt(CREATE, async () => ({ i: { name: 'refused', ...commonInput(CLARIFY), ...input } }));
  expect(r.sent).toBe(0);
  return r.errors.map((e) => ({ code: e.extensions?.['code'], field: e.extensions?.['field'] }));
}

describe('refused before reaching SageMaker', () => {
  it('an explainability monitor on batch-transform input without a predictor', async () => {
    expect(await refusedCreate({ type: 'MODEL_EXPLAINABILITY', batchTransformInput, explainability })).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.predictor' }]);
  });

  it('an update that takes the predictor away from an explainability monitor on batch-transform input', async () => {
    const r = await attempt('mutation($id: ID!) { updateMonitor(id: $id, input: { predictor: null }) { id } }', async (t) => {
      const predictor = { modelName: 'xgboost-model' };
      const m = (await t.call(CREATE, { i: { name: 'batch-shap', type: 'MODEL_EXPLAINABILITY', ...commonInput(CLARIFY), batchTransformInput, explainability, predictor } }))['createMonitor'];
      return { id: m.id };
    });
    expect(r.errors.map((e) => [e.extensions?.['code'], e.extensions?.['field']])).toEqual([['BAD_USER_INPUT', 'input.predictor']]);
  });

  it('bias columns that are not among the bias headers', async () => {
    const bias = { labelName: 'label', labelValuesOrThreshold: ['1'], facetName: 'f1', facetValuesOrThreshold: ['0.3'], headers: ['f1', 'f2'] };
    expect(await refusedCreate({ type: 'MODEL_BIAS', groundTruthS3Uri: 's3://bucket/gt', bias, endpointInput })).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.bias.labelName' }]);
  });

  it('security group and subnet ids outside SageMaker\'s pattern, and too many security groups', async () => {
    const vpc = (securityGroupIds: string[], subnets: string[]) => ({ networkConfig: { enableNetworkIsolation: true, vpcConfig: { securityGroupIds, subnets } } });
    expect(await refusedCreate({ type: 'MODEL_EXPLAINABILITY', endpointInput, explainability, ...vpc(['sg-1'], ['test_subnets']) })).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.networkConfig.vpcConfig.subnets.0' },
    ]);
    const six = ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6'];
    expect(await refusedCreate({ type: 'MODEL_EXPLAINABILITY', endpointInput, explainability, ...vpc(six, ['subnet-1']) })).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.networkConfig.vpcConfig.securityGroupIds' },
    ]);
  });

  it('KMS keys outside SageMaker\'s KmsKeyId pattern', async () => {
    expect(await refusedCreate({ type: 'MODEL_EXPLAINABILITY', endpointInput, explainability, outputKmsKeyId: 'key with spaces' })).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.outputKmsKeyId' }]);
    const resources = { ...commonInput(CLARIFY).resources, volumeKmsKeyId: 'key;drop' };
    expect(await refusedCreate({ type: 'MODEL_EXPLAINABILITY', endpointInput, explainability, resources })).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.resources.volumeKmsKeyId' }]);
  });

  it('a bias threshold that differs from the monitored input\'s ProbabilityThresholdAttribute', async () => {
    const bias = { labelValuesOrThreshold: ['1'], facetName: 'f1', facetValuesOrThreshold: ['0.3'], probabilityThreshold: 0.6 };
    expect(await refusedCreate({ type: 'MODEL_BIAS', groundTruthS3Uri: 's3://bucket/gt', bias, endpointInput: { endpointName: 'endpoint', probabilityThresholdAttribute: 0.4 } })).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.bias.probabilityThreshold' },
    ]);
  });

  it('a SAGEMAKER model quality baseline that does not say where the ground truth label is', async () => {
    const r = await attempt('mutation($i: RequestBaselineInput!) { requestBaseline(input: $i) { id } }', async (t) => {
      const m = (await t.call(CREATE, { i: { name: 'mq', type: 'MODEL_QUALITY', ...commonInput(MM), problemType: 'REGRESSION', groundTruthS3Uri: 's3://bucket/gt', endpointInput: { endpointName: 'endpoint', inferenceAttribute: 'prediction' } } }))['createMonitor'];
      return { i: { monitorId: m.id, datasetUri: 's3://bucket/dataset', datasetFormat: { csvHeader: true } } };
    });
    expect(r.sent).toBe(0);
    expect(r.errors.map((e) => e.extensions?.['field'])).toEqual(['input.groundTruthAttribute']);
  });
});
