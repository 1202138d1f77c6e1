// The Prometheus and Grafana files of deploy/ (docker-compose.yml's profile `metrics`; Docker
// itself is not on the project's machines): the scrape configuration parses and scrapes
// /metrics/team with a bearer key file, the README shows it verbatim, the dashboard is a
// Grafana Dashboard (@grafana/schema's type) whose every query names metrics the endpoint emits,
// and the exposition's labels survive a Prometheus parser whatever characters they hold.
import { readFileSync } from 'node:fs';
import parse from 'parse-prometheus-text-format';
import { parse as parseYaml } from 'yaml';
import type { Dashboard } from '@grafana/schema';
import dashboardJson from '../../deploy/grafana/dashboards/team-monitors.json' with { type: 'json' };
import { exposition } from '../../src/metric-series/prometheus.js';
import type { LatestPoint } from '../../src/storage/metric-series.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
/**
 * Grafana's type with its string and number unions widened: a JSON import's strings are
 * `string` to the compiler, so what it checks is the fields' names, nesting and kinds.
 */
type Widened<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean
  : T extends ReadonlyArray<infer U> ? Array<Widened<U>> : T extends object ? { [K in keyof T]: Widened<T[K]> } : T;
// The compiler checks the file against Grafana's own dashboard type (tsc, in the static checks).
const dashboard: Widened<Dashboard> = dashboardJson;

const row = (monitorType: LatestPoint['monitorType'], feature: string, metric: string, threshold: number | null = 0.5): LatestPoint => ({
  monitorId: `id-${monitorType}`, monitorName: `m-${monitorType}`, monitorType, endpointName: monitorType === 'DATA_QUALITY' ? null : 'ep',
  feature, metric, value: 0.25, threshold, time: new Date(Date.UTC(2026, 0, 1)),
});
/** One exposition with a series of every family the endpoint has. */
const ROWS = [
  ...['max', 'min', 'sum', 'sample_count', 'mean', 'completeness', 'baseline_drift', 'baseline_drift_p_value'].map((m) => row('DATA_QUALITY', 'age', m)),
  row('DATA_QUALITY', 'age', 'std_dev'), row('DATA_QUALITY', '', 'item_count'),
  ...['accuracy', 'auc', 'rmse'].map((m) => row('MODEL_QUALITY', '', m)),
  row('MODEL_BIAS', 'age/40', 'DPPL'), row('MODEL_BIAS', 'age/40', 'CI'),
  row('MODEL_EXPLAINABILITY', 'age', 'global_shap', null), row('MODEL_EXPLAINABILITY', 'age', 'global_shap.label1', null),
  row('MODEL_EXPLAINABILITY', '', 'expected_value', null), row('MODEL_EXPLAINABILITY', '', 'ndcg', 0.9),
];
const families = parse(exposition(ROWS));
const emitted = families.map((f) => f.name);

it('emits each kind under its CloudWatch-like name, with thresholds, and leaves out what CloudWatch has not', () => {
  expect(emitted.sort()).toEqual([
    'mmg_bias_metric_CI', 'mmg_bias_metric_CI_threshold', 'mmg_bias_metric_DPPL', 'mmg_bias_metric_DPPL_threshold',
    'mmg_explainability_expected_value', 'mmg_explainability_global_shap', 'mmg_explainability_ndcg', 'mmg_explainability_ndcg_threshold',
    'mmg_feature_baseline_drift', 'mmg_feature_baseline_drift_p_value', 'mmg_feature_baseline_drift_p_value_threshold', 'mmg_feature_baseline_drift_threshold',
    'mmg_feature_data_average', 'mmg_feature_data_average_threshold', 'mmg_feature_data_max', 'mmg_feature_data_max_threshold',
    'mmg_feature_data_min', 'mmg_feature_data_min_threshold', 'mmg_feature_data_sample_count', 'mmg_feature_data_sample_count_threshold',
    'mmg_feature_data_sum', 'mmg_feature_data_sum_threshold', 'mmg_feature_non_null', 'mmg_feature_non_null_threshold',
    'mmg_model_metric_accuracy', 'mmg_model_metric_accuracy_threshold', 'mmg_model_metric_auc', 'mmg_model_metric_auc_threshold',
    'mmg_model_metric_rmse', 'mmg_model_metric_rmse_threshold', 'mmg_monitor_last_report_timestamp_seconds',
  ]);
  const labels = (name: string) => families.find((f) => f.name === name)!.metrics.map((m) => m.labels);
  expect(labels('mmg_bias_metric_DPPL')).toEqual([{ monitor: 'm-MODEL_BIAS', monitor_id: 'id-MODEL_BIAS', monitor_type: 'MODEL_BIAS', endpoint: 'ep', feature: 'age/40', facet: 'age', facet_value: '40' }]);
  expect(labels('mmg_explainability_global_shap').map((l) => l!['label'])).toEqual(['label0', 'label1']);
  expect(labels('mmg_feature_data_max')[0]).toMatchObject({ endpoint: '', feature: 'age' });
});

