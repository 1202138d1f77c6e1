// Each real constraint_violations.json through the whole SAGEMAKER path: the local server's
// S3, the gateway's sync, the API and a subscription. Violations come out with their facet,
// metric and label, named as their metric series. And one unreadable report never blocks the executions after it.
import type { Gateway } from '../../src/runtime/index.js';
import type { MonitorType } from '../../src/kernel/monitor-config.js';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import { teamScopedName } from '../../src/sagemaker/naming.js';
import type { TestGateway } from '../support/gateway.js';
import { monitorInput, type TeamFixture } from '../support/seed.js';
import { collect, wsClients } from '../support/ws.js';
import { startSageMakerSetup, type SageMakerSetup } from '../sagemaker/support.js';
import { describeSamples, orNone, readSample, samples } from '../support/samples.js';

const HOUR = 3_600_000;
const TYPE_OF_FOLDER: Record<string, MonitorType> = {
  'data-quality': 'DATA_QUALITY', 'model-quality': 'MODEL_QUALITY', 'bias-drift': 'MODEL_BIAS', 'feature-attribution-drift': 'MODEL_EXPLAINABILITY',
};
const VIOLATION_FIELDS = 'featureName checkType description metricName facet facetValue label';
const VIOLATIONS_SUB = `subscription($f: ViolationEventFilter) { violationDetected(filter: $f) { executionId ${VIOLATION_FIELDS} } }`;
const STATUS_SUB = 'subscription($f: ExecutionEventFilter) { executionStatusChanged(filter: $f) { executionId status reportError } }';

let server: LocalSageMaker;
let gateway: Gateway;
let env: TestGateway;
const ws = wsClients();
let setup: SageMakerSetup;

beforeAll(async () => {
  setup = await startSageMakerSetup();
  ({ server, env } = setup);
  gateway = env.gateway;
});
afterAll(async () => {
  await ws.disposeAll();
  await setup.stop();
});

const sageMakerTeam = (): Promise<TeamFixture> => setup.team();

async function hourlyMonitor(team: TeamFixture, type: MonitorType) {
  const m = (await team.call('mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { id } }', { i: monitorInput(type) }))['createMonitor'] as { id: string };
  return { monitorId: m.id, schedule: await team.createSchedule(m.id, { kind: 'HOURLY' }) };
}

/** What the API and the events must show for one violation of the file. */
/**
 * A raw violation as the gateway stores it for a monitor of `type`: named as its metric series,
 * as graphql/executions.graphql states (Violation.featureName, metricName), written out here
 * per type rather than taken from the code under test.
 */
