// Helpers shared by the isolation, refusal and audit tests: introspection of the root
// operations, one GraphQL document per mutation, HTTP with headers, and a fixture that
// creates one object of every kind for a team.
import { randomBytes, randomUUID } from 'node:crypto';
import type { MonitorType } from '../../src/kernel/monitor-config.js';
import { ok, type GqlResult, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { sha256Hex } from '../../src/trusted-documents/manifest.js';
import { WEBHOOK_FIELDS, webhooksOf, type WebhookFixture } from '../webhooks/fixtures.js';

export const ADMIN_TOKEN = (): string => process.env['ADMIN_TOKEN'] as string;
export const MONITOR_TYPES: MonitorType[] = ['DATA_QUALITY', 'MODEL_QUALITY', 'MODEL_BIAS', 'MODEL_EXPLAINABILITY'];
export const hex = (n = 3): string => randomBytes(n).toString('hex');
export { randomUUID };

/** Names of the root Query and Mutation fields, from introspection. */
export async function rootOperations(env: TestGateway, key: string): Promise<{ queries: string[]; mutations: string[] }> {
  const d = await ok(env.url, key, '{ __schema { queryType { fields { name args { name } } } mutationType { fields { name args { name } } } } }');
  const names = (t: { fields: Array<{ name: string }> } | null) => (t?.fields ?? []).map((f) => f.name).sort();
  return { queries: names(d['__schema'].queryType), mutations: names(d['__schema'].mutationType) };
}

/** One document per mutation; the variables are given by each test. */
export const MUTATION_DOCS: Record<string, string> = {
  createTeam: 'mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id slug } apiKey { id } secret } }',
  updateTeam: 'mutation($input: UpdateTeamInput!) { updateTeam(input: $input) { id displayName defaultBackend } }',
  updateTeamAwsSettings: 'mutation($input: UpdateTeamAwsSettingsInput!) { updateTeamAwsSettings(input: $input) { id awsSettings { region executionRoleArn } } }',
  updateTeamRetention: 'mutation($input: UpdateTeamRetentionInput!) { updateTeamRetention(input: $input) { id retention { executionsDays violationsDays metricPointsDays webhookDeliveriesDays outboxDays } } }',
  createApiKey: 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id name role } secret } }',
  revokeApiKey: 'mutation($id: ID!) { revokeApiKey(id: $id) { id name revokedAt } }',
  addMember: 'mutation($input: AddMemberInput!) { addMember(input: $input) { id email role } }',
  updateMember: 'mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id email role displayName } }',
  removeMember: 'mutation($id: ID!) { removeMember(id: $id) { id } }',
  createMonitor: 'mutation($input: CreateMonitorInput!) { createMonitor(input: $input) { id name type maxRuntimeInSeconds } }',
  updateMonitor: 'mutation($id: ID!, $input: UpdateMonitorInput!) { updateMonitor(id: $id, input: $input) { id name outputS3Uri maxRuntimeInSeconds } }',
  moveMonitor: 'mutation($id: ID!, $backend: Backend!) { moveMonitor(id: $id, backend: $backend) { id name backend } }',
  deleteMonitor: 'mutation($id: ID!) { deleteMonitor(id: $id) { id } }',
  requestBaseline: 'mutation($input: RequestBaselineInput!) { requestBaseline(input: $input) { id version status monitor { id name } } }',
  editBaselineConstraints: 'mutation($input: EditBaselineConstraintsInput!) { editBaselineConstraints(input: $input) { id version source status constraints parent { id } } }',
  createSchedule: 'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id name expression status monitor { id name } } }',
  runMonitorNow: 'mutation($monitorId: ID!, $window: RunWindowInput!) { runMonitorNow(monitorId: $monitorId, window: $window) { schedule { id name expression status } execution { id status } } }',
  updateSchedule: 'mutation($id: ID!, $spec: ScheduleSpecInput!) { updateSchedule(id: $id, spec: $spec) { id name expression status } }',
  startSchedule: 'mutation($id: ID!) { startSchedule(id: $id) { id name status } }',
  stopSchedule: 'mutation($id: ID!) { stopSchedule(id: $id) { id name status } }',
  deleteSchedule: 'mutation($id: ID!) { deleteSchedule(id: $id) { id } }',
  reconcileSchedules: 'mutation($repair: Boolean) { reconcileSchedules(repair: $repair) { checked drifts { schedule { id name } kind gatewayValue backendValue repaired error } errors { schedule { id } message } } }',
  createWebhook: `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { ${WEBHOOK_FIELDS} } secret } }`,
  updateWebhook: `mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { ${WEBHOOK_FIELDS} } }`,
  deleteWebhook: 'mutation($id: ID!) { deleteWebhook(id: $id) { id } }',
  redeliverWebhookDelivery: 'mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id status attempts webhook { id } } }',
  muteAlerts: 'mutation($input: MuteAlertsInput!) { muteAlerts(input: $input) { id featureName until reason active monitor { id } } }',
  unmuteAlerts: 'mutation($id: ID!) { unmuteAlerts(id: $id) { id } }',
  redeliverWebhookDeliveries: 'mutation($filter: RedeliverWebhookDeliveriesFilter) { redeliverWebhookDeliveries(filter: $filter) { count } }',
  testWebhook: 'mutation($id: ID!) { testWebhook(id: $id) { statusCode ok bodyExcerpt error durationMs } }',
  importSageMakerSchedules: 'mutation($teamId: ID!, $dryRun: Boolean) { importSageMakerSchedules(teamId: $teamId, dryRun: $dryRun) { dryRun adopted { name type monitor { id } schedule { id } baseline { id } } skipped { name reason message } } }',
  issueBreakGlassKey: 'mutation($teamId: ID!, $reason: String!) { issueBreakGlassKey(teamId: $teamId, reason: $reason) { apiKey { id role } secret } }',
  registerTrustedDocuments: 'mutation($documents: [TrustedDocumentInput!]!) { registerTrustedDocuments(documents: $documents) { added documents { id hash name body } } }',
  removeTrustedDocuments: 'mutation($hashes: [String!]!) { removeTrustedDocuments(hashes: $hashes) { removed } }',
};

