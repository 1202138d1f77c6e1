// importSageMakerSchedules' skip reasons and its rule of ownership between teams, against the
// local SageMaker server over HTTP (its own server: every team here sees the same schedules).
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { startLocalSageMaker, type LocalSageMaker } from '@mmg/local-sagemaker';
import { modelMonitorImage } from '../../src/sagemaker/images.js';
import { ownerOf } from '../../src/imports/ownership.js';
import { teamTag } from '../../src/sagemaker/naming.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { credentials, startSageMakerSetup, type SageMakerSetup } from './support.js';
import { sdkScripts, verdict } from './import-fixtures.js';

let setup: SageMakerSetup;
let server: LocalSageMaker;
let sdk: ReturnType<typeof sdkScripts>;

beforeAll(async () => {
  setup = await startSageMakerSetup({ buckets: ['reports', 'train', 'gt'] });
  server = setup.server;
  sdk = sdkScripts(setup);
});
afterAll(async () => {
  sdk.destroy();
  await setup.stop();
});

describe('every skip reason', () => {
  let team: TeamFixture;
  beforeAll(async () => {
    team = await setup.team();
    await sdk.dqSchedule('sk-ok');
    await sdk.dqSchedule('sk-failed');
    sdk.scheduleRecord('sk-failed').status = 'Failed';
    await sdk.dqSchedule('sk-gone');
    sdk.scheduleRecord('sk-gone').config['MonitoringJobDefinitionName'] = 'sk-deleted-jd';
    await sdk.dqSchedule('sk-image', { DataQualityAppSpecification: { ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/mine:1' } });
    await sdk.dqSchedule('sk-entrypoint', { DataQualityAppSpecification: { ImageUri: modelMonitorImage('us-east-1'), ContainerEntrypoint: ['python', 'mine.py'] } });
    await sdk.biasSchedule('sk-file', 's3://reports/nowhere/analysis_config.json');
    await sdk.put('rule/analysis_config.json', { headers: ['churned', 'age'], label: 'churned', label_values_or_threshold: [1], facet: [{ name_or_index: 'Age Group', value_or_threshold: [40] }] });
    await sdk.biasSchedule('sk-rule', 's3://reports/rule/analysis_config.json');
    await sdk.put('bad/analysis_config.json', { facet: [{ name_or_index: { nested: true } }] });
    await sdk.dqSchedule('sk-cron', {}, 'cron(0 */5 ? * * *)');
    await sdk.dqSchedule('sk-malformed');
    sdk.definitionRecord('sk-malformed-jd').body['JobResources'].ClusterConfig.InstanceCount = 'two';
    await sdk.dqSchedule('sk-taken');
    await team.createMonitor('DATA_QUALITY', { name: 'sk-taken' });
    await server.advance(2_000);
  });

  it('reports each one with its reason and a message that says what and why', async () => {
    const report = await sdk.importFor(team);
    const skipped = Object.fromEntries(report.skipped.filter((s) => s.name.startsWith('sk-')).map((s) => [s.name, [s.reason, s.message]]));
    expect(skipped).toEqual({
      'sk-failed': ['SCHEDULE_FAILED', expect.stringContaining('Failed in SageMaker')],
      'sk-gone': ['DEFINITION_NOT_FOUND', expect.stringContaining('sk-deleted-jd does not exist')],
      'sk-image': ['CUSTOM_IMAGE', expect.stringContaining('mine:1')],
      'sk-entrypoint': ['CUSTOM_IMAGE', expect.stringContaining('entrypoint or arguments')],
      'sk-file': ['UNREADABLE_FILE', expect.stringContaining('s3://reports/nowhere/analysis_config.json does not exist')],
      'sk-cron': ['UNSUPPORTED_SCHEDULE', expect.stringContaining('expression')],
      'sk-rule': ['INVALID_MONITOR', expect.stringContaining('bias.facetName: facetName "Age Group" is not one of bias.headers')],
      'sk-malformed': ['INVALID_MONITOR', expect.stringMatching(/job definition sk-malformed-jd has a malformed JobResources\.ClusterConfig\.InstanceCount/)],
      'sk-taken': ['NAME_TAKEN', expect.stringContaining('sk-taken')],
    });
    expect(report.adopted.map((a) => a.name)).toContain('sk-ok');
  });

  it('a Clarify analysis configuration with a malformed field is UNREADABLE_FILE naming the field', async () => {
    sdk.definitionRecord('sk-file-jd').body['ModelBiasAppSpecification'].ConfigUri = 's3://reports/bad/analysis_config.json';
    const report = await sdk.importFor(team);
    expect(report.skipped.find((s) => s.name === 'sk-file')).toEqual({
      name: 'sk-file', reason: 'UNREADABLE_FILE', message: expect.stringMatching(/analysis_config\.json is not usable: .*facet\.0\.name_or_index/),
    });
  });
});

describe('MANAGED_BY_ANOTHER_TEAM: the same account, region and name, or another team\'s prefix', () => {
  const OTHER_ACCOUNT_ROLE = 'arn:aws:iam::210987654321:role/monitor';
  let a: TeamFixture;
  let b: TeamFixture;
  /** A team of the same gateway and region in another account: a second local server, account 210987654321. */
  let elsewhere: TeamFixture;
  let otherAccount: LocalSageMaker;
  beforeAll(async () => {
    otherAccount = await startLocalSageMaker({ accountId: '210987654321' });
    otherAccount.s3.createBucket('reports');
    a = await setup.team();
    b = await setup.team();
    elsewhere = await seed(setup.env).createTeam({ defaultBackend: 'SAGEMAKER' });
    await elsewhere.call('mutation($i: UpdateTeamAwsSettingsInput!) { updateTeamAwsSettings(input: $i) { awsSettings { region } } }', {
      i: { region: 'us-east-1', executionRoleArn: OTHER_ACCOUNT_ROLE, endpointUrl: otherAccount.endpoint, s3EndpointUrl: otherAccount.s3Endpoint },
    });
    await sdk.dqSchedule('own-shared');
    await server.advance(2_000);
    expect(verdict(await sdk.importFor(a, false), 'own-shared')).toBe('ADOPTED');
    // The same name in the other account.
    const client = new SageMakerClient({ region: 'us-east-1', endpoint: otherAccount.endpoint, credentials });
    await sdk.dqSchedule('own-shared', {}, 'cron(0 * ? * * *)', client, OTHER_ACCOUNT_ROLE);
    client.destroy();
  });
  afterAll(() => otherAccount.close());

  it("a schedule another team has in the same account and region is that team's; the same name in another account is not", async () => {
    expect(verdict(await sdk.importFor(a), 'own-shared')).toBe('ALREADY_ADOPTED');
    const forB = (await sdk.importFor(b)).skipped.find((s) => s.name === 'own-shared');
    expect(forB).toEqual({ name: 'own-shared', reason: 'MANAGED_BY_ANOTHER_TEAM', message: expect.stringContaining('account 123456789012') });
    expect(verdict(await sdk.importFor(elsewhere), 'own-shared')).toBe('ADOPTED');
  });

  it("a name under another team's prefix is that team's for every other team; its own team may adopt it", async () => {
    const name = `${teamTag(a.id)}-orphan`;
    await sdk.dqSchedule(name);
    expect(verdict(await sdk.importFor(a), name)).toBe('ADOPTED');
    const skipped = (await sdk.importFor(b)).skipped.find((s) => s.name === name);
    expect(skipped).toEqual({ name, reason: 'MANAGED_BY_ANOTHER_TEAM', message: expect.stringContaining(`prefix ${teamTag(a.id)}-`) });
  });

  it("a schedule the gateway made for a team is that team's, and ALREADY_ADOPTED for it", async () => {
    const monitor = await a.createMonitor('DATA_QUALITY', { outputS3Uri: 's3://reports/made' });
    await a.createSchedule(monitor.id, { kind: 'HOURLY' }, 'made-by-gateway');
    const name = `${teamTag(a.id)}-made-by-gateway`;
    expect(verdict(await sdk.importFor(a), name)).toBe('ALREADY_ADOPTED');
    expect(verdict(await sdk.importFor(b), name)).toBe('MANAGED_BY_ANOTHER_TEAM');
  });
});

describe('ownerOf (the rule alone)', () => {
  const arn = (account: string) => `arn:aws:sagemaker:us-east-1:${account}:monitoring-schedule/nightly`;
  const team = (id: string, assume: string | null, execution: string | null) => ({ id, awsAssumeRoleArn: assume, awsExecutionRoleArn: execution });
  const me = '00000000-0000-4000-8000-000000000001';
  const other = '00000000-0000-4000-8000-000000000002';

  it("takes the account from the assumed role first, then the execution role; a team that names neither is everyone's neighbour", () => {
    const found = { name: 'nightly', arn: arn('111111111111') };
    const holders = new Set([other]);
    expect(ownerOf(me, found, holders, [team(other, 'arn:aws:iam::111111111111:role/gw', 'arn:aws:iam::222222222222:role/jobs')])?.owner).toBe('OTHER');
    expect(ownerOf(me, found, holders, [team(other, 'arn:aws:iam::222222222222:role/gw', 'arn:aws:iam::111111111111:role/jobs')])).toBeNull();
    expect(ownerOf(me, found, holders, [team(other, null, 'arn:aws:iam::111111111111:role/jobs')])?.owner).toBe('OTHER');
    expect(ownerOf(me, found, holders, [team(other, null, null)])).toMatchObject({ owner: 'OTHER', message: expect.stringContaining('no role ARN') });
    expect(ownerOf(me, found, new Set([me, other]), [team(other, null, null)])).toEqual({ owner: 'SELF' });
  });

  it("a prefix is another team's only when it is the tag of a team of the region", () => {
    expect(ownerOf(me, { name: `${teamTag(other)}-x`, arn: arn('111111111111') }, new Set(), [team(other, null, null)])?.owner).toBe('OTHER');
    expect(ownerOf(me, { name: 'tdeadbeef-x', arn: arn('111111111111') }, new Set(), [team(other, null, null)])).toBeNull();
    expect(ownerOf(me, { name: `${teamTag(me)}-x`, arn: arn('111111111111') }, new Set(), [team(other, null, null)])).toBeNull();
  });
});
