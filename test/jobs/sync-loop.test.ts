import { startSyncLoop } from '../../src/jobs/sync-loop.js';
import { logger } from '../../src/shared/logger.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(() => env.stop());

it('pulls finished baselines and new executions with their violations, idempotently', async () => {
  const team = await seed(env).createTeam();
  const m = await team.createMonitor('DATA_QUALITY');
  const b = (await team.call('mutation($m: ID!) { requestBaseline(input: { monitorId: $m, datasetUri: "s3://t/x.csv", datasetFormat: { csvHeader: true } }) { id } }', { m: m.id }))['requestBaseline'];
  const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
  const job = env.backends.BUILTIN.baselineJobs().find((j) => j.request.baselineId === b.id)!;
  env.backends.BUILTIN.finishBaseline(job.jobRef, { status: 'COMPLETED', statistics: { s: 1 }, constraints: { features: [] } });
  env.backends.BUILTIN.putExecution(
    s.name,
    { executionId: 'e1', status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: new Date('2026-11-22T09:00:00Z'), startedAt: null, endedAt: null, failureReason: null, reportUri: null },
    { violations: [{ featureName: 'age', checkType: 'completeness_check', description: 'completeness 0.8 < 1.0' }], statistics: null },
  );
  const loop = startSyncLoop(env.gateway.services, logger(), 60_000);
  try {
    await loop.runOnce();
    await loop.runOnce();
  } finally {
    await loop.stop();
  }
  const d = await team.call('query($m: ID!) { monitor(id: $m) { activeBaseline { id status } executions { edges { node { status violations { checkType } } } } } }', { m: m.id });
  expect(d['monitor'].activeBaseline).toEqual({ id: b.id, status: 'COMPLETED' });
  expect(d['monitor'].executions.edges).toEqual([{ node: { status: 'COMPLETED_WITH_VIOLATIONS', violations: [{ checkType: 'completeness_check' }] } }]);
  expect(await env.gateway.services.db.outboxEvent.count({ where: { teamId: team.id } })).toBe(2);
});