/** A trusted document only this team has (its operation name is unique). */
export function trustedDocumentInput(): { hash: string; body: string } {
  const body = `query Fixture_${hex()} { viewer { role } }`;
  return { hash: sha256Hex(body), body };
}

/** Mutations only the gateway's admin token may call (API keys are UNAUTHENTICATED). */
export const ADMIN_TOKEN_MUTATIONS = ['createTeam', 'issueBreakGlassKey'];

export interface RawResult<T = Record<string, any>> extends GqlResult<T> {
  headers: Headers;
  text: string;
}

/** A GraphQL call with extra headers; returns the raw text and response headers too. */
export async function gqlRaw<T = Record<string, any>>(
  env: TestGateway, key: string | null, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {},
): Promise<RawResult<T>> {
  const res = await fetch(env.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: T | null; errors?: GqlResult['errors'] };
  return { status: res.status, data: body.data, errors: body.errors, headers: res.headers, text };
}

export const STATISTICS = { version: 0, dataset: { item_count: 3 }, features: [] };

/** Requests a baseline through the API, completes its backend job and syncs it. */
export async function completedBaseline(env: TestGateway, team: TeamFixture, monitorId: string, constraints: unknown = { version: 0, features: [{ name: 'age', inferred_type: 'Integral' }] }, statistics: unknown = STATISTICS) {
  const d = await team.call(MUTATION_DOCS['requestBaseline'] as string, { input: { monitorId, datasetUri: 's3://data/train.csv', datasetFormat: { csvHeader: true } } });
  const id: string = d['requestBaseline'].id;
  const job = env.backends.BUILTIN.baselineJobs().find((j) => j.request.baselineId === id);
  if (!job) throw new Error(`no backend job for baseline ${id}`);
  env.backends.BUILTIN.finishBaseline(job.jobRef, { status: 'COMPLETED', statistics, constraints });
  const synced = await env.gateway.services.baselines.sync(team.id, id);
  if (synced.status !== 'COMPLETED') throw new Error(`baseline ${id} is ${synced.status}`);
  return { id };
}

