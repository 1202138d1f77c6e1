// The audit history: one event per successful change (createTeam: two), with actor,
// request id, target and before/after snapshots; ADMIN-only, paginated newest first,
// filterable, never holding key hashes, and append-only in the database itself.
import type { AuditEvent } from '../../src/generated/prisma/client.js';
import { refused, type TestGateway } from '../support/gateway.js';
import { NO_RATE_LIMIT, startGatewayWith } from '../hardening/gateway.js';
import { LOOPBACK_RECEIVERS } from '../webhooks/support.js';
import { teamRowCounts, testDb } from '../support/db.js';
import { seed } from '../support/seed.js';
import { ADMIN_TOKEN, fullTeam, gqlRaw, hex, MUTATION_DOCS, rootOperations, validVars, type FullTeam } from './support-ops.js';

let env: TestGateway;
const db = testDb();
beforeAll(async () => {
  env = await startGatewayWith({ ...NO_RATE_LIMIT, ...LOOPBACK_RECEIVERS }); // one team's key makes every mutation in a row
});
afterAll(async () => {
  await db.$disconnect();
  await env.stop();
});

type Data = Record<string, any>;

interface AuditCase {
  mutation: string;
  action: string;
  targetType: string;
  targetId: (data: Data, f: FullTeam) => string;
  before: boolean;
  after: boolean;
  /** Whose snapshot `before` is, when not the target's (an edit's parent version). */
  beforeId?: (data: Data, f: FullTeam) => string;
  /** Further checks of the snapshots. */
  check?: (event: AuditEvent, f: FullTeam) => void;
}

const json = (v: unknown) => v as Data;

