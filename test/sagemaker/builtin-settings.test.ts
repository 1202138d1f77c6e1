// SageMaker job settings on a BUILTIN monitor: those the built-in engine cannot apply (network
// isolation and VPC, output and volume KMS keys) are refused, naming the field, and nothing is
// stored; Clarify's predictor is kept, though no model is run. The same settings on SAGEMAKER
// reach the requests (sdk-conformance*.test.ts).
import { gql } from '../support/gateway.js';
import type { TeamFixture } from '../support/seed.js';
import { startSageMakerSetup, type SageMakerSetup } from './support.js';

let setup: SageMakerSetup;
beforeAll(async () => {
  setup = await startSageMakerSetup({ buckets: ['bucket'] });
});
afterAll(() => setup.stop());

type Obj = Record<string, any>;
const CREATE = 'mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { id predictor { modelName } } }';
const explainability = (name: string, extra: Obj = {}) => ({
  name, type: 'MODEL_EXPLAINABILITY', backend: 'BUILTIN', outputS3Uri: 's3://bucket/out',
  endpointInput: { endpointName: 'endpoint' }, explainability: { headers: ['f1', 'f2'] }, ...extra,
});
const monitorCount = async (t: TeamFixture) => (await t.call('{ monitors(first: 100) { edges { node { id } } } }'))['monitors'].edges.length as number;

async function refused(t: TeamFixture, query: string, variables: Obj) {
  const r = await gql(setup.env.url, t.adminKey, query, variables);
  return (r.errors ?? []).map((e) => ({ code: e.extensions?.['code'], field: e.extensions?.['field'], message: e.message }));
}

describe('a BUILTIN monitor', () => {
  it.each([
    ['networkConfig', { networkConfig: { enableNetworkIsolation: true } }, 'input.networkConfig', /neither isolated nor placed in a VPC/],
    ['outputKmsKeyId', { outputKmsKeyId: 'alias/reports' }, 'input.outputKmsKeyId', /bucket's default encryption/],
    ['resources.volumeKmsKeyId', { resources: { volumeKmsKeyId: 'alias/volumes' } }, 'input.resources.volumeKmsKeyId', /no ML storage volume/],
  ])('refuses %s, and stores nothing', async (_, setting, field, why) => {
    const t = await setup.team();
    const sent = setup.server.requests.length;
    const [error, ...more] = await refused(t, CREATE, { i: explainability('refused', setting) });
    expect(more).toEqual([]);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error!.message).toMatch(why);
    expect(await monitorCount(t)).toBe(0);
    expect(setup.server.requests.length).toBe(sent);
  });

  it('refuses an update that adds one, and keeps the monitor as it was', async () => {
    const t = await setup.team();
    const m = (await t.call(CREATE, { i: explainability('kept') }))['createMonitor'];
    const errors = await refused(t, 'mutation($id: ID!) { updateMonitor(id: $id, input: { networkConfig: { enableNetworkIsolation: true }, outputKmsKeyId: "alias/reports" }) { id } }', { id: m.id });
    expect(errors.map((e) => e.field)).toEqual(['input.networkConfig']);
    const after = (await t.call('query($id: ID!) { monitor(id: $id) { networkConfig { enableNetworkIsolation } outputKmsKeyId } }', { id: m.id }))['monitor'];
    expect(after).toEqual({ networkConfig: null, outputKmsKeyId: null });
  });

  it('keeps Clarify\'s predictor, which the built-in engine does not call', async () => {
    const t = await setup.team();
    const m = (await t.call(CREATE, { i: explainability('with-predictor', { predictor: { modelName: 'xgboost-model' } }) }))['createMonitor'];
    expect(m.predictor).toEqual({ modelName: 'xgboost-model' });
  });
});