/** Puts an execution with violations in the backend for a schedule and syncs it. */
export async function executionWithViolations(env: TestGateway, team: TeamFixture, schedule: { id: string; name: string }) {
  const now = new Date();
  env.backends.BUILTIN.putExecution(
    schedule.name,
    {
      executionId: `exec-${hex(6)}`, status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: new Date(now.getTime() - 3_600_000),
      startedAt: new Date(now.getTime() - 3_000_000), endedAt: now, failureReason: null, reportUri: 's3://reports/churn/run-1',
    },
    {
      violations: [
        { featureName: 'age', checkType: 'data_type_check', description: 'age has 12% non-integral values' },
        { featureName: 'tenure', checkType: 'baseline_drift_check', description: 'tenure drifted by 0.4' },
      ],
      // Stored as metric points too (metricSeries).
      statistics: { ...STATISTICS, features: [{ name: 'age', inferred_type: 'Integral', numerical_statistics: { common: { num_present: 3, num_missing: 0 }, mean: 41, sum: 123, std_dev: 2, min: 39, max: 43 } }] },
    },
  );
  const stored = await env.gateway.services.executions.syncSchedule(team.id, schedule.id);
  const execution = stored.written[0];
  if (!execution) throw new Error('sync stored no execution');
  const violations = await env.gateway.services.db.violation.findMany({ where: { executionId: execution.id } });
  return { id: execution.id, violationIds: violations.map((v) => v.id) };
}

export interface FullTeam {
  team: TeamFixture;
  monitors: Record<MonitorType, { id: string; name: string }>;
  baseline: { id: string };
  pendingBaseline: { id: string };
  schedule: { id: string; name: string };
  stoppedSchedule: { id: string; name: string };
  execution: { id: string; violationIds: string[] };
  member: { id: string; email: string };
  key: { id: string; secret: string };
  webhooks: WebhookFixture;
  /** A mute of the MODEL_QUALITY monitor, for an hour. */
  alertMute: { id: string };
  /** A registered trusted document. */
  trustedDocument: { id: string; hash: string };
}

/** A team with one object of every kind. */
export async function fullTeam(env: TestGateway): Promise<FullTeam> {
  const team = await seed(env).createTeam();
  const monitors = {} as FullTeam['monitors'];
  for (const type of MONITOR_TYPES) monitors[type] = await team.createMonitor(type);
  const dq = monitors.DATA_QUALITY.id;
  const baseline = await completedBaseline(env, team, dq);
  const pending = await team.call(MUTATION_DOCS['requestBaseline'] as string, { input: { monitorId: dq, datasetUri: 's3://data/train2.csv', datasetFormat: { csvHeader: true } } });
  const schedule = await team.createSchedule(dq, { kind: 'HOURLY' });
  const stoppedSchedule = await team.createSchedule(monitors.MODEL_EXPLAINABILITY.id, { kind: 'DAILY', hour: 3 });
  await team.call(MUTATION_DOCS['stopSchedule'] as string, { id: stoppedSchedule.id });
  const execution = await executionWithViolations(env, team, schedule);
  const email = `m-${hex()}@example.com`;
  const m = await team.call(MUTATION_DOCS['addMember'] as string, { input: { email, displayName: `Member ${hex()}`, role: 'EDITOR' } });
  const key = await team.createKey('EDITOR');
  const webhooks = await webhooksOf(env, team);
  const mute = await team.call(MUTATION_DOCS['muteAlerts'] as string, { input: { monitorId: monitors.MODEL_QUALITY.id, until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'fixture' } });
  const doc = await team.call(MUTATION_DOCS['registerTrustedDocuments'] as string, { documents: [trustedDocumentInput()] });
  const trustedDocument = { id: doc['registerTrustedDocuments'].documents[0].id, hash: doc['registerTrustedDocuments'].documents[0].hash };
  return { trustedDocument, alertMute: { id: mute['muteAlerts'].id }, team, monitors, baseline, pendingBaseline: { id: pending['requestBaseline'].id }, schedule, stoppedSchedule, execution, member: { id: m['addMember'].id, email }, key, webhooks };
}