/** In execution order: later cases use what earlier ones left (one shared team). */
const CASES: AuditCase[] = [
  { mutation: 'updateTeam', action: 'team.update', targetType: 'Team', targetId: (_d, f) => f.team.id, before: true, after: true,
    check: (e) => expect(json(e.after).displayName).not.toBe(json(e.before).displayName) },
  { mutation: 'updateTeamAwsSettings', action: 'team.updateAwsSettings', targetType: 'Team', targetId: (_d, f) => f.team.id, before: true, after: true,
    check: (e) => expect(json(e.after).awsRegion).toBe('eu-west-1') },
  { mutation: 'updateTeamRetention', action: 'team.updateRetention', targetType: 'Team', targetId: (_d, f) => f.team.id, before: true, after: true,
    check: (e) => {
      expect(json(e.before)).toMatchObject({ retentionWebhookDeliveriesDays: 30, retentionOutboxDays: 7 });
      expect(json(e.after)).toMatchObject({ retentionWebhookDeliveriesDays: 14, retentionOutboxDays: 3, retentionExecutionsDays: 400 });
    } },
  { mutation: 'createApiKey', action: 'apiKey.create', targetType: 'ApiKey', targetId: (d) => d['createApiKey'].apiKey.id, before: false, after: true,
    check: (e) => expect(json(e.after)).toMatchObject({ role: 'VIEWER', revokedAt: null }) },
  { mutation: 'revokeApiKey', action: 'apiKey.revoke', targetType: 'ApiKey', targetId: (_d, f) => f.key.id, before: true, after: true,
    check: (e) => { expect(json(e.before).revokedAt).toBeNull(); expect(json(e.after).revokedAt).not.toBeNull(); } },
  { mutation: 'addMember', action: 'member.add', targetType: 'Member', targetId: (d) => d['addMember'].id, before: false, after: true },
  { mutation: 'updateMember', action: 'member.update', targetType: 'Member', targetId: (_d, f) => f.member.id, before: true, after: true,
    check: (e) => { expect(json(e.before).role).toBe('EDITOR'); expect(json(e.after).role).toBe('VIEWER'); } },
  { mutation: 'removeMember', action: 'member.remove', targetType: 'Member', targetId: (_d, f) => f.member.id, before: true, after: false },
  { mutation: 'createMonitor', action: 'monitor.create', targetType: 'Monitor', targetId: (d) => d['createMonitor'].id, before: false, after: true },
  { mutation: 'updateMonitor', action: 'monitor.update', targetType: 'Monitor', targetId: (_d, f) => f.monitors.DATA_QUALITY.id, before: true, after: true,
    check: (e) => expect(JSON.stringify(e.after)).not.toEqual(JSON.stringify(e.before)) },
  { mutation: 'moveMonitor', action: 'monitor.move', targetType: 'Monitor', targetId: (_d, f) => f.monitors.MODEL_EXPLAINABILITY.id, before: true, after: true,
    check: (e, f) => {
      expect([json(e.before).backend, json(e.after).backend]).toEqual(['BUILTIN', 'SAGEMAKER']);
      expect(json(e.after).schedules).toMatchObject([{ id: f.stoppedSchedule.id, status: 'STOPPED' }]);
    } },
  { mutation: 'deleteMonitor', action: 'monitor.delete', targetType: 'Monitor', targetId: (_d, f) => f.monitors.MODEL_BIAS.id, before: true, after: false },
  { mutation: 'requestBaseline', action: 'baseline.request', targetType: 'Baseline', targetId: (d) => d['requestBaseline'].id, before: false, after: true },
  { mutation: 'editBaselineConstraints', action: 'baseline.editConstraints', targetType: 'Baseline', targetId: (d) => d['editBaselineConstraints'].id, before: true, after: true, beforeId: (_d, f) => f.baseline.id,
    check: (e, f) => { expect(json(e.before).id).toBe(f.baseline.id); expect(json(e.after)).toMatchObject({ source: 'EDITED', parentId: f.baseline.id }); } },
  { mutation: 'createSchedule', action: 'schedule.create', targetType: 'Schedule', targetId: (d) => d['createSchedule'].id, before: false, after: true,
    check: (e) => expect(json(e.after)).toMatchObject({ status: 'SCHEDULED', expression: 'cron(0 1 ? * * *)' }) },
  { mutation: 'runMonitorNow', action: 'schedule.runNow', targetType: 'Schedule', targetId: (d) => d['runMonitorNow'].schedule.id, before: false, after: true,
    check: (e) => expect(json(e.after)).toMatchObject({ status: 'SCHEDULED', expression: 'NOW', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }) },
  { mutation: 'updateSchedule', action: 'schedule.update', targetType: 'Schedule', targetId: (_d, f) => f.schedule.id, before: true, after: true,
    check: (e) => { expect(json(e.before).expression).toBe('cron(0 * ? * * *)'); expect(json(e.after).expression).toBe('cron(0 2 ? * * *)'); } },
  { mutation: 'startSchedule', action: 'schedule.start', targetType: 'Schedule', targetId: (_d, f) => f.stoppedSchedule.id, before: true, after: true,
    check: (e) => { expect(json(e.before).status).toBe('STOPPED'); expect(json(e.after).status).toBe('SCHEDULED'); } },
  { mutation: 'stopSchedule', action: 'schedule.stop', targetType: 'Schedule', targetId: (_d, f) => f.schedule.id, before: true, after: true,
    check: (e) => { expect(json(e.before).status).toBe('SCHEDULED'); expect(json(e.after).status).toBe('STOPPED'); } },
  { mutation: 'reconcileSchedules', action: 'schedules.reconcile_checked', targetType: 'Team', targetId: (_d, f) => f.team.id, before: false, after: true,
    check: (e) => expect(json(e.after)).toMatchObject({ repair: true, checked: 4, drifts: 0, repaired: 0, errors: 0 }) },
  { mutation: 'deleteSchedule', action: 'schedule.delete', targetType: 'Schedule', targetId: (_d, f) => f.schedule.id, before: true, after: false },
  { mutation: 'createWebhook', action: 'webhook.create', targetType: 'Webhook', targetId: (d) => d['createWebhook'].webhook.id, before: false, after: true,
    check: (e) => { expect(json(e.after)).toMatchObject({ format: 'SLACK', active: true }); expect(JSON.stringify(e.after)).not.toMatch(/secretEncrypted|whsec_[A-Za-z0-9_-]{20}/); } },
  { mutation: 'updateWebhook', action: 'webhook.update', targetType: 'Webhook', targetId: (_d, f) => f.webhooks.webhook.id, before: true, after: true,
    check: (e) => { expect(json(e.before).url).not.toBe(json(e.after).url); expect(json(e.after).filter).toEqual({ checkType: 'baseline_drift_check' }); expect(json(e.after).secretEncrypted).toBeUndefined(); } },
  { mutation: 'redeliverWebhookDelivery', action: 'webhookDelivery.redeliver', targetType: 'WebhookDelivery', targetId: (_d, f) => f.webhooks.deadDelivery.id, before: true, after: true,
    check: (e) => { expect(json(e.before)).toMatchObject({ status: 'DEAD', attempts: 1 }); expect(json(e.after)).toMatchObject({ status: 'PENDING', attempts: 0 }); } },
  { mutation: 'muteAlerts', action: 'alertMute.create', targetType: 'AlertMute', targetId: (d) => d['muteAlerts'].id, before: false, after: true,
    check: (e, f) => expect(json(e.after)).toMatchObject({ monitorId: f.monitors.DATA_QUALITY.id, featureName: 'age', reason: 'known drift' }) },
  { mutation: 'unmuteAlerts', action: 'alertMute.delete', targetType: 'AlertMute', targetId: (_d, f) => f.alertMute.id, before: true, after: false },
  { mutation: 'redeliverWebhookDeliveries', action: 'webhookDelivery.redeliverMany', targetType: 'Webhook', targetId: (_d, f) => f.webhooks.webhook.id, before: false, after: true,
    check: (e, f) => expect(json(e.after)).toMatchObject({ count: expect.any(Number), filter: { webhookId: f.webhooks.webhook.id, status: 'DEAD' } }) },
  { mutation: 'testWebhook', action: 'webhook.test', targetType: 'Webhook', targetId: (_d, f) => f.webhooks.webhook.id, before: false, after: true,
    check: (e) => expect(json(e.after)).toMatchObject({ ok: expect.any(Boolean), durationMs: expect.any(Number) }) },
  { mutation: 'deleteWebhook', action: 'webhook.delete', targetType: 'Webhook', targetId: (_d, f) => f.webhooks.webhook.id, before: true, after: false },
  { mutation: 'registerTrustedDocuments', action: 'trustedDocument.register', targetType: 'TrustedDocument', targetId: (d) => d['registerTrustedDocuments'].documents[0].id, before: false, after: true,
    check: (e) => expect(json(e.after)).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), name: expect.stringMatching(/^Fixture_/) }) },
  { mutation: 'removeTrustedDocuments', action: 'trustedDocument.remove', targetType: 'TrustedDocument', targetId: (_d, f) => f.trustedDocument.id, before: true, after: false,
    check: (e, f) => expect(json(e.before).sha256).toBe(f.trustedDocument.hash) },
];

