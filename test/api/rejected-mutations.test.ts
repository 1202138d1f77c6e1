// Refused mutations change nothing: no row (audit included), no backend call, and the
// answer says what is wrong and where.
import { AppError, ErrorCode } from '../../src/shared/errors.js';
import { gql, refused, type TestGateway } from '../support/gateway.js';
import { NO_RATE_LIMIT, startGatewayWith } from '../hardening/gateway.js';
import { LOOPBACK_RECEIVERS } from '../webhooks/support.js';
import { teamRowCounts, testDb } from '../support/db.js';
import { monitorInput, seed, type TeamFixture } from '../support/seed.js';
import { ADMIN_TOKEN, fullTeam, hex, MUTATION_DOCS, randomUUID, rootOperations, TEAM_SNAPSHOT, trustedDocumentInput, type FullTeam } from './support-ops.js';
import { sha256Hex } from '../../src/trusted-documents/manifest.js';

let env: TestGateway;
const db = testDb();
beforeAll(async () => {
  env = await startGatewayWith({ ...NO_RATE_LIMIT, ...LOOPBACK_RECEIVERS }); // one team's key makes over a hundred calls in seconds
});
afterAll(async () => {
  await db.$disconnect();
  await env.stop();
});

interface Ctx {
  f: FullTeam;
  /** A MODEL_QUALITY monitor with maxRuntimeInSeconds 1801 and no schedule. */
  slowMq: { id: string; name: string };
  /** A MODEL_QUALITY monitor with an hourly schedule. */
  hourlyMq: { id: string; name: string };
}

interface Case {
  name: string;
  mutation: string;
  vars: (c: Ctx) => Record<string, unknown>;
  code: string;
  field?: string;
  message: RegExp;
  /** Call with the admin token instead of the team's ADMIN key. */
  adminToken?: boolean;
}

const DQ = (c: Ctx) => c.f.monitors.DATA_QUALITY.id;
const mon = (type: Parameters<typeof monitorInput>[0], overrides: Record<string, unknown> = {}) => ({ input: monitorInput(type, overrides) });
const sched = (c: Ctx, spec: Record<string, unknown>, monitorId = DQ(c), name = `s-${hex()}`) => ({ input: { monitorId, name, spec } });
const baselineReq = (monitorId: string, extra: Record<string, unknown> = {}) => ({ input: { monitorId, datasetUri: 's3://data/train.csv', datasetFormat: { csvHeader: false }, ...extra } });
const UNKNOWN = /was not found/;
const hook = (over: Record<string, unknown>) => ({ input: { name: `w-${hex()}`, url: 'https://hooks.example.com/x', eventTypes: ['VIOLATION_DETECTED'], ...over } });

