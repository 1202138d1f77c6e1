// What the gateway creates in SageMaker carries its owner tags, and the local server keeps tags as
// SageMaker does: stored from the create calls, listed by ListTags, changed by AddTags/DeleteTags,
// refused outside SageMaker's Tag rules (length, characters, keys under "aws:"), gone with the resource.
import {
  AddTagsCommand, CreateMonitoringScheduleCommand, DeleteMonitoringScheduleCommand, DeleteTagsCommand,
  DescribeMonitoringScheduleCommand, ListTagsCommand, SageMakerClient, type Tag,
} from '@aws-sdk/client-sagemaker';
import type { LocalSageMaker } from '@mmg/local-sagemaker';
import type { SageMakerBackend } from '../../src/sagemaker/backend.js';
import { credentials, localSageMaker, monitorOf, ownerTags, scheduleOf } from './support.js';

let server: LocalSageMaker;
let backend: SageMakerBackend;
let sm: SageMakerClient;
beforeEach(async () => {
  ({ server, backend } = await localSageMaker());
  sm = new SageMakerClient({ region: 'us-east-1', endpoint: server.endpoint, credentials, maxAttempts: 1 });
});
afterEach(() => server.close());

const listTags = async (arn: string) => (await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags;
const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { name: string; message: string }) => ({ name: e.name, message: e.message }));

/** A schedule made by the gateway's backend, and its ARN and job definition's ARN in the local server. */
async function gatewaySchedule() {
  const m = monitorOf('DATA_QUALITY');
  const { backendRef } = await backend.createSchedule(m, scheduleOf('tagged'));
  const schedule = await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'tagged' }));
  const jd = server.state.jobDefinitions().find((d) => d.name === backendRef)!;
  return { m, backendRef, scheduleArn: schedule.MonitoringScheduleArn!, jobDefinitionArn: jd.arn };
}

it('the schedule and job definition the gateway creates carry the owning team and monitor', async () => {
  const { m, scheduleArn, jobDefinitionArn } = await gatewaySchedule();
  expect(await listTags(scheduleArn)).toEqual(ownerTags('team-1', m.id));
  expect(await listTags(jobDefinitionArn)).toEqual(ownerTags('team-1', m.id));
});

it('AddTags adds and overwrites, DeleteTags removes; the tags go with the resource', async () => {
  const { m, scheduleArn } = await gatewaySchedule();
  await sm.send(new AddTagsCommand({ ResourceArn: scheduleArn, Tags: [{ Key: 'cost-center', Value: '42' }, { Key: 'model-monitor-gateway:team-id', Value: 'team-2' }] }));
  expect(await listTags(scheduleArn)).toEqual([
    { Key: 'model-monitor-gateway:team-id', Value: 'team-2' }, { Key: 'model-monitor-gateway:monitor-id', Value: m.id }, { Key: 'cost-center', Value: '42' },
  ]);
  await sm.send(new DeleteTagsCommand({ ResourceArn: scheduleArn, TagKeys: ['cost-center', 'model-monitor-gateway:team-id'] }));
  expect(await listTags(scheduleArn)).toEqual([{ Key: 'model-monitor-gateway:monitor-id', Value: m.id }]);
  await sm.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: 'tagged' }));
  expect(await errorOf(listTags(scheduleArn))).toEqual({ name: 'ValidationException', message: `Resource ${scheduleArn} does not exist.` });
});

describe('tags outside SageMaker\'s Tag rules are refused, and nothing is created', () => {
  let jobDefinition: string;
  beforeEach(async () => {
    jobDefinition = (await gatewaySchedule()).backendRef;
  });
  const create = (name: string, Tags: Tag[]) => sm.send(new CreateMonitoringScheduleCommand({
    MonitoringScheduleName: name,
    MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringJobDefinitionName: jobDefinition, MonitoringType: 'DataQuality' },
    Tags,
  }));

  it('letters and digits of any script, spaces and _.:/=+-@ are a tag', async () => {
    const tags = [{ Key: 'équipe données', Value: 'π 3.14 _.:/=+-@' }, { Key: 'empty', Value: '' }];
    const { MonitoringScheduleArn } = await create('accepted', tags);
    expect(await listTags(MonitoringScheduleArn!)).toEqual(tags);
  });

  it.each([
    ['a key under "aws:"', [{ Key: 'AWS:owner', Value: 'x' }], /reserved for AWS use/],
    ['a key of 129 characters', [{ Key: 'k'.repeat(129), Value: 'x' }], /tags\.1\.member\.key.*length less than or equal to 128/],
    ['a value of 257 characters', [{ Key: 'k', Value: 'v'.repeat(257) }], /tags\.1\.member\.value.*length less than or equal to 256/],
    ['a key with a character outside the pattern', [{ Key: 'team#1', Value: 'x' }], /tags\.1\.member\.key.*regular expression pattern/],
    ['a key twice', [{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }], /Duplicate tag key 'k'/],
    ['51 tags', Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'x' })), /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50/],
  ])('%s', async (_, tags, message) => {
    const before = server.state.schedules().length;
    const error = await errorOf(create('refused', tags));
    expect(error?.name).toBe('ValidationException');
    expect(error?.message).toMatch(message);
    expect(server.state.schedules()).toHaveLength(before);
  });
});