/** Keys named `hash` anywhere in a JSON value. */
function hashKeys(value: unknown, path = '$'): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => hashKeys(v, `${path}[${i}]`));
  return Object.entries(value).flatMap(([k, v]) => [...(k.toLowerCase() === 'hash' ? [`${path}.${k}`] : []), ...hashKeys(v, `${path}.${k}`)]);
}

const newEvents = (teamId: string, afterId: bigint) => db.auditEvent.findMany({ where: { teamId, id: { gt: afterId } }, orderBy: { id: 'asc' } });
const lastId = async (teamId: string) => (await db.auditEvent.findFirst({ where: { teamId }, orderBy: { id: 'desc' } }))?.id ?? 0n;

describe('every successful mutation writes exactly one audit event', () => {
  let f: FullTeam;
  let vars: Record<string, Record<string, unknown>>;
  beforeAll(async () => {
    f = await fullTeam(env);
    vars = validVars(f);
  });

  it('covers every mutation of the schema', async () => {
    const { mutations } = await rootOperations(env, f.team.adminKey);
    // importSageMakerSchedules needs a SageMaker account: its sagemaker.import events are checked in test/sagemaker/import.test.ts.
    const covered = new Set(['createTeam', 'issueBreakGlassKey', 'importSageMakerSchedules', ...CASES.map((c) => c.mutation)]);
    expect(mutations.filter((m) => !covered.has(m))).toEqual([]);
  });

  it('createTeam writes team.create and apiKey.create, by the admin token, with the request id', async () => {
    const requestId = `audit-${hex(6)}`;
    const r = await gqlRaw(env, ADMIN_TOKEN(), MUTATION_DOCS['createTeam'] as string, vars['createTeam'], { 'x-request-id': requestId });
    expect(r.errors).toBeUndefined();
    expect(r.headers.get('x-request-id')).toBe(requestId);
    const created = r.data?.['createTeam'];
    const events = await db.auditEvent.findMany({ where: { teamId: created.team.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actor, e.actorKeyId, e.requestId])).toEqual([
      ['team.create', 'Team', created.team.id, 'admin-token', null, requestId],
      ['apiKey.create', 'ApiKey', created.apiKey.id, 'admin-token', null, requestId],
    ]);
    for (const e of events) {
      expect(e.before).toBeNull();
      expect(json(e.after).id).toBe(e.targetId);
      expect(hashKeys(e.after)).toEqual([]);
      expect(JSON.stringify(e.after)).not.toContain(created.secret);
    }
  });

  it('issueBreakGlassKey writes apiKey.breakGlass, by the admin token, with the reason and the request id', async () => {
    const requestId = `audit-${hex(6)}`;
    const since = await lastId(f.team.id);
    const r = await gqlRaw(env, ADMIN_TOKEN(), MUTATION_DOCS['issueBreakGlassKey'] as string, vars['issueBreakGlassKey'], { 'x-request-id': requestId });
    expect(r.errors).toBeUndefined();
    const issued = r.data?.['issueBreakGlassKey'];
    const events = await db.auditEvent.findMany({ where: { teamId: f.team.id, id: { gt: since } } });
    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actor, e.actorKeyId, e.requestId])).toEqual([
      ['apiKey.breakGlass', 'ApiKey', issued.apiKey.id, 'admin-token', null, requestId],
    ]);
    expect(json(events[0]!.after)).toMatchObject({ id: issued.apiKey.id, role: 'ADMIN', reason: vars['issueBreakGlassKey']!['reason'] });
    expect(hashKeys(events[0]!.after)).toEqual([]);
    expect(JSON.stringify(events[0]!.after)).not.toContain(issued.secret);
  });

  it.each(CASES.map((c) => [c.mutation, c] as const))('%s', async (_m, c) => {
    const requestId = `audit-${c.mutation}-${hex(4)}`;
    const since = await lastId(f.team.id);
    const r = await gqlRaw(env, f.team.adminKey, MUTATION_DOCS[c.mutation] as string, vars[c.mutation], { 'x-request-id': requestId });
    expect(r.errors).toBeUndefined();
    expect(r.headers.get('x-request-id')).toBe(requestId);
    const events = await newEvents(f.team.id, since);
    expect(events).toHaveLength(1);
    const e = events[0] as AuditEvent;
    const targetId = c.targetId(r.data as Data, f);
    expect({ action: e.action, targetType: e.targetType, targetId: e.targetId, actor: e.actor, actorKeyId: e.actorKeyId, requestId: e.requestId }).toEqual({
      action: c.action, targetType: c.targetType, targetId, actor: `key:${f.team.adminKeyId}`, actorKeyId: f.team.adminKeyId, requestId,
    });
    if (c.before) expect(json(e.before).id).toBe(c.beforeId ? c.beforeId(r.data as Data, f) : targetId);
    else expect(e.before).toBeNull();
    if (c.after) expect(json(e.after).id).toBe(targetId);
    else expect(e.after).toBeNull();
    expect(hashKeys(e.before)).toEqual([]);
    expect(hashKeys(e.after)).toEqual([]);
    c.check?.(e, f);
    // The API shows the same event, newest first.
    const listed = await gqlRaw(env, f.team.adminKey, '{ auditEvents(first: 1) { edges { node { id action targetType targetId actor actorKeyId requestId before after createdAt } } } }');
    expect(listed.data?.['auditEvents'].edges[0].node).toEqual({
      id: e.id.toString(), action: c.action, targetType: c.targetType, targetId, actor: `key:${f.team.adminKeyId}`, actorKeyId: f.team.adminKeyId,
      requestId, before: e.before, after: e.after, createdAt: e.createdAt.toISOString(),
    });
  });

  it('no-op changes (revoking a revoked key, starting a running schedule) write nothing', async () => {
    const g = await fullTeam(env);
    const revoked = await g.team.createKey('VIEWER');
    await g.team.call(MUTATION_DOCS['revokeApiKey'] as string, { id: revoked.id });
    const before = await teamRowCounts(db, g.team.id);
    await g.team.call(MUTATION_DOCS['revokeApiKey'] as string, { id: revoked.id });
    await g.team.call(MUTATION_DOCS['startSchedule'] as string, { id: g.schedule.id });
    await g.team.call(MUTATION_DOCS['stopSchedule'] as string, { id: g.stoppedSchedule.id });
    expect(await teamRowCounts(db, g.team.id)).toEqual(before);
  });

  it('without (or with an unusable) x-request-id the gateway makes one, and the event carries it', async () => {
    const g = await seed(env).createTeam();
    for (const headers of [{}, { 'x-request-id': 'has spaces and is bad' }, { 'x-request-id': 'x'.repeat(65) }] as Array<Record<string, string>>) {
      const since = await lastId(g.id);
      const r = await gqlRaw(env, g.adminKey, MUTATION_DOCS['addMember'] as string, { input: { email: `r-${hex()}@example.com`, displayName: 'R', role: 'VIEWER' } }, headers);
      expect(r.errors).toBeUndefined();
      const header = r.headers.get('x-request-id');
      expect(header).toMatch(/^[0-9a-f-]{36}$/);
      const events = await newEvents(g.id, since);
      expect(events.map((e) => e.requestId)).toEqual([header]);
    }
  });

  it('no audit JSON of any team holds a hash field or a key secret', async () => {
    const rows = await db.auditEvent.findMany({ where: { teamId: f.team.id } });
    expect(rows.length).toBeGreaterThan(CASES.length);
    expect(rows.flatMap((e) => [...hashKeys(e.before), ...hashKeys(e.after)])).toEqual([]);
    expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(f.team.adminKey);
    const leaky = await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*)::bigint AS n FROM "AuditEvent" WHERE "before"::text ~ '"hash"' OR "after"::text ~ '"hash"'`);
    expect(Number(leaky[0]?.n)).toBe(0);
  });
});

describe('the auditEvents query', () => {
  const PAGE = `query($first: Int, $after: String, $filter: AuditEventFilter) {
    auditEvents(first: $first, after: $after, filter: $filter) { edges { cursor node { id action targetType targetId actorKeyId createdAt } } pageInfo { hasNextPage endCursor } } }`;

  it('paginates newest first with first/after, without gaps or repeats', async () => {
    const t = await seed(env).createTeam();
    for (let i = 0; i < 5; i++) await t.call(MUTATION_DOCS['addMember'] as string, { input: { email: `p${i}-${hex()}@example.com`, displayName: `P${i}`, role: 'VIEWER' } });
    const all = (await t.call(PAGE, { first: 100 }))['auditEvents'];
    expect(all.pageInfo.hasNextPage).toBe(false);
    const ids: string[] = all.edges.map((e: Data) => e.node.id);
    expect(ids).toHaveLength(7);
    expect(ids.map(BigInt)).toEqual([...ids.map(BigInt)].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    expect(all.edges.map((e: Data) => e.node.action)).toEqual(['member.add', 'member.add', 'member.add', 'member.add', 'member.add', 'apiKey.create', 'team.create']);
    const times = all.edges.map((e: Data) => Date.parse(e.node.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const pages: string[][] = [];
    const more: boolean[] = [];
    let after: string | null = null;
    do {
      const page: Data = (await t.call(PAGE, { first: 3, after }))['auditEvents'];
      pages.push(page['edges'].map((e: Data) => e.node.id));
      more.push(page['pageInfo'].hasNextPage);
      after = page['pageInfo'].hasNextPage ? page['pageInfo'].endCursor : null;
      expect(page['pageInfo'].endCursor).toBe(page['edges'].at(-1)?.cursor ?? null);
    } while (after && pages.length < 10);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(more).toEqual([true, true, false]);
    expect(pages.flat()).toEqual(ids);
  });

  it('filters by action, targetType, targetId and actorKeyId, and only within the team', async () => {
    const t = await seed(env).createTeam();
    const other = await seed(env).createTeam();
    const editor = await t.createKey('ADMIN');
    const m = await t.call(MUTATION_DOCS['addMember'] as string, { input: { email: `f-${hex()}@example.com`, displayName: 'F', role: 'VIEWER' } });
    const memberId: string = m['addMember'].id;
    await t.call(MUTATION_DOCS['updateMember'] as string, { id: memberId, input: { displayName: 'F2' } }, editor.secret);
    await t.call(MUTATION_DOCS['addMember'] as string, { input: { email: `g-${hex()}@example.com`, displayName: 'G', role: 'VIEWER' } });
    await other.call(MUTATION_DOCS['addMember'] as string, { input: { email: `h-${hex()}@example.com`, displayName: 'H', role: 'VIEWER' } });
    const q = async (filter: Record<string, unknown>) => ((await t.call(PAGE, { filter }))['auditEvents'].edges as Data[]).map((e) => `${e['node'].action}:${e['node'].targetId}`);
    expect(await q({ action: 'member.add' })).toHaveLength(2);
    expect(await q({ targetType: 'Team' })).toEqual([`team.create:${t.id}`]);
    expect(await q({ targetId: memberId })).toEqual([`member.update:${memberId}`, `member.add:${memberId}`]);
    expect(await q({ action: 'member.update', targetType: 'Member', targetId: memberId })).toEqual([`member.update:${memberId}`]);
    expect(await q({ actorKeyId: editor.id })).toEqual([`member.update:${memberId}`]);
    expect(await q({ action: 'monitor.create' })).toEqual([]);
    expect(await q({ targetType: 'Team', targetId: other.id })).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await q({ from: future })).toEqual([]);
    expect(await q({ to: '2000-01-01T00:00:00.000Z' })).toEqual([]);
  });

  it('is ADMIN only: VIEWER and EDITOR keys are FORBIDDEN', async () => {
    const t = await seed(env).createTeam();
    for (const role of ['VIEWER', 'EDITOR'] as const) {
      const key = await t.createKey(role);
      const r = await refused(env.url, key.secret, '{ auditEvents { edges { node { id action } } } }');
      expect(r).toMatchObject({ code: 'FORBIDDEN' });
      expect(r.message).toContain('needs the ADMIN role');
    }
  });
});

describe('the database keeps AuditEvent append-only', () => {
  it('refuses UPDATE and DELETE of audit rows', async () => {
    const t = await seed(env).createTeam();
    const before = await db.auditEvent.findMany({ where: { teamId: t.id }, orderBy: { id: 'asc' } });
    expect(before).toHaveLength(2);
    await expect(db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'tampered' WHERE "teamId" = $1::uuid`, t.id)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "teamId" = $1::uuid`, t.id)).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.updateMany({ where: { teamId: t.id }, data: { actor: 'someone-else' } })).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.deleteMany({ where: { teamId: t.id } })).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.findMany({ where: { teamId: t.id }, orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('refuses TRUNCATE (tried in a transaction that is rolled back either way)', async () => {
    const rollback = new Error('rollback');
    const attempt = db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('TRUNCATE "AuditEvent"');
      throw rollback;
    });
    await expect(attempt).rejects.toThrow(/append-only/);
  });
});
