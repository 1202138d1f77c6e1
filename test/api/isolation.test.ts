// Tenant isolation and roles: team B, with an ADMIN key, can neither see nor change
// anything of team A, whatever id it sends; every root operation has a case here.
import { gql, ok, refused, type TestGateway } from '../support/gateway.js';
import { NO_RATE_LIMIT, startGatewayWith } from '../hardening/gateway.js';
import { LOOPBACK_RECEIVERS } from '../webhooks/support.js';
import { teamRowCounts, testDb } from '../support/db.js';
import {
  ADMIN_TOKEN, ADMIN_TOKEN_MUTATIONS, fullTeam, hex, MUTATION_DOCS, randomUUID, rootOperations, TEAM_SNAPSHOT, validVars, type FullTeam,
} from './support-ops.js';

let env: TestGateway;
const db = testDb();
beforeAll(async () => {
  env = await startGatewayWith({ ...NO_RATE_LIMIT, ...LOOPBACK_RECEIVERS }); // each team's key makes hundreds of calls here
});
afterAll(async () => {
  await db.$disconnect();
  await env.stop();
});

type Kind = 'team' | 'monitor' | 'baseline' | 'schedule' | 'stoppedSchedule' | 'execution' | 'member' | 'apiKey' | 'webhook' | 'delivery' | 'mute';

interface IdCase {
  kind: Kind;
  doc: string;
  vars: (id: string) => Record<string, unknown>;
}

