// Alert mutes over HTTP: a muted monitor's run reaches no webhook (its delivery is
// SUPPRESSED), a feature mute leaves that feature out of the digest and counts it, mute
// and unmute are audited, an expired mute stops applying by itself, and bad input is
// refused with its field and stores nothing.
import { randomUUID } from 'node:crypto';
import { gql, refused, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { createWebhook, deliverAll, LOG, modelQualityMonitor } from './alert-support.js';
import { LOOPBACK_RECEIVERS, startTarget, type Target } from './support.js';

let env: TestGateway;
let target: Target;
beforeAll(async () => {
  env = await startTestGateway(LOOPBACK_RECEIVERS);
  target = await startTarget(() => 200);
});
afterAll(async () => {
  await target.close();
  await env.stop();
});

const MUTE = 'mutation($input: MuteAlertsInput!) { muteAlerts(input: $input) { id featureName until reason active createdBy monitor { id } } }';
const UNMUTE = 'mutation($id: ID!) { unmuteAlerts(id: $id) { id } }';
const MUTES = 'query($f: AlertMuteFilter) { alertMutes(filter: $f) { edges { node { id featureName active } } } }';
const MUTES_COUNTED = 'query($f: AlertMuteFilter) { alertMutes(filter: $f) { edges { node { id featureName active } } totalCount } }';
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const at = (h: number) => new Date(Date.UTC(2026, 10, 21, h));

describe('alert mutes', () => {
  it('a muted monitor gets no digest; a feature mute is counted; mute and unmute are audited', async () => {
    const team = await seed(env).createTeam();
    const editor = await team.createKey('EDITOR');
    const { monitor, run } = await modelQualityMonitor(env, team);
    const { webhook } = await createWebhook(team, { url: target.url, format: 'DIGEST', repeatWindowMinutes: 0 });
    const before = target.received.length;

    const muted = (await team.call(MUTE, { input: { monitorId: monitor.id, until: inMinutes(60), reason: 'retraining' } }, editor.secret))['muteAlerts'];
    expect(muted).toMatchObject({ featureName: null, reason: 'retraining', active: true, createdBy: `key:${editor.id}`, monitor: { id: monitor.id } });
    expect((await team.call(MUTES, { f: { monitorId: monitor.id } }))['alertMutes'].edges.map((e: any) => e.node.id)).toEqual([muted.id]);
    const executionId = await run(at(1));
    await deliverAll(env, team.id);
    expect(target.received.length).toBe(before);
    const log = (await team.call(LOG, { id: webhook.id }))['webhook'].deliveries.edges.map((e: any) => e.node);
    expect(log).toEqual([expect.objectContaining({ eventId: `digest:${executionId}`, status: 'SUPPRESSED', lastError: expect.stringContaining(`mute ${muted.id}: retraining`) })]);

    expect((await team.call(UNMUTE, { id: muted.id }, editor.secret))['unmuteAlerts']).toEqual({ id: muted.id });
    const feature = (await team.call(MUTE, { input: { monitorId: monitor.id, featureName: 'recall', until: inMinutes(60) } }, editor.secret))['muteAlerts'];
    await run(at(2));
    await deliverAll(env, team.id);
    expect(target.received.length).toBe(before + 1);
    const digest = JSON.parse(target.received.at(-1)?.body as string);
    expect(digest.violations).toMatchObject({ total: 11, muted: 1, repeated: 0 });
    expect(digest.violations.byCheckType).toContainEqual({ checkType: 'LessThanThreshold', count: 5 });
    // Model-quality violations are model level (featureName ''): the mute names the metric.
    expect(digest.violations.top.map((v: { metricName: string }) => v.metricName)).not.toContain('recall');

    const audit = (await team.call('query($f: AuditEventFilter) { auditEvents(filter: $f) { edges { node { action targetId actor before after } } } }', { f: { targetType: 'AlertMute' } }))['auditEvents'].edges.map((e: any) => e.node);
    expect(audit.map((e: any) => [e.action, e.targetId])).toEqual([['alertMute.create', feature.id], ['alertMute.delete', muted.id], ['alertMute.create', muted.id]]);
    expect(audit[1]).toMatchObject({ actor: `key:${editor.id}`, before: { id: muted.id, monitorId: monitor.id, reason: 'retraining' }, after: null });
  });

  it('an expired mute stops applying by itself', async () => {
    const team = await seed(env).createTeam();
    const { monitor, run } = await modelQualityMonitor(env, team);
    await createWebhook(team, { url: target.url, format: 'DIGEST', repeatWindowMinutes: 0 });
    const until = new Date(Date.now() + 2_000);
    const m = (await team.call(MUTE, { input: { monitorId: monitor.id, until: until.toISOString() } }))['muteAlerts'];
    const before = target.received.length;
    // That a mute holds alerts back while it applies is the first test's; here only that it
    // lapses (sending a run inside a 2 s mute would race the clock on a loaded machine).
    await new Promise((r) => setTimeout(r, Math.max(0, until.getTime() - Date.now()) + 100));
    const listed = (await team.call(MUTES_COUNTED, { f: { monitorId: monitor.id } }))['alertMutes'];
    expect(listed).toEqual({ edges: [], totalCount: 0 });
    const all = (await team.call(MUTES_COUNTED, { f: { monitorId: monitor.id, includeExpired: true } }))['alertMutes'];
    expect(all).toEqual({ edges: [{ node: { id: m.id, featureName: null, active: false } }], totalCount: 1 });
    await run(at(4));
    await deliverAll(env, team.id);
    expect(target.received.length).toBe(before + 1);
  });

  it('refuses bad input with its field and stores nothing; a VIEWER cannot mute', async () => {
    const team = await seed(env).createTeam();
    const viewer = await team.createKey('VIEWER');
    const m = await team.createMonitor('DATA_QUALITY');
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ monitorId: m.id, until: '2020-01-01T00:00:00Z' }, 'BAD_USER_INPUT', 'input.until'],
      [{ monitorId: m.id, until: inMinutes(60 * 24 * 400) }, 'BAD_USER_INPUT', 'input.until'],
      [{ monitorId: m.id, until: inMinutes(5), featureName: ' ' }, 'BAD_USER_INPUT', 'input.featureName'],
      [{ monitorId: randomUUID(), until: inMinutes(5) }, 'NOT_FOUND', 'input.monitorId'],
      [{ monitorId: 'monitor-1', until: inMinutes(5) }, 'NOT_FOUND', 'input.monitorId'],
    ];
    for (const [input, code, field] of cases) expect(await refused(env.url, team.adminKey, MUTE, { input })).toMatchObject({ code, field });
    expect(await refused(env.url, team.adminKey, UNMUTE, { id: randomUUID() })).toMatchObject({ code: 'NOT_FOUND' });
    const r = await gql(env.url, viewer.secret, MUTE, { input: { monitorId: m.id, until: inMinutes(5) } });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await env.gateway.services.db.alertMute.count({ where: { teamId: team.id } })).toBe(0);
    expect(await env.gateway.services.db.auditEvent.count({ where: { teamId: team.id, targetType: 'AlertMute' } })).toBe(0);
  });
});