const expected = (type: MonitorType) => (v: Record<string, string>) => {
  let featureName = v['feature_name'] ?? v['label'] ?? v['facet'] ?? v['metric_name'];
  let metricName = v['metric_name'] ?? null;
  const check = v['constraint_check_type'];
  if (type === 'MODEL_BIAS' && v['facet'] && v['facet_value']) featureName = `${v['facet']}/${v['facet_value']}`;
  if (type === 'MODEL_QUALITY' && v['metric_name']) featureName = '';
  if (type === 'MODEL_EXPLAINABILITY' && check === 'feature_attribution_drift_check') {
    featureName = '';
    metricName = !v['label'] || v['label'] === 'label0' ? 'ndcg' : `ndcg.${v['label']}`;
  }
  if (type === 'DATA_QUALITY') metricName = check === 'completeness_check' ? 'completeness' : check === 'baseline_drift_check' ? 'baseline_drift' : null;
  return {
    featureName, checkType: check, description: v['description'], metricName,
    facet: v['facet'] ?? null, facetValue: v['facet_value'] ?? null, label: v['label'] ?? null,
  };
};
const sorted = <T>(xs: T[]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describeSamples('real violations files through the SAGEMAKER path', () => {
  it.each(orNone(samples(/constraint_violations\.json$/)))('%s', async (file) => {
    const type = TYPE_OF_FOLDER[file.split('/')[0]!]!;
    const raw = (JSON.parse(readSample(file)) as { violations: Array<Record<string, string>> }).violations;
    const team = await sageMakerTeam();
    const { monitorId, schedule } = await hourlyMonitor(team, type);
    const events = collect(ws.connect(env.url, team.adminKey), VIOLATIONS_SUB, { f: { monitorId } });
    await events.acked;
    await new Promise((r) => setTimeout(r, 100)); // the subscribe message reaches the server

    server.fixtures.setNextOutcome(teamScopedName(team.id, schedule.name), { files: { 'constraint_violations.json': readSample(file) } });
    await server.advance(2 * HOUR);
    await gateway.services.executions.syncSchedule(team.id, schedule.id);

    const listed = (await team.call(`query($m: ID) { executions(filter: { monitorId: $m, status: [COMPLETED_WITH_VIOLATIONS] }) { edges { node { id reportError violations { ${VIOLATION_FIELDS} } } } } }`, { m: monitorId }))['executions'];
    expect(listed.edges).toHaveLength(1);
    const execution = listed.edges[0].node;
    expect(execution.reportError).toBeNull();
    expect(sorted(execution.violations)).toEqual(sorted(raw.map(expected(type))));

    const got = await events.until(raw.length);
    expect(sorted(got.map((r: any) => { const { executionId, ...rest } = r.data.violationDetected; expect(executionId).toBe(execution.id); return rest; })))
      .toEqual(sorted(raw.map(expected(type))));
  });
});

describe('an unreadable report', () => {
  it('is stored as the execution\'s reportError, alerted once; the next execution is stored and pushed', async () => {
    const team = await sageMakerTeam();
    const { monitorId, schedule } = await hourlyMonitor(team, 'DATA_QUALITY');
    const client = ws.connect(env.url, team.adminKey);
    const statuses = collect(client, STATUS_SUB, { f: { monitorId, status: ['COMPLETED', 'COMPLETED_WITH_VIOLATIONS'] } });
    const violations = collect(client, VIOLATIONS_SUB, { f: { monitorId } });
    await statuses.acked;
    await new Promise((r) => setTimeout(r, 100));

    const good = { feature_name: 'age', constraint_check_type: 'data_type_check', description: 'Value: 0.5 does not meet the constraint requirement! ' };
    server.fixtures.setNextOutcome(teamScopedName(team.id, schedule.name), { status: 'CompletedWithViolations', files: { 'constraint_violations.json': '{"violations": [{"feature_name": ' } });
    server.fixtures.setNextOutcome(teamScopedName(team.id, schedule.name), { violations: [good] });
    await server.advance(3 * HOUR);
    await gateway.services.executions.syncSchedule(team.id, schedule.id);
    await gateway.services.executions.syncSchedule(team.id, schedule.id); // nothing new: no second alert

    const q = `query($m: ID) { executions(filter: { monitorId: $m, status: [COMPLETED, COMPLETED_WITH_VIOLATIONS] }) { edges { node { id scheduledTime reportError violations { featureName checkType } } } } }`;
    const [second, first] = (await team.call(q, { m: monitorId }))['executions'].edges.map((e: any) => e.node);
    expect(first.reportError).toMatch(/^s3:\/\/reports\/churn\/.*\/constraint_violations\.json is not valid JSON$/);
    expect(first.violations).toEqual([]);
    expect(second.reportError).toBeNull();
    expect(second.violations).toEqual([{ featureName: 'age', checkType: 'data_type_check' }]);

    expect((await violations.until(1)).map((r: any) => r.data.violationDetected)).toEqual([expect.objectContaining({ executionId: second.id, featureName: 'age' })]);
    const pushed = (await statuses.until(3, 1000)).map((r: any) => r.data.executionStatusChanged);
    expect(sorted(pushed)).toEqual(sorted([
      { executionId: first.id, status: 'COMPLETED_WITH_VIOLATIONS', reportError: first.reportError },
      { executionId: second.id, status: 'COMPLETED_WITH_VIOLATIONS', reportError: null },
    ]));
  });
});
