// Digests over HTTP and the real delivery path: a model-quality run with eleven violations
// makes ONE message per DIGEST or SLACK webhook (counts, top violations, playground links),
// GENERIC keeps one per violation; a fan-out run twice sends and counts nothing twice;
// identical violations within a webhook's repeatWindowMinutes are held back and counted.
import { readFile } from 'node:fs/promises';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';
import { createWebhook, deliverAll, fanOutAgain, LOG, modelQualityMonitor } from './alert-support.js';
import { LOOPBACK_RECEIVERS, startTarget, type Target } from './support.js';

let env: TestGateway;
const targets: Target[] = [];
beforeAll(async () => {
  env = await startTestGateway(LOOPBACK_RECEIVERS);
});
afterAll(async () => {
  for (const t of targets) await t.close();
  await env.stop();
});

async function receiver(): Promise<Target> {
  const t = await startTarget(() => 200);
  targets.push(t);
  return t;
}

const bodies = (t: Target) => t.received.map((r) => JSON.parse(r.body));

/** The keys of a JSON value, recursively (an array by its first item); leaves are '·'. */
function shapeOf(v: unknown): unknown {
  if (Array.isArray(v)) return [v.length > 0 ? shapeOf(v[0]) : '·'];
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shapeOf((v as Record<string, unknown>)[k])]));
  return '·';
}