const CASES: Case[] = [
  // ---- tenancy ----
  { name: 'issueBreakGlassKey: blank reason', mutation: 'issueBreakGlassKey', adminToken: true, vars: (c) => ({ teamId: c.f.team.id, reason: '  ' }), code: 'BAD_USER_INPUT', field: 'reason', message: /reason must be 1 to 500 characters/ },
  { name: 'issueBreakGlassKey: unknown team', mutation: 'issueBreakGlassKey', adminToken: true, vars: () => ({ teamId: randomUUID(), reason: 'locked out' }), code: 'NOT_FOUND', field: 'teamId', message: UNKNOWN },
  { name: 'createTeam: bad slug', mutation: 'createTeam', adminToken: true, vars: () => ({ input: { slug: 'Bad Slug!', displayName: 'X' } }), code: 'BAD_USER_INPUT', field: 'input.slug', message: /slug must be 3 to 40 lowercase/ },
  { name: 'createTeam: blank displayName', mutation: 'createTeam', adminToken: true, vars: () => ({ input: { slug: `ok-${hex()}`, displayName: '   ' } }), code: 'BAD_USER_INPUT', field: 'input.displayName', message: /displayName must be 1 to 100 characters/ },
  { name: 'createTeam: duplicate slug', mutation: 'createTeam', adminToken: true, vars: (c) => ({ input: { slug: c.f.team.slug, displayName: 'Again' } }), code: 'CONFLICT', field: 'input.slug', message: /already exists/ },
  { name: 'updateTeam: blank displayName', mutation: 'updateTeam', vars: () => ({ input: { displayName: ' ' } }), code: 'BAD_USER_INPUT', field: 'input.displayName', message: /displayName must be 1 to 100/ },
  { name: 'updateTeam: too long displayName', mutation: 'updateTeam', vars: () => ({ input: { displayName: 'x'.repeat(101) } }), code: 'BAD_USER_INPUT', field: 'input.displayName', message: /1 to 100/ },
  { name: 'updateTeamAwsSettings: bad region', mutation: 'updateTeamAwsSettings', vars: () => ({ input: { region: 'mars-1' } }), code: 'BAD_USER_INPUT', field: 'input.region', message: /not an AWS region/ },
  { name: 'updateTeamAwsSettings: bad role ARN', mutation: 'updateTeamAwsSettings', vars: () => ({ input: { executionRoleArn: 'arn:aws:iam::1:role/x' } }), code: 'BAD_USER_INPUT', field: 'input.executionRoleArn', message: /IAM role ARN/ },
  { name: 'updateTeamRetention: out of range', mutation: 'updateTeamRetention', vars: () => ({ input: { outboxDays: 0 } }), code: 'BAD_USER_INPUT', field: 'input.outboxDays', message: /1 to 3650 days/ },
  { name: 'updateTeamRetention: points kept longer than their executions', mutation: 'updateTeamRetention', vars: () => ({ input: { executionsDays: 90, violationsDays: 90, metricPointsDays: 100 } }), code: 'BAD_USER_INPUT', field: 'input.metricPointsDays', message: /at most executionsDays \(90\)/ },
  { name: 'updateTeamAwsSettings: bad endpoint', mutation: 'updateTeamAwsSettings', vars: () => ({ input: { endpointUrl: 'ftp://x' } }), code: 'BAD_USER_INPUT', field: 'input.endpointUrl', message: /http\(s\) URL/ },
  { name: 'createApiKey: blank name', mutation: 'createApiKey', vars: () => ({ input: { name: '', role: 'VIEWER' } }), code: 'BAD_USER_INPUT', field: 'input.name', message: /name must be 1 to 100/ },
  { name: 'createApiKey: unknown member', mutation: 'createApiKey', vars: () => ({ input: { name: 'k', role: 'VIEWER', memberId: randomUUID() } }), code: 'NOT_FOUND', message: /Member .* was not found/ },
  { name: 'createApiKey: role above the member', mutation: 'createApiKey', vars: (c) => ({ input: { name: 'k', role: 'ADMIN', memberId: c.f.member.id } }), code: 'BAD_USER_INPUT', field: 'input.role', message: /above the member's role EDITOR/ },
  { name: 'revokeApiKey: unknown id', mutation: 'revokeApiKey', vars: () => ({ id: randomUUID() }), code: 'NOT_FOUND', message: /ApiKey .* was not found/ },
  { name: 'revokeApiKey: garbage id', mutation: 'revokeApiKey', vars: () => ({ id: 'key-1' }), code: 'NOT_FOUND', message: UNKNOWN },
  { name: 'addMember: bad email', mutation: 'addMember', vars: () => ({ input: { email: 'not an email', displayName: 'X', role: 'VIEWER' } }), code: 'BAD_USER_INPUT', field: 'input.email', message: /is not an email address/ },
  { name: 'addMember: blank displayName', mutation: 'addMember', vars: () => ({ input: { email: `x-${hex()}@example.com`, displayName: '', role: 'VIEWER' } }), code: 'BAD_USER_INPUT', field: 'input.displayName', message: /1 to 100/ },
  { name: 'addMember: duplicate email (other case)', mutation: 'addMember', vars: (c) => ({ input: { email: c.f.member.email.toUpperCase(), displayName: 'Dup', role: 'VIEWER' } }), code: 'CONFLICT', field: 'input.email', message: /already a member/ },
  { name: 'updateMember: unknown id', mutation: 'updateMember', vars: () => ({ id: randomUUID(), input: { role: 'VIEWER' } }), code: 'NOT_FOUND', message: /Member .* was not found/ },
  { name: 'updateMember: blank displayName', mutation: 'updateMember', vars: (c) => ({ id: c.f.member.id, input: { displayName: '  ' } }), code: 'BAD_USER_INPUT', field: 'input.displayName', message: /1 to 100/ },
  { name: 'removeMember: unknown id', mutation: 'removeMember', vars: () => ({ id: randomUUID() }), code: 'NOT_FOUND', message: /Member .* was not found/ },
  // ---- monitors ----
  { name: 'createMonitor: name with spaces', mutation: 'createMonitor', vars: () => mon('DATA_QUALITY', { name: 'bad name' }), code: 'BAD_USER_INPUT', field: 'input.name', message: /may contain only letters, digits and hyphens/ },
  { name: 'createMonitor: name starting with a hyphen', mutation: 'createMonitor', vars: () => mon('DATA_QUALITY', { name: '-lead' }), code: 'BAD_USER_INPUT', field: 'input.name', message: /must start and end with a letter or digit/ },
  { name: 'createMonitor: 64-character name', mutation: 'createMonitor', vars: () => mon('DATA_QUALITY', { name: 'a'.repeat(64) }), code: 'BAD_USER_INPUT', field: 'input.name', message: /1 to 63 characters long \(got 64\)/ },
  { name: 'createMonitor: empty name', mutation: 'createMonitor', vars: () => mon('DATA_QUALITY', { name: '' }), code: 'BAD_USER_INPUT', field: 'input.name', message: /1 to 63 characters/ },
  { name: 'createMonitor: duplicate name', mutation: 'createMonitor', vars: (c) => mon('DATA_QUALITY', { name: c.f.monitors.DATA_QUALITY.name }), code: 'CONFLICT', field: 'input.name', message: /already exists/ },
  { name: 'createMonitor: both inputs', mutation: 'createMonitor', vars: () => mon('DATA_QUALITY', { batchTransformInput: { dataCapturedDestinationS3Uri: 's3://cap/x', datasetFormat: { csvHeader: true } } }), code: 'BAD_USER_INPUT', field: 'input.batchTransformInput', message: /either endpointInput or batchTransformInput, not both/ },
  { name: 'createMonitor: no input', mutation: 'createMonitor', vars: () => mon('DATA_QUALITY', { endpointInput: null }), code: 'BAD_USER_INPUT', field: 'input.endpointInput', message: /One of endpointInput or batchTransformInput is required/ },
  { name: 'createMonitor: offsets reversed', mutation: 'createMonitor', vars: () => mon('MODEL_QUALITY', { endpointInput: { endpointName: 'churn-ep', startTimeOffset: '-PT1H', endTimeOffset: '-PT2H' } }), code: 'BAD_USER_INPUT', field: 'input.endpointInput.startTimeOffset', message: /must be earlier than endTimeOffset/ },
  { name: 'createMonitor: positive offset', mutation: 'createMonitor', vars: () => mon('MODEL_QUALITY', { endpointInput: { endpointName: 'churn-ep', startTimeOffset: 'PT1H', endTimeOffset: '-PT1H' } }), code: 'BAD_USER_INPUT', field: 'input.endpointInput.startTimeOffset', message: /not a negative ISO-8601 duration/ },
  { name: 'createMonitor: bad endpoint name', mutation: 'createMonitor', vars: () => mon('DATA_QUALITY', { endpointInput: { endpointName: 'churn_ep!' } }), code: 'BAD_USER_INPUT', field: 'input.endpointInput.endpointName', message: /endpoint name/ },
  { name: 'createMonitor: processor script on MODEL_BIAS', mutation: 'createMonitor', vars: () => mon('MODEL_BIAS', { recordPreprocessorSourceUri: 's3://code/pre.py' }), code: 'BAD_USER_INPUT', field: 'input.recordPreprocessorSourceUri', message: /only for DATA_QUALITY and MODEL_QUALITY/ },
  { name: 'createMonitor: post-analytics script on MODEL_EXPLAINABILITY', mutation: 'createMonitor', vars: () => mon('MODEL_EXPLAINABILITY', { postAnalyticsProcessorSourceUri: 's3://code/post.py' }), code: 'BAD_USER_INPUT', field: 'input.postAnalyticsProcessorSourceUri', message: /take no pre\/post-processor scripts/ },
  { name: 'createMonitor: MODEL_QUALITY without ground truth', mutation: 'createMonitor', vars: () => mon('MODEL_QUALITY', { groundTruthS3Uri: null }), code: 'BAD_USER_INPUT', field: 'input.groundTruthS3Uri', message: /groundTruthS3Uri is required for MODEL_QUALITY/ },
  { name: 'createMonitor: MODEL_BIAS without ground truth', mutation: 'createMonitor', vars: () => mon('MODEL_BIAS', { groundTruthS3Uri: null }), code: 'BAD_USER_INPUT', field: 'input.groundTruthS3Uri', message: /groundTruthS3Uri is required for MODEL_BIAS/ },
  { name: 'createMonitor: MODEL_QUALITY without problemType', mutation: 'createMonitor', vars: () => mon('MODEL_QUALITY', { problemType: null }), code: 'BAD_USER_INPUT', field: 'input.problemType', message: /problemType is required/ },
  { name: 'createMonitor: MODEL_BIAS without bias', mutation: 'createMonitor', vars: () => mon('MODEL_BIAS', { bias: null }), code: 'BAD_USER_INPUT', field: 'input.bias', message: /bias .* is required for MODEL_BIAS/ },
  { name: 'createMonitor: bad output URI', mutation: 'createMonitor', vars: () => mon('DATA_QUALITY', { outputS3Uri: 'ftp://x/y' }), code: 'BAD_USER_INPUT', field: 'input.outputS3Uri', message: /is not a valid URI/ },
  { name: 'createMonitor: SAGEMAKER without roleArn', mutation: 'createMonitor', vars: () => mon('DATA_QUALITY', { backend: 'SAGEMAKER', roleArn: null }), code: 'BAD_USER_INPUT', field: 'input.roleArn', message: /roleArn is required for SAGEMAKER/ },
  { name: 'updateMonitor: unknown id', mutation: 'updateMonitor', vars: () => ({ id: randomUUID(), input: { outputS3Uri: 's3://x/y' } }), code: 'NOT_FOUND', message: /Monitor .* was not found/ },
  { name: 'updateMonitor: maxRuntime 1801 with an hourly MODEL_QUALITY schedule', mutation: 'updateMonitor', vars: (c) => ({ id: c.hourlyMq.id, input: { maxRuntimeInSeconds: 1801 } }), code: 'BAD_USER_INPUT', field: 'input.maxRuntimeInSeconds', message: /maxRuntimeInSeconds 1801 is too long for cron\(0 \* \? \* \* \*\).*1800 seconds/ },
  { name: 'updateMonitor: processor script on MODEL_BIAS', mutation: 'updateMonitor', vars: (c) => ({ id: c.f.monitors.MODEL_BIAS.id, input: { recordPreprocessorSourceUri: 's3://code/pre.py' } }), code: 'BAD_USER_INPUT', field: 'input.recordPreprocessorSourceUri', message: /only for DATA_QUALITY and MODEL_QUALITY/ },
  { name: 'updateMonitor: offsets reversed', mutation: 'updateMonitor', vars: (c) => ({ id: DQ(c), input: { endpointInput: { endpointName: 'churn-ep', startTimeOffset: '-PT1H', endTimeOffset: '-PT2H' } } }), code: 'BAD_USER_INPUT', field: 'input.endpointInput.startTimeOffset', message: /must be earlier than endTimeOffset/ },
  { name: 'updateMonitor: clearing ground truth of MODEL_QUALITY', mutation: 'updateMonitor', vars: (c) => ({ id: c.f.monitors.MODEL_QUALITY.id, input: { groundTruthS3Uri: null } }), code: 'BAD_USER_INPUT', field: 'input.groundTruthS3Uri', message: /required for MODEL_QUALITY/ },
  { name: 'moveMonitor: to the backend it is on', mutation: 'moveMonitor', vars: (c) => ({ id: DQ(c), backend: 'BUILTIN' }), code: 'BAD_USER_INPUT', field: 'backend', message: /already on the BUILTIN backend/ },
  { name: 'moveMonitor: team without an AWS region', mutation: 'moveMonitor', vars: (c) => ({ id: c.slowMq.id, backend: 'SAGEMAKER' }), code: 'BAD_USER_INPUT', field: 'awsSettings.region', message: /no AWS region/ },
  { name: 'moveMonitor: a baseline still running', mutation: 'moveMonitor', vars: (c) => ({ id: DQ(c), backend: 'SAGEMAKER' }), code: 'CONFLICT', field: 'id', message: /Baseline version 2 .* is IN_PROGRESS/ },
  { name: 'moveMonitor: unknown id', mutation: 'moveMonitor', vars: () => ({ id: randomUUID(), backend: 'SAGEMAKER' }), code: 'NOT_FOUND', message: /Monitor .* was not found/ },
  { name: 'deleteMonitor: unknown id', mutation: 'deleteMonitor', vars: () => ({ id: randomUUID() }), code: 'NOT_FOUND', message: /Monitor .* was not found/ },
  { name: 'deleteMonitor: garbage id', mutation: 'deleteMonitor', vars: () => ({ id: '42' }), code: 'NOT_FOUND', message: UNKNOWN },
  // ---- baselines ----
  { name: 'requestBaseline: uppercase column name', mutation: 'requestBaseline', vars: (c) => baselineReq(DQ(c), { columnNames: ['Age'] }), code: 'BAD_USER_INPUT', field: 'input.columnNames.0', message: /column name "Age" must be lowercase/ },
  { name: 'requestBaseline: column name starting with a digit', mutation: 'requestBaseline', vars: (c) => baselineReq(DQ(c), { columnNames: ['age', '1tenure'] }), code: 'BAD_USER_INPUT', field: 'input.columnNames.1', message: /column name "1tenure"/ },
  { name: 'requestBaseline: column name with a space', mutation: 'requestBaseline', vars: (c) => baselineReq(DQ(c), { columnNames: ['plan type'] }), code: 'BAD_USER_INPUT', field: 'input.columnNames.0', message: /lowercase letters, digits and _/ },
  { name: 'requestBaseline: two dataset formats', mutation: 'requestBaseline', vars: (c) => baselineReq(DQ(c), { datasetFormat: { csvHeader: true, jsonLines: true } }), code: 'BAD_USER_INPUT', field: 'input.datasetFormat', message: /exactly one of csvHeader, jsonLines or parquet/ },
  { name: 'requestBaseline: bad dataset URI', mutation: 'requestBaseline', vars: (c) => baselineReq(DQ(c), { datasetUri: 'data/train.csv' }), code: 'BAD_USER_INPUT', field: 'input.datasetUri', message: /is not a valid URI/ },
  { name: 'requestBaseline: unknown monitor', mutation: 'requestBaseline', vars: () => baselineReq(randomUUID()), code: 'NOT_FOUND', message: /Monitor .* was not found/ },
  { name: 'editBaselineConstraints: baseline not COMPLETED', mutation: 'editBaselineConstraints', vars: (c) => ({ input: { baselineId: c.f.pendingBaseline.id, constraints: { features: [] } } }), code: 'CONFLICT', field: 'input.baselineId', message: /is IN_PROGRESS; only a COMPLETED baseline's constraints can be edited/ },
  { name: 'editBaselineConstraints: feature name with a control character', mutation: 'editBaselineConstraints', vars: (c) => ({ input: { baselineId: c.f.baseline.id, constraints: { features: [{ name: 'Account Length' }, { name: 'bad\tname' }] } } }), code: 'BAD_USER_INPUT', field: 'input.constraints.features.1.name', message: /feature name "bad\\tname" must be non-empty, without control characters/ },
  { name: 'editBaselineConstraints: feature without name', mutation: 'editBaselineConstraints', vars: (c) => ({ input: { baselineId: c.f.baseline.id, constraints: { features: [{ inferred_type: 'String' }] } } }), code: 'BAD_USER_INPUT', field: 'input.constraints.features.0.name', message: /every feature needs a name/ },
  { name: 'editBaselineConstraints: not an object', mutation: 'editBaselineConstraints', vars: (c) => ({ input: { baselineId: c.f.baseline.id, constraints: [1, 2] } }), code: 'BAD_USER_INPUT', field: 'input.constraints', message: /must be a JSON object/ },
  { name: 'editBaselineConstraints: unknown baseline', mutation: 'editBaselineConstraints', vars: () => ({ input: { baselineId: randomUUID(), constraints: {} } }), code: 'NOT_FOUND', message: /Baseline .* was not found/ },
  // ---- schedules ----
  { name: 'createSchedule: bad name', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'HOURLY' }, DQ(c), 'nightly run'), code: 'BAD_USER_INPUT', field: 'input.name', message: /schedule name "nightly run" may contain only/ },
  { name: 'createSchedule: duplicate name', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'HOURLY' }, DQ(c), c.f.schedule.name), code: 'CONFLICT', field: 'input.name', message: /already exists/ },
  { name: 'createSchedule: invalid cron', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'EXPRESSION', expression: 'cron(61 * * *)' }), code: 'BAD_USER_INPUT', field: 'input.spec.expression', message: /is not a supported schedule expression/ },
  { name: 'createSchedule: every minute', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'EXPRESSION', expression: 'cron(* * ? * * *)' }), code: 'BAD_USER_INPUT', field: 'input.spec.expression', message: /minimum interval is one hour/ },
  { name: 'createSchedule: EXPRESSION without expression', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'EXPRESSION' }), code: 'BAD_USER_INPUT', field: 'input.spec.expression', message: /EXPRESSION schedules need expression/ },
  { name: 'createSchedule: DAILY without hour', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'DAILY' }), code: 'BAD_USER_INPUT', field: 'input.spec.hour', message: /DAILY schedules need hour/ },
  { name: 'createSchedule: EVERY_N_HOURS 0', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'EVERY_N_HOURS', intervalHours: 0 }), code: 'BAD_USER_INPUT', field: 'input.spec.intervalHours', message: /intervalHours, an integer from 1 to 24/ },
  { name: 'createSchedule: ONE_TIME without window', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'ONE_TIME' }), code: 'BAD_USER_INPUT', field: 'input.spec.dataAnalysisStartTime', message: /Both dataAnalysisStartTime and dataAnalysisEndTime are required/ },
  { name: 'createSchedule: ONE_TIME with only an end', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'ONE_TIME', dataAnalysisEndTime: '-PT1H' }), code: 'BAD_USER_INPUT', field: 'input.spec.dataAnalysisStartTime', message: /Both dataAnalysisStartTime and dataAnalysisEndTime are required/ },
  { name: 'createSchedule: ONE_TIME window reversed', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT1H', dataAnalysisEndTime: '-PT2H' }), code: 'BAD_USER_INPUT', field: 'input.spec.dataAnalysisStartTime', message: /must be before dataAnalysisEndTime/ },
  { name: 'createSchedule: ONE_TIME window over 24 hours', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT26H', dataAnalysisEndTime: '-PT1H' }), code: 'BAD_USER_INPUT', field: 'input.spec.dataAnalysisStartTime', message: /longer than the 24 hours allowed/ },
  { name: 'createSchedule: window on an HOURLY schedule', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'HOURLY', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }), code: 'BAD_USER_INPUT', field: 'input.spec.dataAnalysisStartTime', message: /belong only to one-time/ },
  { name: 'createSchedule: hourly MODEL_QUALITY with maxRuntime 1801', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'HOURLY' }, c.slowMq.id), code: 'BAD_USER_INPUT', field: 'input.spec.kind', message: /maxRuntimeInSeconds 1801 is too long .*1800 seconds/ },
  { name: 'runMonitorNow: window reversed', mutation: 'runMonitorNow', vars: (c) => ({ monitorId: DQ(c), window: { dataAnalysisStartTime: '-PT1H', dataAnalysisEndTime: '-PT2H' } }), code: 'BAD_USER_INPUT', field: 'window.dataAnalysisStartTime', message: /must be before dataAnalysisEndTime/ },
  { name: 'runMonitorNow: unknown monitor', mutation: 'runMonitorNow', vars: () => ({ monitorId: randomUUID(), window: { dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' } }), code: 'NOT_FOUND', message: /Monitor .* was not found/ },
  { name: 'createSchedule: unknown monitor', mutation: 'createSchedule', vars: (c) => sched(c, { kind: 'HOURLY' }, randomUUID()), code: 'NOT_FOUND', message: /Monitor .* was not found/ },
  { name: 'updateSchedule: invalid cron', mutation: 'updateSchedule', vars: (c) => ({ id: c.f.schedule.id, spec: { kind: 'EXPRESSION', expression: 'rate(5 minutes)' } }), code: 'BAD_USER_INPUT', field: 'spec.expression', message: /is not a supported schedule expression/ },
  { name: 'updateSchedule: ONE_TIME without window', mutation: 'updateSchedule', vars: (c) => ({ id: c.f.schedule.id, spec: { kind: 'ONE_TIME' } }), code: 'BAD_USER_INPUT', field: 'spec.dataAnalysisStartTime', message: /Both dataAnalysisStartTime and dataAnalysisEndTime are required/ },
  { name: 'updateSchedule: unknown id', mutation: 'updateSchedule', vars: () => ({ id: randomUUID(), spec: { kind: 'HOURLY' } }), code: 'NOT_FOUND', message: /Schedule .* was not found/ },
  { name: 'startSchedule: unknown id', mutation: 'startSchedule', vars: () => ({ id: randomUUID() }), code: 'NOT_FOUND', message: /Schedule .* was not found/ },
  { name: 'stopSchedule: garbage id', mutation: 'stopSchedule', vars: () => ({ id: 'sched-1' }), code: 'NOT_FOUND', message: UNKNOWN },
  { name: 'reconcileSchedules: the admin token acts on no team', mutation: 'reconcileSchedules', adminToken: true, vars: () => ({ repair: true }), code: 'UNAUTHENTICATED', message: /admin token can only create teams/ },
  { name: "importSageMakerSchedules: another team's id", mutation: 'importSageMakerSchedules', vars: () => ({ teamId: randomUUID(), dryRun: false }), code: 'NOT_FOUND', field: 'teamId', message: /Team .* was not found/ },
  { name: 'importSageMakerSchedules: a BUILTIN team without AWS settings', mutation: 'importSageMakerSchedules', vars: (c) => ({ teamId: c.f.team.id, dryRun: false }), code: 'BACKEND_NOT_CONFIGURED', message: /cannot list schedules/ },
  { name: 'deleteSchedule: unknown id', mutation: 'deleteSchedule', vars: () => ({ id: randomUUID() }), code: 'NOT_FOUND', message: /Schedule .* was not found/ },
  // ---- webhooks ----
  { name: 'createWebhook: ftp URL', mutation: 'createWebhook', vars: () => hook({ url: 'ftp://hooks.example.com/x' }), code: 'BAD_USER_INPUT', field: 'input.url', message: /url must be an http\(s\) URL/ },
  { name: 'createWebhook: not a URL', mutation: 'createWebhook', vars: () => hook({ url: 'hooks.example.com' }), code: 'BAD_USER_INPUT', field: 'input.url', message: /url must be an http\(s\) URL/ },
  { name: 'createWebhook: URL with credentials', mutation: 'createWebhook', vars: () => hook({ url: 'https://u:p@hooks.example.com/x' }), code: 'BAD_USER_INPUT', field: 'input.url', message: /must not contain credentials/ },
  { name: 'createWebhook: no event types', mutation: 'createWebhook', vars: () => hook({ eventTypes: [] }), code: 'BAD_USER_INPUT', field: 'input.eventTypes', message: /at least one event type/ },
  { name: 'createWebhook: blank name', mutation: 'createWebhook', vars: () => hook({ name: '  ' }), code: 'BAD_USER_INPUT', field: 'input.name', message: /1 to 100 characters/ },
  { name: 'createWebhook: short secret', mutation: 'createWebhook', vars: () => hook({ secret: 'short' }), code: 'BAD_USER_INPUT', field: 'input.secret', message: /16 to 200 characters/ },
  { name: 'createWebhook: checkType without violations', mutation: 'createWebhook', vars: () => hook({ eventTypes: ['EXECUTION_STATUS_CHANGED'], filter: { checkType: 'baseline_drift_check' } }), code: 'BAD_USER_INPUT', field: 'input.filter.checkType', message: /applies to VIOLATION_DETECTED only/ },
  { name: 'createWebhook: duplicate name', mutation: 'createWebhook', vars: (c) => hook({ name: c.f.webhooks.webhook.name }), code: 'CONFLICT', field: 'input.name', message: /already exists/ },
  { name: 'createWebhook: unknown monitor in filter', mutation: 'createWebhook', vars: () => hook({ filter: { monitorId: randomUUID() } }), code: 'NOT_FOUND', message: /Monitor .* was not found/ },
  { name: 'updateWebhook: bad URL', mutation: 'updateWebhook', vars: (c) => ({ id: c.f.webhooks.webhook.id, input: { url: 'javascript:alert(1)' } }), code: 'BAD_USER_INPUT', field: 'input.url', message: /http\(s\) URL/ },
  { name: 'updateWebhook: name of another webhook', mutation: 'updateWebhook', vars: (c) => ({ id: c.f.webhooks.webhook.id, input: { name: c.f.webhooks.pausedWebhook.name } }), code: 'CONFLICT', field: 'input.name', message: /already exists/ },
  { name: 'updateWebhook: unknown id', mutation: 'updateWebhook', vars: () => ({ id: randomUUID(), input: { active: false } }), code: 'NOT_FOUND', message: /Webhook .* was not found/ },
  { name: 'deleteWebhook: unknown id', mutation: 'deleteWebhook', vars: () => ({ id: randomUUID() }), code: 'NOT_FOUND', message: /Webhook .* was not found/ },
  { name: 'redeliverWebhookDelivery: PENDING delivery', mutation: 'redeliverWebhookDelivery', vars: (c) => ({ id: c.f.webhooks.pendingDelivery.id }), code: 'CONFLICT', field: 'id', message: /is PENDING: it is already queued/ },
  { name: 'muteAlerts: until in the past', mutation: 'muteAlerts', vars: (c) => ({ input: { monitorId: DQ(c), until: '2020-01-01T00:00:00Z' } }), code: 'BAD_USER_INPUT', field: 'input.until', message: /until must be in the future/ },
  { name: 'muteAlerts: unknown monitor', mutation: 'muteAlerts', vars: () => ({ input: { monitorId: randomUUID(), until: new Date(Date.now() + 60_000).toISOString() } }), code: 'NOT_FOUND', field: 'input.monitorId', message: /Monitor .* was not found/ },
  { name: 'unmuteAlerts: unknown id', mutation: 'unmuteAlerts', vars: () => ({ id: randomUUID() }), code: 'NOT_FOUND', message: /AlertMute .* was not found/ },
  { name: 'redeliverWebhookDelivery: garbage id', mutation: 'redeliverWebhookDelivery', vars: () => ({ id: 'delivery-1' }), code: 'NOT_FOUND', message: UNKNOWN },
  { name: 'redeliverWebhookDeliveries: DELIVERED status', mutation: 'redeliverWebhookDeliveries', vars: () => ({ filter: { status: 'DELIVERED' } }), code: 'BAD_USER_INPUT', field: 'filter.status', message: /must be DEAD or FAILED/ },
  { name: 'redeliverWebhookDeliveries: from after to', mutation: 'redeliverWebhookDeliveries', vars: () => ({ filter: { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' } }), code: 'BAD_USER_INPUT', field: 'filter.to', message: /must not be before/ },
  { name: 'redeliverWebhookDeliveries: paused webhook', mutation: 'redeliverWebhookDeliveries', vars: (c) => ({ filter: { webhookId: c.f.webhooks.pausedWebhook.id } }), code: 'CONFLICT', field: 'filter.webhookId', message: /is paused/ },
  { name: 'redeliverWebhookDeliveries: unknown webhook', mutation: 'redeliverWebhookDeliveries', vars: () => ({ filter: { webhookId: randomUUID() } }), code: 'NOT_FOUND', field: 'filter.webhookId', message: /Webhook .* was not found/ },
  { name: 'testWebhook: unknown id', mutation: 'testWebhook', vars: () => ({ id: randomUUID() }), code: 'NOT_FOUND', message: /Webhook .* was not found/ },
  { name: 'registerTrustedDocuments: hash of another body', mutation: 'registerTrustedDocuments', vars: () => ({ documents: [trustedDocumentInput(), { hash: trustedDocumentInput().hash, body: '{ viewer { role } }' }] }), code: 'BAD_USER_INPUT', field: 'documents[1].hash', message: /is not the sha256 of the body/ },
  { name: 'registerTrustedDocuments: invalid document', mutation: 'registerTrustedDocuments', vars: () => ({ documents: [{ hash: sha256Hex('{ nope }'), body: '{ nope }' }] }), code: 'BAD_USER_INPUT', field: 'documents[0].body', message: /Cannot query field "nope"/ },
  { name: 'registerTrustedDocuments: none', mutation: 'registerTrustedDocuments', vars: () => ({ documents: [] }), code: 'BAD_USER_INPUT', field: 'documents', message: /1 to 1000 documents/ },
  { name: 'removeTrustedDocuments: not a sha256', mutation: 'removeTrustedDocuments', vars: () => ({ hashes: [trustedDocumentInput().hash, 'f'.repeat(2001)] }), code: 'BAD_USER_INPUT', field: 'hashes[1]', message: /must be a sha256, 64 hex digits/ },
  { name: 'removeTrustedDocuments: too many', mutation: 'removeTrustedDocuments', vars: () => ({ hashes: Array.from({ length: 1001 }, (_v, i) => sha256Hex(String(i))) }), code: 'BAD_USER_INPUT', field: 'hashes', message: /at most 1000/ },
];

const backendCalls = () => env.backends.BUILTIN.calls.length + env.backends.SAGEMAKER.calls.length;

describe('refused mutations change nothing', () => {
  let c: Ctx;
  beforeAll(async () => {
    const f = await fullTeam(env);
    const slowMq = await f.team.createMonitor('MODEL_QUALITY', { maxRuntimeInSeconds: 1801 });
    const hourlyMq = f.monitors.MODEL_QUALITY;
    await f.team.createSchedule(hourlyMq.id, { kind: 'HOURLY' });
    c = { f, slowMq, hourlyMq };
  });

  it('has a refusal case for every mutation of the schema', async () => {
    const { mutations } = await rootOperations(env, c.f.team.adminKey);
    const covered = new Set(CASES.map((x) => x.mutation));
    expect(mutations.filter((m) => !covered.has(m))).toEqual([]);
  });

  let snapshot: unknown;
  it('reads the team before the refusals', async () => {
    snapshot = await c.f.team.call(TEAM_SNAPSHOT);
  });

  it.each(CASES.map((x) => [x.name, x] as const))('%s', async (_name, x) => {
    const [before, teamsBefore] = await Promise.all([teamRowCounts(db, c.f.team.id), db.team.count()]);
    const calls = backendCalls();
    const r = await refused(env.url, x.adminToken ? ADMIN_TOKEN() : c.f.team.adminKey, MUTATION_DOCS[x.mutation] as string, x.vars(c));
    expect({ code: r.code, field: r.field }).toEqual({ code: x.code, field: x.field });
    expect(r.message).toMatch(x.message);
    expect(r.message).not.toMatch(/Internal server error/);
    const [after, teamsAfter] = await Promise.all([teamRowCounts(db, c.f.team.id), db.team.count()]);
    expect(after).toEqual(before);
    expect(teamsAfter).toBe(teamsBefore);
    expect(backendCalls()).toBe(calls);
  });

  it('leaves every object of the team as it was (re-read after all refusals)', async () => {
    expect(await c.f.team.call(TEAM_SNAPSHOT)).toEqual(snapshot);
  });
});

describe('refused list arguments', () => {
  let c: TeamFixture;
  beforeAll(async () => {
    c = await seed(env).createTeam();
    await c.createMonitor('DATA_QUALITY');
  });

  const LISTS: Record<string, (args: string) => string> = {
    monitors: (a) => `{ monitors(${a}) { edges { node { id } } } }`,
    schedules: (a) => `{ schedules(${a}) { edges { node { id } } } }`,
    executions: (a) => `{ executions(${a}) { edges { node { id } } } }`,
    violations: (a) => `{ violations(${a}) { edges { node { id } } } }`,
    auditEvents: (a) => `{ auditEvents(${a}) { edges { node { id } } } }`,
    'Team.members': (a) => `{ viewer { team { members(${a}) { edges { node { id } } } } } }`,
    'Team.apiKeys': (a) => `{ viewer { team { apiKeys(${a}) { edges { node { id } } } } } }`,
    'Monitor.baselines': (a) => `{ monitors { edges { node { baselines(${a}) { edges { node { id } } } } } } }`,
    'Monitor.executions': (a) => `{ monitors { edges { node { executions(${a}) { edges { node { id } } } } } } }`,
    webhooks: (a) => `{ webhooks(${a}) { edges { node { id } } } }`,
  };
  const wellFormedGarbageCursor = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'not-an-id'])).toString('base64url');
  const ARGS: Array<[string, string, string, RegExp]> = [
    ['first: 0', 'first: 0', 'first', /first must be an integer from 1 to 100 \(got 0\)/],
    ['first: 101', 'first: 101', 'first', /first must be an integer from 1 to 100 \(got 101\)/],
    ['first: -1', 'first: -1', 'first', /from 1 to 100/],
    ['after: not base64 JSON', 'after: "%%%"', 'after', /after is not a cursor/],
    ['after: JSON of the wrong shape', `after: "${Buffer.from('{"a":1}').toString('base64url')}"`, 'after', /after is not a cursor/],
    ['after: well-formed cursor with a bad id', `after: "${wellFormedGarbageCursor}"`, 'after', /after is not a cursor/],
  ];
  const table = Object.keys(LISTS).flatMap((list) => ARGS.map(([label, args, field, message]) => [list, label, args, field, message] as const));

  it.each(table)('%s(%s) is BAD_USER_INPUT', async (list, _label, args, field, message) => {
    const r = await gql(env.url, c.adminKey, (LISTS[list] as (a: string) => string)(args));
    const e = r.errors?.[0];
    expect({ code: e?.extensions?.code, field: e?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(e?.message).toMatch(message);
  });
});

describe('backend failures leave no trace', () => {
  it('createSchedule: the backend refuses → UNAVAILABLE, no Schedule row, no audit row', async () => {
    const f = await fullTeam(env);
    const before = await teamRowCounts(db, f.team.id);
    env.backends.BUILTIN.failNext('createSchedule', new AppError(ErrorCode.UNAVAILABLE, 'backend down'));
    const name = `s-${hex()}`;
    const r = await refused(env.url, f.team.adminKey, MUTATION_DOCS['createSchedule'] as string, { input: { monitorId: f.monitors.DATA_QUALITY.id, name, spec: { kind: 'HOURLY' } } });
    expect(r).toMatchObject({ code: 'UNAVAILABLE', message: 'backend down' });
    expect(await teamRowCounts(db, f.team.id)).toEqual(before);
    expect(await db.schedule.count({ where: { name } })).toBe(0);
    expect(env.backends.BUILTIN.scheduleNamed(name)).toBeUndefined();
    // The name is free again: a retry succeeds.
    await f.team.createSchedule(f.monitors.DATA_QUALITY.id, { kind: 'HOURLY' }, name);
  });

  it('updateSchedule: the backend refuses → the schedule row, backend state and audit are unchanged', async () => {
    const f = await fullTeam(env);
    const before = await teamRowCounts(db, f.team.id);
    const row = await db.schedule.findUniqueOrThrow({ where: { id: f.schedule.id } });
    env.backends.BUILTIN.failNext('updateSchedule', new AppError(ErrorCode.UNAVAILABLE, 'backend down'));
    const r = await refused(env.url, f.team.adminKey, MUTATION_DOCS['updateSchedule'] as string, { id: f.schedule.id, spec: { kind: 'DAILY', hour: 4 } });
    expect(r).toMatchObject({ code: 'UNAVAILABLE', message: 'backend down' });
    expect(await db.schedule.findUniqueOrThrow({ where: { id: f.schedule.id } })).toEqual(row);
    expect(env.backends.BUILTIN.scheduleNamed(f.schedule.name)?.schedule.scheduleConfig).toBeDefined();
    expect(env.backends.BUILTIN.scheduleNamed(f.schedule.name)?.schedule.spec.expression).toBe('cron(0 * ? * * *)');
    expect(await teamRowCounts(db, f.team.id)).toEqual(before);
  });

  it('stopSchedule / deleteSchedule / requestBaseline / updateMonitor: a backend failure changes nothing', async () => {
    const f = await fullTeam(env);
    const snapshot = await f.team.call(TEAM_SNAPSHOT);
    const before = await teamRowCounts(db, f.team.id);
    const attempts: Array<[Parameters<typeof env.backends.BUILTIN.failNext>[0], string, Record<string, unknown>]> = [
      ['stopSchedule', 'stopSchedule', { id: f.schedule.id }],
      ['startSchedule', 'startSchedule', { id: f.stoppedSchedule.id }],
      ['deleteSchedule', 'deleteSchedule', { id: f.schedule.id }],
      ['suggestBaseline', 'requestBaseline', { input: { monitorId: f.monitors.DATA_QUALITY.id, datasetUri: 's3://d/x.csv', datasetFormat: { csvHeader: true } } }],
      ['updateDefinition', 'updateMonitor', { id: f.monitors.DATA_QUALITY.id, input: { outputS3Uri: 's3://reports/other' } }],
      ['deleteSchedule', 'deleteMonitor', { id: f.monitors.DATA_QUALITY.id }],
    ];
    for (const [method, mutation, vars] of attempts) {
      env.backends.BUILTIN.failNext(method, new AppError(ErrorCode.UNAVAILABLE, `${method} down`));
      const r = await refused(env.url, f.team.adminKey, MUTATION_DOCS[mutation] as string, vars);
      expect({ mutation, code: r.code, message: r.message }).toEqual({ mutation, code: 'UNAVAILABLE', message: `${method} down` });
      expect(await teamRowCounts(db, f.team.id)).toEqual(before);
    }
    expect(await f.team.call(TEAM_SNAPSHOT)).toEqual(snapshot);
    expect(env.backends.BUILTIN.scheduleNamed(f.schedule.name)?.status).toBe('SCHEDULED');
    expect(env.backends.BUILTIN.scheduleNamed(f.stoppedSchedule.name)?.status).toBe('STOPPED');
  });

  /**
   * A failure after the backend call: a test-only trigger makes the audit insert of one
   * team fail, so the change's transaction rolls back after the backend was changed.
   */
  describe('the audit insert fails after the backend call', () => {
    let f: FullTeam;
    const fn = `test_fail_audit_${hex(4)}`;
    beforeAll(async () => {
      f = await fullTeam(env);
      await db.$executeRawUnsafe(`CREATE FUNCTION "${fn}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test: audit insert refused'; END; $$`);
      await db.$executeRawUnsafe(`CREATE TRIGGER "${fn}" BEFORE INSERT ON "AuditEvent" FOR EACH ROW WHEN (NEW."teamId" = '${f.team.id}'::uuid) EXECUTE FUNCTION "${fn}"()`);
    });
    afterAll(async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "${fn}" ON "AuditEvent"`);
      await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS "${fn}"()`);
    });

    const attempt = async (mutation: string, vars: Record<string, unknown>) => {
      const before = await teamRowCounts(db, f.team.id);
      const r = await gql(env.url, f.team.adminKey, MUTATION_DOCS[mutation] as string, vars);
      expect(r.errors?.length).toBe(1);
      expect(await teamRowCounts(db, f.team.id)).toEqual(before);
      return r;
    };

    it('createSchedule: no row, and the backend schedule is deleted again', async () => {
      const name = `s-${hex()}`;
      const calls = env.backends.BUILTIN.calls.length;
      await attempt('createSchedule', { input: { monitorId: f.monitors.DATA_QUALITY.id, name, spec: { kind: 'HOURLY' } } });
      expect(await db.schedule.count({ where: { name } })).toBe(0);
      expect(env.backends.BUILTIN.scheduleNamed(name)).toBeUndefined();
      expect(env.backends.BUILTIN.calls.slice(calls).map((x) => x.method)).toEqual(['createSchedule', 'deleteSchedule']);
    });

    it('updateSchedule / stopSchedule / startSchedule / updateMonitor: row and backend as before', async () => {
      const row = await db.schedule.findUniqueOrThrow({ where: { id: f.schedule.id } });
      await attempt('updateSchedule', { id: f.schedule.id, spec: { kind: 'DAILY', hour: 9 } });
      expect(await db.schedule.findUniqueOrThrow({ where: { id: f.schedule.id } })).toEqual(row);
      expect(env.backends.BUILTIN.scheduleNamed(f.schedule.name)?.schedule.spec.expression).toBe('cron(0 * ? * * *)');
      await attempt('stopSchedule', { id: f.schedule.id });
      expect(env.backends.BUILTIN.scheduleNamed(f.schedule.name)?.status).toBe('SCHEDULED');
      await attempt('startSchedule', { id: f.stoppedSchedule.id });
      expect(env.backends.BUILTIN.scheduleNamed(f.stoppedSchedule.name)?.status).toBe('STOPPED');
      const monitor = await db.monitor.findUniqueOrThrow({ where: { id: f.monitors.DATA_QUALITY.id } });
      await attempt('updateMonitor', { id: monitor.id, input: { outputS3Uri: 's3://reports/elsewhere' } });
      expect(await db.monitor.findUniqueOrThrow({ where: { id: monitor.id } })).toEqual(monitor);
      const inBackend = env.backends.BUILTIN.scheduleNamed(f.schedule.name)?.monitor.config as { outputS3Uri?: string } | undefined;
      expect(inBackend?.outputS3Uri).toBe('s3://reports/churn');
    });

    it('deleteSchedule: the row is kept, so the backend schedule must still exist', async () => {
      await attempt('deleteSchedule', { id: f.schedule.id });
      expect(await db.schedule.count({ where: { id: f.schedule.id } })).toBe(1);
      expect(env.backends.BUILTIN.scheduleNamed(f.schedule.name)).toBeDefined();
    });

    it('deleteMonitor: the rows are kept, so the backend schedules must still exist', async () => {
      await attempt('deleteMonitor', { id: f.monitors.MODEL_EXPLAINABILITY.id });
      expect(await db.schedule.count({ where: { id: f.stoppedSchedule.id } })).toBe(1);
      expect(env.backends.BUILTIN.scheduleNamed(f.stoppedSchedule.name)).toBeDefined();
    });
  });
});
