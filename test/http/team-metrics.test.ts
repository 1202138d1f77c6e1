// GET /metrics/team over HTTP: a team's latest value and threshold of every series of its four
// kinds of monitors, in Prometheus text that a Prometheus parser reads (escaped labels too), equal
// to what metricSeries answers; another team's monitors never in it; 401 without a team key; one
// statement on a miss, none on a hit, and a new execution's points on the next scrape.
import parse from 'parse-prometheus-text-format';
import { startGateway } from '../../src/runtime/index.js';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import type { ExecutionReport } from '../../src/backends/types.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { NO_RATE_LIMIT } from '../hardening/gateway.js';
import type { TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';
import { completedBaseline, MUTATION_DOCS } from '../api/support-ops.js';
import { BIAS_ANALYSIS, BIAS_BASELINE_SAGEMAKER, DQ_CONSTRAINTS, DQ_STATISTICS, EXPLAINABILITY_ANALYSIS, MQ_CONSTRAINTS, MQ_STATISTICS } from '../metric-series/fixtures.js';

const TRANSACTION = /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i;
let statements: string[] = [];
let db: Db;
let env: TestGateway;
let metricsUrl: string;

beforeAll(async () => {
  db = createDb({ url: config().DATABASE_URL, poolSize: 4, onQuery: (sql) => { if (!TRANSACTION.test(sql)) statements.push(sql); } });
  const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };
  const gateway = await startGateway({ config: { ...config(), PORT: 0, ...NO_RATE_LIMIT }, db, backends });
  env = { gateway, backends, url: gateway.url, stop: () => gateway.stop() };
  metricsUrl = new URL('/metrics/team', gateway.url).toString();
});
afterAll(async () => {
  await env.stop();
  await db.$disconnect();
});

const scrape = (key: string | null, headers: Record<string, string> = {}) =>
  fetch(metricsUrl, { headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });

/** A feature name with every character a label value escapes. */
const ODD = 'say "hi"\\ \nnow';
const hour = (h: number) => new Date(Date.UTC(2026, 10, 20, h));
/** The document with every number halved: an older run whose values the scrape must not show. */
const halved = (doc: unknown): unknown => JSON.parse(JSON.stringify(doc), (_k, v: unknown) => (typeof v === 'number' ? v / 2 : v));
const DQ_LIVE = { ...DQ_STATISTICS, features: [...DQ_STATISTICS.features, { name: ODD, inferred_type: 'Integral', numerical_statistics: { common: { num_present: 9, num_missing: 1 }, mean: 2, sum: 18, std_dev: 1, min: 1, max: 3 } }] };
const DQ_BASE = { ...DQ_CONSTRAINTS, features: [...DQ_CONSTRAINTS.features, { name: ODD, inferred_type: 'Integral', completeness: 0.8 }] };
const DRIFT = [{ featureName: 'age', checkType: 'baseline_drift_check', description: 'Baseline drift distance: 0.2834 exceeds threshold: 0.2' }];
const SHAP_BASELINE = { version: '1.0', explanations: { kernel_shap: { label0: { global_shap_values: { age: 0.05, tenure: 0.3, plan: 0.2 }, expected_value: 0.4 } } } };
const BATCH = { endpointInput: null, batchTransformInput: { dataCapturedDestinationS3Uri: 's3://capture/batch', datasetFormat: { csvHeader: true } } };

async function monitorWithRuns(team: TeamFixture, type: Parameters<TeamFixture['createMonitor']>[0], baseline: unknown, report: ExecutionReport, overrides: Record<string, unknown> = {}) {
  const m = await team.createMonitor(type, overrides);
  await completedBaseline(env, team, m.id, baseline);
  const s = await team.createSchedule(m.id, { kind: 'HOURLY' });
  const run = (h: number, r: ExecutionReport) => env.backends.BUILTIN.putExecution(s.name, {
    executionId: `${s.name}-${h}`, status: 'COMPLETED', scheduledTime: hour(h), startedAt: hour(h), endedAt: hour(h), failureReason: null, reportUri: `s3://reports/${s.name}/${h}`,
  }, r);
  run(2, report);
  run(1, { violations: [], statistics: halved(report.statistics) });
  await env.gateway.services.executions.syncSchedule(team.id, s.id);
  return { ...m, schedule: s, run: async (h: number, r: ExecutionReport) => { run(h, r); await env.gateway.services.executions.syncSchedule(team.id, s.id); } };
}