it('escapes backslash, double quote and newline in label values, which a Prometheus parser reads back whole', () => {
  const odd = 'a\\b "c"\nd';
  const text = exposition([{ ...row('DATA_QUALITY', odd, 'completeness'), monitorName: odd }]);
  expect(text).toContain('feature="a\\\\b \\"c\\"\\nd"');
  const [family] = parse(text);
  expect(family!.metrics[0]!.labels).toMatchObject({ monitor: odd, feature: odd });
  expect(exposition([])).toBe('');
});

it('Prometheus scrapes /metrics/team with a bearer key file; the README shows the file verbatim', () => {
  const text = read('deploy/prometheus/prometheus.yml');
  const config = parseYaml(text) as { scrape_configs: Array<Record<string, any>> };
  expect(config.scrape_configs).toHaveLength(1);
  expect(config.scrape_configs[0]).toMatchObject({
    metrics_path: '/metrics/team',
    authorization: { type: 'Bearer', credentials_file: '/run/secrets/mmg_team_api_key' },
    static_configs: [{ targets: ['gateway:4000'] }],
  });
  expect(read('README.md')).toContain(`\`\`\`yaml\n${text}\`\`\``);
  // docker-compose.yml mounts it and the key file as that secret, and Grafana's provisioning.
  const compose = parseYaml(read('docker-compose.yml')) as { services: Record<string, any>; secrets: Record<string, any> };
  expect(compose.services['prometheus'].volumes).toContain('./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
  expect(compose.services['prometheus'].secrets).toEqual(['mmg_team_api_key']);
  expect(compose.secrets['mmg_team_api_key'].file).toBe('${TEAM_API_KEY_FILE:-./deploy/prometheus/team-api-key}');
  for (const s of ['prometheus', 'grafana']) expect(compose.services[s].image).toMatch(/^[a-z/]+:v?\d+\.\d+\.\d+$/);
  const datasources = parseYaml(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as { datasources: Array<{ uid: string; url: string }> };
  expect(datasources.datasources).toEqual([expect.objectContaining({ uid: 'mmg-prometheus', url: 'http://prometheus:9090' })]);
});

it('the dashboard\'s every query names metrics the endpoint emits, on the provisioned datasource', () => {
  const panels = dashboard.panels ?? [];
  expect(panels.length).toBeGreaterThanOrEqual(8);
  for (const panel of panels) {
    const targets = ('targets' in panel ? panel.targets : undefined) ?? [];
    expect({ panel: panel.title, targets: targets.length > 0, datasource: panel.datasource?.uid }).toEqual({ panel: panel.title, targets: true, datasource: 'mmg-prometheus' });
    for (const t of targets) {
      const expr = String((t as { expr?: unknown }).expr);
      const names = [...expr.matchAll(/\b(mmg_[a-zA-Z0-9_]+)\b/g)].map((m) => m[1]!);
      const exact = names.filter((n) => !expr.includes(`"${n}`));
      const patterns = [...expr.matchAll(/__name__=~"([^"]+)"/g)].map((m) => new RegExp(`^(?:${m[1]})$`));
      expect({ panel: panel.title, expr, named: names.length > 0 }).toEqual({ panel: panel.title, expr, named: true });
      for (const n of exact) expect({ panel: panel.title, metric: n, emitted: emitted.includes(n) }).toEqual({ panel: panel.title, metric: n, emitted: true });
      for (const p of patterns) expect({ panel: panel.title, pattern: p.source, emitted: emitted.some((n) => p.test(n)) }).toEqual({ panel: panel.title, pattern: p.source, emitted: true });
    }
  }
  expect(dashboard.uid).toBe('mmg-team');
});