/** Variables with which each mutation would succeed for the team of `f` (by an ADMIN key). */
export function validVars(f: FullTeam): Record<string, Record<string, unknown>> {
  return {
    createTeam: { input: { slug: `t-${hex(5)}`, displayName: 'Valid team' } },
    updateTeam: { input: { displayName: `Renamed ${hex()}` } },
    updateTeamAwsSettings: { input: { region: 'eu-west-1', executionRoleArn: `arn:aws:iam::123456789012:role/r-${hex()}` } },
    updateTeamRetention: { input: { webhookDeliveriesDays: 14, outboxDays: 3 } },
    createApiKey: { input: { name: `key ${hex()}`, role: 'VIEWER' } },
    revokeApiKey: { id: f.key.id },
    addMember: { input: { email: `new-${hex()}@example.com`, displayName: 'New member', role: 'VIEWER' } },
    updateMember: { id: f.member.id, input: { role: 'VIEWER' } },
    removeMember: { id: f.member.id },
    createMonitor: { input: { name: `dq-${hex()}`, type: 'DATA_QUALITY', endpointInput: { endpointName: 'churn-ep' }, outputS3Uri: 's3://reports/churn' } },
    updateMonitor: { id: f.monitors.DATA_QUALITY.id, input: { outputS3Uri: `s3://reports/${hex()}` } },
    // Succeeds once the team has an AWS region (updateTeamAwsSettings' valid variables give it one).
    moveMonitor: { id: f.monitors.MODEL_EXPLAINABILITY.id, backend: 'SAGEMAKER' },
    deleteMonitor: { id: f.monitors.MODEL_BIAS.id },
    requestBaseline: { input: { monitorId: f.monitors.DATA_QUALITY.id, datasetUri: 's3://data/train.csv', datasetFormat: { csvHeader: true } } },
    editBaselineConstraints: { input: { baselineId: f.baseline.id, constraints: { version: 0, features: [{ name: 'age', inferred_type: 'Integral' }] } } },
    createSchedule: { input: { monitorId: f.monitors.DATA_QUALITY.id, name: `s-${hex()}`, spec: { kind: 'DAILY', hour: 1 } } },
    runMonitorNow: { monitorId: f.monitors.DATA_QUALITY.id, window: { dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' } },
    updateSchedule: { id: f.schedule.id, spec: { kind: 'DAILY', hour: 2 } },
    startSchedule: { id: f.stoppedSchedule.id },
    stopSchedule: { id: f.schedule.id },
    deleteSchedule: { id: f.schedule.id },
    reconcileSchedules: { repair: true },
    createWebhook: { input: { name: `w-${hex()}`, url: 'https://hooks.example.com/mmg', eventTypes: ['VIOLATION_DETECTED'], filter: { monitorId: f.monitors.DATA_QUALITY.id }, format: 'SLACK' } },
    updateWebhook: { id: f.webhooks.webhook.id, input: { url: `https://hooks.example.com/${hex()}`, filter: { checkType: 'baseline_drift_check' } } },
    deleteWebhook: { id: f.webhooks.webhook.id },
    redeliverWebhookDelivery: { id: f.webhooks.deadDelivery.id },
    muteAlerts: { input: { monitorId: f.monitors.DATA_QUALITY.id, featureName: 'age', until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'known drift' } },
    unmuteAlerts: { id: f.alertMute.id },
    redeliverWebhookDeliveries: { filter: { webhookId: f.webhooks.webhook.id, status: 'DEAD' } },
    testWebhook: { id: f.webhooks.webhook.id },
    // Succeeds on a team with SageMaker settings and a SageMaker backend (test/sagemaker/import.test.ts).
    importSageMakerSchedules: { teamId: f.team.id, dryRun: true },
    issueBreakGlassKey: { teamId: f.team.id, reason: 'locked out, ticket OPS-1' },
    registerTrustedDocuments: { documents: [trustedDocumentInput()] },
    removeTrustedDocuments: { hashes: [f.trustedDocument.hash] },
  };
}

/** Everything a team can read of itself, to compare before and after (no volatile fields). */
export const TEAM_SNAPSHOT = `{
  viewer { team { id slug displayName defaultBackend
    retention { executionsDays violationsDays metricPointsDays webhookDeliveriesDays outboxDays }
    members(first: 100) { edges { node { id email displayName role } } }
    apiKeys(first: 100, includeRevoked: true) { edges { node { id name role prefix revokedAt } } } } }
  monitors(first: 100) { edges { node { id name type outputS3Uri maxRuntimeInSeconds updatedAt
    baselines(first: 20) { edges { node { id version status source constraints } } } } } }
  schedules(first: 100) { edges { node { id name expression status updatedAt monitor { id } } } }
  webhooks(first: 100) { edges { node { ${WEBHOOK_FIELDS} updatedAt } } }
  executions(first: 100) { edges { node { id status violations { id featureName checkType } } } }
  violations(first: 100) { edges { node { id } } }
  trustedDocuments(first: 100) { edges { node { id hash body } } }
}`;