/** The JSON block of the README's "Digests, mutes and repeats". */
async function readmeDigest(): Promise<unknown> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^### Digests, mutes and repeats$/m)[1]!.split(/^##/m)[0]!;
  return JSON.parse(/^```json\n([\s\S]*?)^```$/m.exec(section)![1]!);
}
const at = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00.000Z`);

describe('webhook digests', () => {
  it('one model-quality run with 11 violations: one DIGEST message and one SLACK message, with counts, the top 5 and links; GENERIC gets 11', async () => {
    const team = await seed(env).createTeam();
    const { monitor, run } = await modelQualityMonitor(env, team);
    const [digest, slack, generic] = [await receiver(), await receiver(), await receiver()];
    const d = await createWebhook(team, { url: digest.url, format: 'DIGEST' });
    await createWebhook(team, { url: slack.url, format: 'SLACK' });
    await createWebhook(team, { url: generic.url });
    // People read DIGEST and SLACK: repeats are held back an hour by default; programs read GENERIC: every event.
    const windows = (await team.call('{ webhooks { edges { node { format repeatWindowMinutes } } } }'))['webhooks'].edges.map((e: any) => e.node);
    expect(windows).toEqual(expect.arrayContaining([{ format: 'DIGEST', repeatWindowMinutes: 60 }, { format: 'SLACK', repeatWindowMinutes: 60 }, { format: 'GENERIC', repeatWindowMinutes: 0 }]));
    const executionId = await run(at('10:00'));
    await deliverAll(env, team.id);

    expect(digest.received).toHaveLength(1);
    expect(slack.received).toHaveLength(1);
    expect(generic.received).toHaveLength(11);
    expect(digest.received[0]?.headers['x-mmg-event-id']).toBe(`digest:${executionId}`);
    const [body] = bodies(digest);
    expect(body).toMatchObject({
      type: 'EXECUTION_DIGEST', id: `digest:${executionId}`,
      monitor: { id: monitor.id, name: monitor.name, type: 'MODEL_QUALITY' },
      execution: { id: executionId, status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: '2026-11-20T10:00:00.000Z', reportUri: expect.stringMatching(/^s3:\/\/reports\//) },
      violations: { total: 11, muted: 0, repeated: 0, byCheckType: [{ checkType: 'LessThanThreshold', count: 6 }, { checkType: 'GreaterThanThreshold', count: 3 }, { checkType: 'missing_column_check', count: 2 }] },
    });
    expect(body.violations.top).toHaveLength(5);
    expect(body.violations.top[0]).toEqual({ featureName: expect.any(String), checkType: expect.any(String), metricName: expect.anything(), facetValue: null, description: expect.any(String), repeats: 0, repeatsSince: null });
    const link = new URL(body.links.execution);
    expect(`${link.origin}${link.pathname}`).toBe('https://monitor.example.com/playground');
    expect(link.searchParams.get('query')).toMatch(/execution\(id: \$id\)/);
    expect(JSON.parse(link.searchParams.get('variables') as string)).toEqual({ id: executionId });
    expect(new URL(body.links.report).searchParams.get('query')).toMatch(/report \{ violations \}/);
    expect(body.links.reportUri).toBe(body.execution.reportUri);

    // The README's example digest has the shape of this real one.
    expect(shapeOf(await readmeDigest())).toEqual(shapeOf(body));

    const [message] = bodies(slack);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: `${monitor.name}: COMPLETED_WITH_VIOLATIONS, 11 violations` } });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('LessThanThreshold: *6*');
    expect(text).toContain('…and 6 more');
    // Model-quality violations are model level: each line is named by its metric, never empty.
    expect(text).not.toContain('• **');
    const actions = message.blocks.find((b: { type: string }) => b.type === 'actions');
    expect(actions.elements.map((e: { url: string }) => e.url)).toEqual([body.links.execution, body.links.report]);

    // The delivery log over HTTP: one EXECUTION_DIGEST delivery, its event the digest.
    const log = (await team.call(LOG, { id: d.webhook.id }))['webhook'].deliveries.edges.map((e: any) => e.node);
    expect(log).toEqual([expect.objectContaining({ eventId: `digest:${executionId}`, eventType: 'EXECUTION_DIGEST', status: 'DELIVERED' })]);
    expect(log[0].event.violations.total).toBe(11);

    // The fan-out runs again over every event: nothing new, nothing counted, nothing sent.
    const repeatsBefore = await env.gateway.services.db.alertRepeat.findMany({ orderBy: [{ channelId: 'asc' }, { featureName: 'asc' }] });
    expect(await fanOutAgain(env, team.id)).toBe(0);
    expect(await env.gateway.services.db.alertRepeat.findMany({ orderBy: [{ channelId: 'asc' }, { featureName: 'asc' }] })).toEqual(repeatsBefore);
    await deliverAll(env, team.id);
    expect([digest.received.length, slack.received.length, generic.received.length]).toEqual([1, 1, 11]);
  });

  it('repeats within repeatWindowMinutes are held back and counted; the next one sent says how many, since when', async () => {
    const team = await seed(env).createTeam();
    const { run } = await modelQualityMonitor(env, team);
    const [digest, generic] = [await receiver(), await receiver()];
    const d = await createWebhook(team, { url: digest.url, format: 'DIGEST', repeatWindowMinutes: 60 });
    const g = await createWebhook(team, { url: generic.url, repeatWindowMinutes: 60 });
    const one = [{ featureName: 'recall', metricName: 'recall', checkType: 'LessThanThreshold', description: 'recall 0.61 is less than the threshold 0.9' }];
    for (const time of ['10:00', '10:20', '10:40']) await run(at(time), one);
    await deliverAll(env, team.id);
    expect(digest.received).toHaveLength(1);
    expect(generic.received).toHaveLength(1);
    const suppressed = async (id: string) => (await team.call(LOG, { id }))['webhook'].deliveries.edges.map((e: any) => e.node).filter((n: any) => n.status === 'SUPPRESSED');
    expect((await suppressed(g.webhook.id)).map((n: any) => n.lastError)).toEqual(['repeat of a violation sent within the last 60 minutes', 'repeat of a violation sent within the last 60 minutes']);
    expect(await suppressed(d.webhook.id)).toHaveLength(2);

    // Replaying the fan-out counts nothing twice.
    expect(await fanOutAgain(env, team.id)).toBe(0);
    await run(at('11:05'), one); // 65 minutes after the one sent: a new window
    await deliverAll(env, team.id);
    const [sentGeneric] = bodies(generic).slice(1);
    expect(sentGeneric).toMatchObject({ type: 'VIOLATION_DETECTED', repeats: 2, repeatsSince: '2026-11-20T10:00:00.000Z', data: { featureName: '', metricName: 'recall' } });
    const [sentDigest] = bodies(digest).slice(1);
    expect(sentDigest.violations).toMatchObject({ total: 1, repeated: 0, top: [{ featureName: '', metricName: 'recall', repeats: 2, repeatsSince: '2026-11-20T10:00:00.000Z' }] });
    expect([digest.received.length, generic.received.length]).toEqual([2, 2]);
  });
});
