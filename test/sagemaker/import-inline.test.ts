// importSageMakerSchedules on a schedule with an inline MonitoringJobDefinition, against the
// local SageMaker server over HTTP: adopted, then owned as the gateway owns the schedules it makes.
import { CreateMonitoringScheduleCommand } from '@aws-sdk/client-sagemaker';
import { modelMonitorImage } from '../../src/sagemaker/images.js';
import type { TeamFixture } from '../support/seed.js';
import { ROLE, startSageMakerSetup, type SageMakerSetup } from './support.js';
import { dqBody, sdkScripts } from './import-fixtures.js';

let setup: SageMakerSetup;
let sdk: ReturnType<typeof sdkScripts>;

beforeAll(async () => {
  setup = await startSageMakerSetup({ buckets: ['reports', 'train', 'gt'] });
  sdk = sdkScripts(setup);
});
afterAll(async () => {
  sdk.destroy();
  await setup.stop();
});

describe('a schedule with an inline MonitoringJobDefinition (the data quality form of older SDK scripts)', () => {
  let team: TeamFixture;
  let db: SageMakerSetup['db'];
  beforeAll(async () => {
    db = setup.db;
    team = await setup.team();
    await sdk.put('inline/constraints.json', { version: 0, features: [{ name: 'age', inferred_type: 'Integral', completeness: 1 }] });
    await sdk.put('inline/statistics.json', { version: 0, dataset: { item_count: 10 }, features: [] });
    const { DataQualityJobInput: input, DataQualityJobOutputConfig: output, JobResources } = dqBody();
    // No StoppingCondition: SageMaker's default applies.
    await sdk.sm.send(new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: 'inline-dq',
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
        MonitoringJobDefinition: {
          BaselineConfig: { ConstraintsResource: { S3Uri: 's3://reports/inline/constraints.json' }, StatisticsResource: { S3Uri: 's3://reports/inline/statistics.json' } },
          Environment: { publish_cloudwatch_metrics: 'Enabled' },
          MonitoringAppSpecification: { ImageUri: modelMonitorImage('us-east-1') },
          MonitoringInputs: [input],
          MonitoringOutputConfig: output,
          MonitoringResources: JobResources,
          RoleArn: ROLE,
        },
      } as never,
    }));
    await setup.server.advance(2_000);
  });
  const DELETE = 'mutation($id: ID!) { deleteMonitor(id: $id) { id } }';

  it('is adopted without a job definition; timing changes keep it inline; the first monitor change moves it to a job definition of its own; delete removes both', async () => {
    const dry = await sdk.importFor(team);
    expect(dry.adopted.find((x) => x.name === 'inline-dq')).toMatchObject({ jobDefinitionName: null });
    const adopted = (await sdk.importFor(team, false)).adopted.find((x) => x.name === 'inline-dq')!;
    const row = await db.schedule.findUniqueOrThrow({ where: { id: adopted.schedule!.id } });
    expect(row).toMatchObject({ backendName: 'inline-dq', backendRef: null, expression: 'cron(0 * ? * * *)' });
    const monitor = await db.monitor.findUniqueOrThrow({ where: { id: row.monitorId } });
    expect(monitor.config).toMatchObject({ maxRuntimeInSeconds: 3600, outputS3Uri: 's3://reports/dq', environment: { publish_cloudwatch_metrics: 'Enabled' } });
    expect(await db.baseline.findFirstOrThrow({ where: { monitorId: monitor.id } })).toMatchObject({ status: 'COMPLETED', constraints: { features: [{ name: 'age' }] } });
    const drift = await team.call('mutation { reconcileSchedules { checked drifts { kind } } }');
    expect(drift['reconcileSchedules']).toEqual({ checked: 1, drifts: [] });

    await team.call('mutation($id: ID!, $spec: ScheduleSpecInput!) { updateSchedule(id: $id, spec: $spec) { expression } }', { id: row.id, spec: { kind: 'DAILY', hour: 4 } });
    const timed = sdk.scheduleRecord('inline-dq');
    expect(timed.config).toMatchObject({ ScheduleConfig: { ScheduleExpression: 'cron(0 4 ? * * *)' }, MonitoringJobDefinition: { RoleArn: ROLE } });

    await team.call('mutation($id: ID!, $i: UpdateMonitorInput!) { updateMonitor(id: $id, input: $i) { id } }', { id: monitor.id, i: { maxRuntimeInSeconds: 1800 } });
    const moved = await db.schedule.findUniqueOrThrow({ where: { id: row.id } });
    expect(moved.backendRef).toMatch(/^inline-dq-[0-9a-f]{8}$/);
    const repointed = sdk.scheduleRecord('inline-dq');
    expect(repointed.config['MonitoringJobDefinition']).toBeUndefined();
    expect(repointed.config).toMatchObject({ MonitoringJobDefinitionName: moved.backendRef, ScheduleConfig: { ScheduleExpression: 'cron(0 4 ? * * *)' } });
    expect(sdk.definitionRecord(moved.backendRef!).body).toMatchObject({
      StoppingCondition: { MaxRuntimeInSeconds: 1800 }, DataQualityAppSpecification: { Environment: { publish_cloudwatch_metrics: 'Enabled' } },
      DataQualityBaselineConfig: { ConstraintsResource: { S3Uri: expect.stringContaining('/baselines/v1/constraints.json') } },
    });
    expect((await team.call('mutation { reconcileSchedules { checked drifts { kind } } }'))['reconcileSchedules']).toEqual({ checked: 1, drifts: [] });

    await team.call(DELETE, { id: monitor.id });
    expect(setup.server.state.schedules().some((s) => s.name === 'inline-dq')).toBe(false);
    expect(setup.server.state.jobDefinitions().some((d) => d.name === moved.backendRef)).toBe(false);
  });
});