/** The family a stored (feature, metric) of a monitor type is exposed as, and its extra labels; null when none (README's table). */
function expectedFamily(type: string, feature: string, metric: string): [string, Record<string, string>] | null {
  const dq: Record<string, string> = { max: 'max', min: 'min', sum: 'sum', sample_count: 'sample_count', mean: 'average' };
  if (type === 'DATA_QUALITY') {
    if (dq[metric]) return [`mmg_feature_data_${dq[metric]}`, {}];
    if (metric === 'completeness') return ['mmg_feature_non_null', {}];
    return metric === 'baseline_drift' ? ['mmg_feature_baseline_drift', {}] : null;
  }
  if (type === 'MODEL_QUALITY') return [`mmg_model_metric_${metric}`, {}];
  if (type === 'MODEL_BIAS') return [`mmg_bias_metric_${metric}`, { facet: feature.split('/')[0]!, facet_value: feature.split('/')[1]! }];
  const [name, label = 'label0'] = metric.split('.');
  return [`mmg_explainability_${name}`, { label }];
}

type Samples = Map<string, number>;
const sampleKey = (family: string, labels: Record<string, string>) => `${family} ${JSON.stringify(Object.entries(labels).sort())}`;

async function scraped(key: string): Promise<{ text: string; samples: Samples }> {
  const res = await scrape(key);
  expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8']);
  const text = await res.text();
  const samples: Samples = new Map();
  for (const f of parse(text)) {
    expect([f.type, f.help.length > 0]).toEqual(['GAUGE', true]);
    for (const m of f.metrics) samples.set(sampleKey(f.name, m.labels ?? {}), Number(m.value));
  }
  return { text, samples };
}

const SERIES = `query($m: ID!, $f: String, $n: String!) { metricSeries(monitorId: $m, feature: $f, metric: $n) { points { value threshold } } }`;
const NAMES = 'query($m: ID!) { metricNames(monitorId: $m) { feature metric } }';

/** What the scrape must hold for a monitor, from the API: each exposed series' latest point and its threshold. */
async function expectedOf(team: TeamFixture, m: { id: string; name: string; type: string }, endpoint: string): Promise<Samples> {
  const out: Samples = new Map();
  for (const { feature, metric } of (await team.call(NAMES, { m: m.id }))['metricNames'] as Array<{ feature: string; metric: string }>) {
    const family = expectedFamily(m.type, feature, metric);
    if (!family) continue;
    const last = (await team.call(SERIES, { m: m.id, f: feature, n: metric }))['metricSeries'].points.at(-1);
    const labels = { monitor: m.name, monitor_id: m.id, monitor_type: m.type, endpoint, feature, ...family[1] };
    out.set(sampleKey(family[0], labels), last.value);
    if (last.threshold !== null) out.set(sampleKey(`${family[0]}_threshold`, labels), last.threshold);
  }
  return out;
}