/** Every root operation that takes an id (directly or in its input). */
const ID_CASES: Record<string, IdCase> = {
  monitor: { kind: 'monitor', doc: 'query($id: ID!) { monitor(id: $id) { id name } }', vars: (id) => ({ id }) },
  baseline: { kind: 'baseline', doc: 'query($id: ID!) { baseline(id: $id) { id constraints monitor { name } } }', vars: (id) => ({ id }) },
  schedule: { kind: 'schedule', doc: 'query($id: ID!) { schedule(id: $id) { id name } }', vars: (id) => ({ id }) },
  execution: { kind: 'execution', doc: 'query($id: ID!) { execution(id: $id) { id violations { id } } }', vars: (id) => ({ id }) },
  metricSeries: { kind: 'monitor', doc: 'query($id: ID!) { metricSeries(monitorId: $id, feature: "age", metric: "mean") { monitorId threshold points { value executionId } } }', vars: (id) => ({ id }) },
  metricSeriesList: { kind: 'monitor', doc: 'query($id: ID!) { metricSeriesList(monitorId: $id, series: [{ feature: "age", metric: "mean" }]) { monitorId points { value executionId } } }', vars: (id) => ({ id }) },
  metricNames: { kind: 'monitor', doc: 'query($id: ID!) { metricNames(monitorId: $id) { feature metric } }', vars: (id) => ({ id }) },
  updateMonitor: { kind: 'monitor', doc: MUTATION_DOCS['updateMonitor'] as string, vars: (id) => ({ id, input: { outputS3Uri: 's3://stolen/reports' } }) },
  moveMonitor: { kind: 'monitor', doc: MUTATION_DOCS['moveMonitor'] as string, vars: (id) => ({ id, backend: 'SAGEMAKER' }) },
  deleteMonitor: { kind: 'monitor', doc: MUTATION_DOCS['deleteMonitor'] as string, vars: (id) => ({ id }) },
  requestBaseline: {
    kind: 'monitor', doc: MUTATION_DOCS['requestBaseline'] as string,
    vars: (id) => ({ input: { monitorId: id, datasetUri: 's3://data/x.csv', datasetFormat: { csvHeader: true } } }),
  },
  createSchedule: {
    kind: 'monitor', doc: MUTATION_DOCS['createSchedule'] as string,
    vars: (id) => ({ input: { monitorId: id, name: `b-${hex()}`, spec: { kind: 'HOURLY' } } }),
  },
  runMonitorNow: {
    kind: 'monitor', doc: MUTATION_DOCS['runMonitorNow'] as string,
    vars: (id) => ({ monitorId: id, window: { dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' } }),
  },
  editBaselineConstraints: {
    kind: 'baseline', doc: MUTATION_DOCS['editBaselineConstraints'] as string,
    vars: (id) => ({ input: { baselineId: id, constraints: { features: [] } } }),
  },
  updateSchedule: { kind: 'schedule', doc: MUTATION_DOCS['updateSchedule'] as string, vars: (id) => ({ id, spec: { kind: 'DAILY', hour: 5 } }) },
  startSchedule: { kind: 'stoppedSchedule', doc: MUTATION_DOCS['startSchedule'] as string, vars: (id) => ({ id }) },
  stopSchedule: { kind: 'schedule', doc: MUTATION_DOCS['stopSchedule'] as string, vars: (id) => ({ id }) },
  deleteSchedule: { kind: 'schedule', doc: MUTATION_DOCS['deleteSchedule'] as string, vars: (id) => ({ id }) },
  importSageMakerSchedules: { kind: 'team', doc: MUTATION_DOCS['importSageMakerSchedules'] as string, vars: (id) => ({ teamId: id, dryRun: false }) },
  revokeApiKey: { kind: 'apiKey', doc: MUTATION_DOCS['revokeApiKey'] as string, vars: (id) => ({ id }) },
  updateMember: { kind: 'member', doc: MUTATION_DOCS['updateMember'] as string, vars: (id) => ({ id, input: { role: 'ADMIN', displayName: 'Taken over' } }) },
  removeMember: { kind: 'member', doc: MUTATION_DOCS['removeMember'] as string, vars: (id) => ({ id }) },
  createApiKey: { kind: 'member', doc: MUTATION_DOCS['createApiKey'] as string, vars: (id) => ({ input: { name: 'sneaky', role: 'VIEWER', memberId: id } }) },
  webhook: { kind: 'webhook', doc: 'query($id: ID!) { webhook(id: $id) { id name deliveries { edges { node { id } } } } }', vars: (id) => ({ id }) },
  createWebhook: {
    kind: 'monitor', doc: MUTATION_DOCS['createWebhook'] as string,
    vars: (id) => ({ input: { name: `b-${hex()}`, url: 'https://b.example.com/hooks', eventTypes: ['VIOLATION_DETECTED'], filter: { monitorId: id } } }),
  },
  updateWebhook: { kind: 'webhook', doc: MUTATION_DOCS['updateWebhook'] as string, vars: (id) => ({ id, input: { url: 'https://stolen.example.com/hooks' } }) },
  deleteWebhook: { kind: 'webhook', doc: MUTATION_DOCS['deleteWebhook'] as string, vars: (id) => ({ id }) },
  redeliverWebhookDelivery: { kind: 'delivery', doc: MUTATION_DOCS['redeliverWebhookDelivery'] as string, vars: (id) => ({ id }) },
  muteAlerts: { kind: 'monitor', doc: MUTATION_DOCS['muteAlerts'] as string, vars: (id) => ({ input: { monitorId: id, until: new Date(Date.now() + 3_600_000).toISOString() } }) },
  unmuteAlerts: { kind: 'mute', doc: MUTATION_DOCS['unmuteAlerts'] as string, vars: (id) => ({ id }) },
  testWebhook: { kind: 'webhook', doc: MUTATION_DOCS['testWebhook'] as string, vars: (id) => ({ id }) },
  redeliverWebhookDeliveries: { kind: 'webhook', doc: MUTATION_DOCS['redeliverWebhookDeliveries'] as string, vars: (id) => ({ filter: { webhookId: id } }) },
};

/** Root operations without an id argument: how this file covers them. */
const OTHER_CASES: Record<string, string> = {
  viewer: 'list: B sees only its own team, members and keys',
  monitors: 'list', schedules: 'list', webhooks: 'list', alertMutes: 'list', executions: 'list + filters', violations: 'list + filters', auditEvents: 'list + filters',
  violationSummary: 'counts: B counts its own team only; filtered by A\'s monitor, nothing',
  createMonitor: 'B acts on its own team only; A unchanged',
  addMember: 'B acts on its own team only; A unchanged',
  updateTeam: 'B acts on its own team only; A unchanged',
  updateTeamAwsSettings: 'B acts on its own team only; A unchanged',
  updateTeamRetention: 'B acts on its own team only; A unchanged (and test/db/retention.test.ts: the purge of one team leaves another\'s rows)',
  reconcileSchedules: 'B reconciles its own team only; A unchanged (and test/reconcile/api.test.ts)',
  createTeam: 'admin token only; takes no team or id (refused for API keys in the roles tests)',
  issueBreakGlassKey: 'admin token only (refused for API keys in the roles tests and test/http/break-glass.test.ts)',
  trustedDocuments: 'list',
  registerTrustedDocuments: 'B acts on its own team only; A unchanged',
  removeTrustedDocuments: 'takes hashes, not ids: B sending A\'s hash removes nothing of A',
};

function idOf(a: FullTeam, kind: Kind): string {
  switch (kind) {
    case 'team': return a.team.id;
    case 'monitor': return a.monitors.DATA_QUALITY.id;
    case 'baseline': return a.baseline.id;
    case 'schedule': return a.schedule.id;
    case 'stoppedSchedule': return a.stoppedSchedule.id;
    case 'execution': return a.execution.id;
    case 'member': return a.member.id;
    case 'apiKey': return a.key.id;
    case 'webhook': return a.webhooks.webhook.id;
    case 'delivery': return a.webhooks.deadDelivery.id;
    case 'mute': return a.alertMute.id;
  }
}

/** Strings of team A that must never appear in an answer to team B. */
function secretsOf(a: FullTeam): string[] {
  return [
    a.team.id, a.team.slug, a.team.adminKeyId, a.key.id, a.member.id, a.member.email,
    ...Object.values(a.monitors).flatMap((m) => [m.id, m.name]),
    a.baseline.id, a.pendingBaseline.id, a.schedule.id, a.schedule.name, a.stoppedSchedule.id, a.stoppedSchedule.name,
    a.execution.id, ...a.execution.violationIds,
    a.webhooks.webhook.id, a.webhooks.webhook.name, a.webhooks.pausedWebhook.id, a.webhooks.pausedWebhook.name, a.webhooks.deadDelivery.id, a.webhooks.pendingDelivery.id, a.alertMute.id,
    a.trustedDocument.id, a.trustedDocument.hash,
  ];
}

function leaks(text: string, secrets: string[], sentId?: string): string[] {
  const scrubbed = sentId ? text.split(sentId).join('<sent>') : text;
  return secrets.filter((s) => s !== sentId && scrubbed.includes(s));
}

async function stateOf(a: FullTeam) {
  return { counts: await teamRowCounts(db, a.team.id), snapshot: await a.team.call(TEAM_SNAPSHOT) };
}

describe('tenant isolation', () => {
  let A: FullTeam;
  let B: FullTeam;
  beforeAll(async () => {
    [A, B] = await Promise.all([fullTeam(env), fullTeam(env)]);
  });

  it('has an isolation case for every root operation of the schema', async () => {
    const { queries, mutations } = await rootOperations(env, B.team.adminKey);
    const covered = new Set([...Object.keys(ID_CASES), ...Object.keys(OTHER_CASES)]);
    expect([...queries, ...mutations].filter((op) => !covered.has(op)).map((op) => `${op}: add ID_CASES['${op}'] (B calls it with A's ids: NOT_FOUND) or, if it takes no id, OTHER_CASES['${op}'] in test/api/isolation.test.ts`)).toEqual([]);
    // And no stale case for an operation that no longer exists.
    expect([...covered].filter((op) => !queries.includes(op) && !mutations.includes(op))).toEqual([]);
  });

  it.each(Object.keys(ID_CASES))('%s: A\'s ids, random UUIDs and garbage are NOT_FOUND for B, and A is unchanged', async (op) => {
    const c = ID_CASES[op] as IdCase;
    const before = await stateOf(A);
    const bBefore = await teamRowCounts(db, B.team.id);
    const callsBefore = env.backends.BUILTIN.calls.length;
    const secrets = secretsOf(A);
    for (const id of [idOf(A, c.kind), idOf(A, c.kind).toUpperCase(), randomUUID(), 'not-a-uuid', `${idOf(A, c.kind)}x`, "' OR 1=1 --"]) {
      const r = await gql(env.url, B.team.adminKey, c.doc, c.vars(id));
      expect({ id, codes: r.errors?.map((e) => e.extensions?.code) }).toEqual({ id, codes: ['NOT_FOUND'] });
      expect(r.data?.[op] ?? null).toBeNull();
      expect(leaks(JSON.stringify(r), secrets, id)).toEqual([]);
    }
    expect(await stateOf(A)).toEqual(before);
    expect(await teamRowCounts(db, B.team.id)).toEqual(bBefore);
    const newCalls = env.backends.BUILTIN.calls.slice(callsBefore).filter((call) => call.monitor.teamId === A.team.id);
    expect(newCalls.map((call) => call.method)).toEqual([]);
  });

  it('B\'s lists and nested lists never show A\'s objects', async () => {
    const secrets = secretsOf(A);
    const own = await B.team.call(TEAM_SNAPSHOT);
    expect(own['monitors'].edges).toHaveLength(4);
    expect(own['schedules'].edges).toHaveLength(2);
    expect(own['webhooks'].edges).toHaveLength(2);
    expect(own['executions'].edges).toHaveLength(1);
    expect(own['violations'].edges).toHaveLength(2);
    expect(own['viewer'].team.id).toBe(B.team.id);
    expect(own['viewer'].team.members.edges).toHaveLength(1);
    expect(own['viewer'].team.apiKeys.edges).toHaveLength(2);
    const audit = await B.team.call('{ auditEvents(first: 100) { edges { node { id action targetId actor before after } } } }');
    expect(audit['auditEvents'].edges.length).toBeGreaterThan(0);
    const nested = await B.team.call(`{ monitors(first: 10) { edges { node { activeBaseline { id } schedule { id lastExecution { id } }
      schedules(first: 10) { edges { node { id executions(first: 10) { edges { node { id } } } } } } executions(first: 10) { edges { node { id schedule { name } violations { id } } } } } } } }`);
    const mutes = await B.team.call('{ alertMutes(filter: { includeExpired: true }) { edges { node { id monitor { id } } } } }');
    expect(mutes['alertMutes'].edges.map((e: any) => e.node)).toEqual([{ id: B.alertMute.id, monitor: { id: B.monitors.MODEL_QUALITY.id } }]);
    expect(leaks(JSON.stringify([own, audit, nested, mutes]), secrets)).toEqual([]);
    const series = await B.team.call('query($m: ID!) { metricSeries(monitorId: $m, feature: "age", metric: "mean") { points { executionId } } metricNames(monitorId: $m) { feature } }', { m: B.monitors.DATA_QUALITY.id });
    expect(series['metricSeries'].points).toEqual([{ executionId: B.execution.id }]);
    expect(leaks(JSON.stringify(series), secrets)).toEqual([]);
  });

  it('B\'s list filters given A\'s (or unknown) ids return empty lists', async () => {
    const aMonitor = A.monitors.DATA_QUALITY.id;
    const filtered = async (ids: { monitorId: string; scheduleId: string; executionId: string; baselineId: string }) => {
      const d = await B.team.call(`query($m: ID!, $s: ID!, $e: ID!, $b: ID!) {
        schedules(filter: { monitorId: $m }) { edges { node { id } } }
        byMonitor: executions(filter: { monitorId: $m }) { edges { node { id } } }
        bySchedule: executions(filter: { scheduleId: $s }) { edges { node { id } } }
        vByMonitor: violations(filter: { monitorId: $m }) { edges { node { id } } }
        mutes: alertMutes(filter: { monitorId: $m, includeExpired: true }) { edges { node { id } } }
        vByExecution: violations(filter: { executionId: $e }) { edges { node { id } } }
        aMonitor: auditEvents(filter: { targetId: $m }) { edges { node { id } } }
        aBaseline: auditEvents(filter: { targetId: $b }) { edges { node { id } } }
      }`, { m: ids.monitorId, s: ids.scheduleId, e: ids.executionId, b: ids.baselineId });
      for (const [name, list] of Object.entries(d)) expect({ name, edges: (list as { edges: unknown[] }).edges }).toEqual({ name, edges: [] });
      const summary = await B.team.call('query($m: ID!) { violationSummary(groupBy: [MONITOR], filter: { monitorId: $m }) { groups { count } } }', { m: ids.monitorId });
      expect(summary['violationSummary'].groups).toEqual([]);
    };
    await filtered({ monitorId: aMonitor, scheduleId: A.schedule.id, executionId: A.execution.id, baselineId: A.baseline.id });
    await filtered({ monitorId: randomUUID(), scheduleId: randomUUID(), executionId: randomUUID(), baselineId: randomUUID() });
    // The same filters by A itself do find A's objects (so the filters do work).
    const mine = await A.team.call('query($m: ID!, $e: ID!) { executions(filter: { monitorId: $m }) { edges { node { id } } } violations(filter: { executionId: $e }) { edges { node { id } } } }', { m: aMonitor, e: A.execution.id });
    expect(mine['executions'].edges).toHaveLength(1);
    expect(mine['violations'].edges).toHaveLength(2);
  });

  it('B\'s list filters with non-UUID garbage answer an empty list or a clean refusal, never an internal error', async () => {
    const docs = [
      'query($x: ID!) { schedules(filter: { monitorId: $x }) { edges { node { id } } } }',
      'query($x: ID!) { executions(filter: { monitorId: $x }) { edges { node { id } } } }',
      'query($x: ID!) { executions(filter: { scheduleId: $x }) { edges { node { id } } } }',
      'query($x: ID!) { violations(filter: { monitorId: $x }) { edges { node { id } } } }',
      'query($x: ID!) { violations(filter: { executionId: $x }) { edges { node { id } } } }',
      'query($x: ID!) { auditEvents(filter: { actorKeyId: $x }) { edges { node { id } } } }',
      'query($x: ID!) { auditEvents(filter: { targetId: $x }) { edges { node { id } } } }',
    ];
    const problems: string[] = [];
    for (const doc of docs) {
      const r = await gql(env.url, B.team.adminKey, doc, { x: 'not-a-uuid' });
      const code = r.errors?.[0]?.extensions?.code;
      if (code === undefined) {
        const list = Object.values(r.data ?? {})[0] as { edges: unknown[] };
        if (list.edges.length !== 0) problems.push(`${doc}: ${list.edges.length} edges`);
      } else if (!['BAD_USER_INPUT', 'NOT_FOUND'].includes(code)) problems.push(`${doc}: ${code} ${r.errors?.[0]?.message}`);
    }
    expect(problems).toEqual([]);
  });

  it('B\'s mutations without an id act on B only', async () => {
    const before = await stateOf(A);
    const vars = validVars(B);
    await B.team.call(MUTATION_DOCS['createMonitor'] as string, vars['createMonitor']);
    await B.team.call(MUTATION_DOCS['addMember'] as string, vars['addMember']);
    const t = await B.team.call(MUTATION_DOCS['updateTeam'] as string, vars['updateTeam']);
    expect(t['updateTeam'].id).toBe(B.team.id);
    const calls = env.backends.BUILTIN.calls.length;
    const r = await B.team.call(MUTATION_DOCS['reconcileSchedules'] as string, vars['reconcileSchedules']);
    expect(r['reconcileSchedules'].checked).toBe(2);
    expect(env.backends.BUILTIN.calls.slice(calls).filter((c) => c.monitor.teamId !== B.team.id)).toEqual([]);
    // Trusted documents: B registers for itself, and A's hash names nothing B can remove or run.
    const reg = await B.team.call(MUTATION_DOCS['registerTrustedDocuments'] as string, vars['registerTrustedDocuments']);
    expect(reg['registerTrustedDocuments'].added).toBe(1);
    const removed = await B.team.call(MUTATION_DOCS['removeTrustedDocuments'] as string, { hashes: [A.trustedDocument.hash, A.trustedDocument.hash.toUpperCase(), `sha256:${A.trustedDocument.hash}`] });
    expect(removed['removeTrustedDocuments']).toEqual({ removed: [] });
    const byHash = await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${B.team.adminKey}` }, body: JSON.stringify({ documentId: `sha256:${A.trustedDocument.hash}` }) });
    expect(byHash.status).toBe(404);
    expect(await stateOf(A)).toEqual(before);
  });

  it('names are per team: B may reuse A\'s monitor, schedule and member names (no CONFLICT that would reveal them)', async () => {
    const before = await stateOf(A);
    const m = await B.team.createMonitor('DATA_QUALITY', { name: A.monitors.DATA_QUALITY.name });
    const s = await B.team.createSchedule(m.id, { kind: 'DAILY', hour: 7 }, A.schedule.name);
    expect(s.name).toBe(A.schedule.name);
    await B.team.call(MUTATION_DOCS['addMember'] as string, { input: { email: A.member.email, displayName: 'Same person', role: 'VIEWER' } });
    expect(await stateOf(A)).toEqual(before);
    await B.team.call(MUTATION_DOCS['deleteSchedule'] as string, { id: s.id });
    expect(await stateOf(A)).toEqual(before);
  });
});

describe('roles', () => {
  let F: FullTeam;
  let viewer: { id: string; secret: string };
  let editor: { id: string; secret: string };
  beforeAll(async () => {
    F = await fullTeam(env);
    viewer = await F.team.createKey('VIEWER');
    editor = await F.team.createKey('EDITOR');
  });

  it('a VIEWER key is refused every mutation (admin token ones: UNAUTHENTICATED, the rest FORBIDDEN) and nothing changes', async () => {
    const { mutations } = await rootOperations(env, viewer.secret);
    expect(mutations.filter((m) => !(m in MUTATION_DOCS)).map((m) => `${m}: add MUTATION_DOCS['${m}'] and validVars(f)['${m}'] to test/api/support-ops.ts`)).toEqual([]);
    const vars = validVars(F);
    const before = await stateOf(F);
    const callsBefore = env.backends.BUILTIN.calls.length;
    const answers: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const m of mutations) {
      const r = await refused(env.url, viewer.secret, MUTATION_DOCS[m] as string, vars[m]);
      answers[m] = r.code;
      expected[m] = ADMIN_TOKEN_MUTATIONS.includes(m) ? 'UNAUTHENTICATED' : 'FORBIDDEN';
      if (!ADMIN_TOKEN_MUTATIONS.includes(m)) expect(r.message).toMatch(/needs the (EDITOR|ADMIN) role; this API key has VIEWER/);
    }
    expect(answers).toEqual(expected);
    expect(await stateOf(F)).toEqual(before);
    expect(env.backends.BUILTIN.calls.length).toBe(callsBefore);
  });

  it('an EDITOR key is FORBIDDEN on the ADMIN operations and nothing changes', async () => {
    const vars = validVars(F);
    const adminOnly = ['createApiKey', 'revokeApiKey', 'addMember', 'updateMember', 'removeMember', 'updateTeam', 'updateTeamAwsSettings', 'updateTeamRetention', 'reconcileSchedules'];
    const before = await stateOf(F);
    for (const m of adminOnly) {
      const r = await refused(env.url, editor.secret, MUTATION_DOCS[m] as string, vars[m]);
      expect({ m, code: r.code }).toEqual({ m, code: 'FORBIDDEN' });
      expect(r.message).toContain('needs the ADMIN role');
    }
    expect((await refused(env.url, editor.secret, '{ auditEvents { edges { node { id } } } }')).code).toBe('FORBIDDEN');
    const keys = await gql(env.url, editor.secret, '{ viewer { team { apiKeys { edges { node { id } } } } } }');
    expect(keys.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(keys.data)).not.toContain(F.team.adminKeyId);
    // Minting an ADMIN key is an ADMIN operation: an EDITOR is refused before the role cap is checked.
    expect((await refused(env.url, editor.secret, MUTATION_DOCS['createApiKey'] as string, { input: { name: 'up', role: 'ADMIN' } })).code).toBe('FORBIDDEN');
    expect(await stateOf(F)).toEqual(before);
    // ...while the EDITOR may read and change monitors.
    expect((await ok(env.url, editor.secret, '{ viewer { role } }'))['viewer'].role).toBe('EDITOR');
    await ok(env.url, editor.secret, MUTATION_DOCS['updateMonitor'] as string, vars['updateMonitor']);
  });

  it('a key cannot be minted above the role of its member (BAD_USER_INPUT input.role)', async () => {
    const before = await teamRowCounts(db, F.team.id);
    const m = await F.team.call(MUTATION_DOCS['addMember'] as string, { input: { email: `ed-${hex()}@example.com`, displayName: 'Ed', role: 'EDITOR' } });
    const after = await teamRowCounts(db, F.team.id);
    const r = await refused(env.url, F.team.adminKey, MUTATION_DOCS['createApiKey'] as string, { input: { name: 'up', role: 'ADMIN', memberId: m['addMember'].id } });
    expect(r).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.role' });
    expect(r.message).toContain('above the member\'s role EDITOR');
    expect(await teamRowCounts(db, F.team.id)).toEqual(after);
    expect(after['members']).toBe((before['members'] ?? 0) + 1);
  });

  it('no key (or a malformed header) is UNAUTHENTICATED on every root operation', async () => {
    const { queries, mutations } = await rootOperations(env, F.team.adminKey);
    const vars = validVars(F);
    const queryDocs: Record<string, string> = {
      viewer: '{ viewer { role } }', monitors: '{ monitors { edges { node { id } } } }', schedules: '{ schedules { edges { node { id } } } }',
      executions: '{ executions { edges { node { id } } } }', violations: '{ violations { edges { node { id } } } }', auditEvents: '{ auditEvents { edges { node { id } } } }',
      monitor: `{ monitor(id: "${F.monitors.DATA_QUALITY.id}") { id } }`, baseline: `{ baseline(id: "${F.baseline.id}") { id } }`,
      schedule: `{ schedule(id: "${F.schedule.id}") { id } }`, execution: `{ execution(id: "${F.execution.id}") { id } }`,
      metricSeries: `{ metricSeries(monitorId: "${F.monitors.DATA_QUALITY.id}", feature: "age", metric: "mean") { points { value } } }`,
      metricNames: `{ metricNames(monitorId: "${F.monitors.DATA_QUALITY.id}") { metric } }`,
      metricSeriesList: `{ metricSeriesList(monitorId: "${F.monitors.DATA_QUALITY.id}", series: [{ feature: "age", metric: "mean" }]) { points { value } } }`,
      violationSummary: '{ violationSummary(groupBy: [DAY]) { groups { count } } }',
      webhooks: '{ webhooks { edges { node { id } } } }', alertMutes: '{ alertMutes { edges { node { id } } } }', webhook: `{ webhook(id: "${F.webhooks.webhook.id}") { id } }`,
      trustedDocuments: '{ trustedDocuments { edges { node { id } } } }',
    };
    expect(queries.filter((q) => !(q in queryDocs))).toEqual([]);
    const before = await stateOf(F);
    for (const q of queries) {
      expect({ q, code: (await refused(env.url, null, queryDocs[q] as string)).code }).toEqual({ q, code: 'UNAUTHENTICATED' });
    }
    for (const m of mutations) {
      expect({ m, code: (await refused(env.url, null, MUTATION_DOCS[m] as string, vars[m])).code }).toEqual({ m, code: 'UNAUTHENTICATED' });
    }
    const res = await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${F.team.adminKey}` }, body: JSON.stringify({ query: '{ viewer { role } }' }) });
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(await stateOf(F)).toEqual(before);
  });

  it('a revoked key is UNAUTHENTICATED at once, for reads and writes', async () => {
    const k = await F.team.createKey('EDITOR');
    expect((await ok(env.url, k.secret, '{ viewer { role } }'))['viewer'].role).toBe('EDITOR');
    await F.team.call(MUTATION_DOCS['revokeApiKey'] as string, { id: k.id });
    expect(await refused(env.url, k.secret, '{ viewer { role } }')).toMatchObject({ code: 'UNAUTHENTICATED', message: 'This API key was revoked' });
    expect((await refused(env.url, k.secret, MUTATION_DOCS['createMonitor'] as string, validVars(F)['createMonitor'])).code).toBe('UNAUTHENTICATED');
  });

  it('createTeam with an API key (even ADMIN) is UNAUTHENTICATED; the admin token cannot act on a team', async () => {
    const vars = validVars(F)['createTeam'] as Record<string, unknown>;
    for (const key of [F.team.adminKey, editor.secret, viewer.secret]) {
      expect((await refused(env.url, key, MUTATION_DOCS['createTeam'] as string, vars)).code).toBe('UNAUTHENTICATED');
    }
    expect((await refused(env.url, ADMIN_TOKEN(), '{ monitors { edges { node { id } } } }')).code).toBe('UNAUTHENTICATED');
    expect((await refused(env.url, ADMIN_TOKEN(), MUTATION_DOCS['updateTeam'] as string, validVars(F)['updateTeam'])).code).toBe('UNAUTHENTICATED');
    expect(await db.team.count({ where: { slug: (vars['input'] as { slug: string }).slug } })).toBe(0);
  });
});