describe('GET /metrics/team', () => {
  let a: TeamFixture;
  let b: TeamFixture;
  let monitors: Array<Awaited<ReturnType<typeof monitorWithRuns>> & { endpoint: string }>;

  beforeAll(async () => {
    a = await seed(env).createTeam();
    b = await seed(env).createTeam();
    monitors = [
      { ...(await monitorWithRuns(a, 'DATA_QUALITY', DQ_BASE, { violations: DRIFT, statistics: DQ_LIVE }, BATCH)), endpoint: '' },
      { ...(await monitorWithRuns(a, 'MODEL_QUALITY', MQ_CONSTRAINTS, { violations: [], statistics: MQ_STATISTICS })), endpoint: 'churn-ep' },
      { ...(await monitorWithRuns(a, 'MODEL_BIAS', BIAS_BASELINE_SAGEMAKER, { violations: [], statistics: BIAS_ANALYSIS })), endpoint: 'churn-ep' },
      { ...(await monitorWithRuns(a, 'MODEL_EXPLAINABILITY', SHAP_BASELINE, { violations: [], statistics: EXPLAINABILITY_ANALYSIS })), endpoint: 'churn-ep' },
    ];
    await monitorWithRuns(b, 'DATA_QUALITY', DQ_BASE, { violations: [], statistics: DQ_STATISTICS });
  });

  it('holds the latest value and threshold of every series of the four monitor types, as the API reads them', async () => {
    const { samples, text } = await scraped(a.adminKey);
    const expected: Samples = new Map();
    for (const m of monitors) for (const [k, v] of await expectedOf(a, m, m.endpoint)) expected.set(k, v);
    const exposed = new Map([...samples].filter(([k]) => !k.startsWith('mmg_monitor_last_report_timestamp_seconds ')));
    expect(exposed).toEqual(expected);
    // Every kind is there, with thresholds, and the odd feature name read back whole.
    for (const family of ['mmg_feature_data_sample_count', 'mmg_feature_baseline_drift_threshold', 'mmg_model_metric_accuracy_threshold', 'mmg_bias_metric_DPPL_threshold', 'mmg_explainability_ndcg_threshold']) {
      expect({ family, found: [...samples.keys()].some((k) => k.startsWith(`${family} `)) }).toEqual({ family, found: true });
    }
    expect([...samples.keys()].some((k) => k.includes(JSON.stringify(['feature', ODD])))).toBe(true);
    expect(text).toContain('feature="say \\"hi\\"\\\\ \\nnow"');
    for (const m of monitors) {
      expect(samples.get(sampleKey('mmg_monitor_last_report_timestamp_seconds', { monitor: m.name, monitor_id: m.id, monitor_type: m.type, endpoint: m.endpoint }))).toBe(hour(2).getTime() / 1000);
    }
  });

  it('another team\'s monitors are never in a team\'s answer', async () => {
    const [ofA, ofB] = [(await scraped(a.adminKey)).text, (await scraped(b.adminKey)).text];
    expect(ofB).toContain('mmg_feature_non_null');
    for (const m of monitors) {
      expect(ofB).not.toContain(m.id);
      expect(ofB).not.toContain(m.name);
    }
    expect(ofB).not.toContain('mmg_model_metric_');
    const bMonitor = /monitor_id="([^"]+)"/.exec(ofB)?.[1];
    expect(bMonitor).toBeDefined();
    expect(ofA).not.toContain(bMonitor);
  });

  it('refuses no key, a malformed header, an unknown or revoked key with 401 and Bearer; any role may scrape; the admin token is 403', async () => {
    const viewer = await a.createKey('VIEWER');
    const revoked = await a.createKey('VIEWER');
    await a.call(MUTATION_DOCS['revokeApiKey'] as string, { id: revoked.id });
    const refusals: Array<[Response, RegExp]> = [
      [await scrape(null), /Missing Authorization header/],
      [await scrape(null, { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` }), /must be "Bearer <API key>"/],
      [await scrape('mmg_not_a_key'), /Unknown API key/],
      [await scrape(revoked.secret), /revoked/],
    ];
    for (const [res, message] of refusals) {
      expect([res.status, res.headers.get('www-authenticate'), res.headers.get('content-type')]).toEqual([401, 'Bearer realm="metrics"', 'text/plain; charset=utf-8']);
      const body = await res.text();
      expect(body).toMatch(message);
      expect(body).toContain('/metrics/team needs one of your team\'s API keys');
    }
    expect((await scrape(process.env['ADMIN_TOKEN'] as string)).status).toBe(403);
    expect((await scraped(viewer.secret)).samples.size).toBeGreaterThan(0);
  });

  it('costs one statement on a miss and none on a hit; a new execution\'s points are in the next scrape', async () => {
    const sql = async (): Promise<string[]> => {
      statements = [];
      await scraped(a.adminKey);
      return statements.filter((s) => !/"ApiKey"/.test(s));
    };
    env.gateway.services.teamMetrics.forget(a.id);
    const miss = await sql();
    expect(miss).toHaveLength(1);
    expect(miss[0]).toMatch(/FROM "MetricPoint"/);
    expect(await sql()).toEqual([]);

    const mq = monitors[1]!;
    const key = (family: string) => sampleKey(family, { monitor: mq.name, monitor_id: mq.id, monitor_type: mq.type, endpoint: 'churn-ep', feature: '' });
    expect((await scraped(a.adminKey)).samples.get(key('mmg_model_metric_accuracy'))).toBe(0.86);
    const worse = { ...MQ_STATISTICS, binary_classification_metrics: { ...MQ_STATISTICS.binary_classification_metrics, accuracy: { value: 0.61, standard_deviation: 0.01 } } };
    await mq.run(3, { violations: [], statistics: worse });
    // The sync's status event reaches the bus when the outbox relay marks it published.
    const deadline = Date.now() + 10_000;
    while ((await db.outboxEvent.count({ where: { teamId: a.id, publishedAt: null } })) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const after = (await scraped(a.adminKey)).samples;
    expect([after.get(key('mmg_model_metric_accuracy')), after.get(key('mmg_model_metric_accuracy_threshold'))]).toEqual([0.61, 0.85]);
    // Team B's answer was not forgotten by A's new points.
    statements = [];
    await scraped(b.adminKey);
    await scraped(b.adminKey);
    expect(statements.filter((s) => /"MetricPoint"/.test(s)).length).toBeLessThanOrEqual(1);
  });
});
