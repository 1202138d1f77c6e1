// Every real statistics.json, constraints.json, constraint_violations.json and Clarify
// analysis.json is read by the SageMaker backend's parsers: nothing refused, violations kept
// whole (feature, metric, facet, label), NaN/Infinity/null values kept.
import { ReportUnreadable } from '../../src/backends/report-error.js';
import { parseAnalysis, parseConstraints, parseStatistics, parseViolations } from '../../src/backends/reports.js';
import { describeSamples, orNone, readSample, samples } from '../support/samples.js';

const VIOLATIONS = samples(/constraint_violations\.json$/);
const STATISTICS = samples(/^(data|model)-quality\/.*(statistics|_metrics)\.json$/);
const CONSTRAINTS = samples(/^(data|model)-quality\/.*constraints.*\.json$/);
const ANALYSES = samples(/^(bias-drift|feature-attribution-drift)\/.*(analysis|clarify_[a-z]+)\.json$/);

describeSamples('real SageMaker report files', () => {
  it('finds the files of every kind', () => {
    expect([VIOLATIONS.length, STATISTICS.length, CONSTRAINTS.length, ANALYSES.length].every((n) => n > 0)).toBe(true);
  });

  it.each(orNone(VIOLATIONS))('%s: every violation kept with what it names', (file) => {
    const raw = JSON.parse(readSample(file)) as { violations: Array<Record<string, string>> };
    const parsed = parseViolations(readSample(file), file);
    expect(parsed).toHaveLength(raw.violations.length);
    parsed.forEach((v, i) => {
      const r = raw.violations[i]!;
      expect(v).toEqual({
        featureName: r['feature_name'] ?? r['label'] ?? r['facet'] ?? r['metric_name'],
        checkType: r['constraint_check_type'],
        description: r['description'],
        ...(r['metric_name'] ? { metricName: r['metric_name'] } : {}),
        ...(r['facet'] ? { facet: r['facet'] } : {}),
        ...(r['facet_value'] ? { facetValue: r['facet_value'] } : {}),
        ...(r['label'] ? { label: r['label'] } : {}),
      });
    });
  });

  it.each(orNone(STATISTICS))('%s: statistics.json accepted whole ("NaN" kept)', (file) => {
    expect(parseStatistics(readSample(file), file)).toEqual(JSON.parse(readSample(file)));
  });

  it.each(orNone(CONSTRAINTS))('%s: constraints.json accepted whole', (file) => {
    expect(parseConstraints(readSample(file), file)).toEqual(JSON.parse(readSample(file)));
  });

  it.each(orNone(ANALYSES))('%s: analysis.json accepted whole (null values with their error kept)', (file) => {
    expect(parseAnalysis(readSample(file), file)).toEqual(JSON.parse(readSample(file)));
  });

  it('a bias metric Clarify wrote as bare Infinity/NaN (Python json.dumps) is kept as "Infinity"/"NaN"', () => {
    const file = ANALYSES.find((f) => f.startsWith('bias-drift/'))!;
    const text = readSample(file).replace(/("value"\s*:\s*)-?\d+(\.\d+)?(e-?\d+)?/, '$1Infinity').replace(/("value"\s*:\s*)-?\d+(\.\d+)?(e-?\d+)?/, '$1NaN');
    expect(text).toMatch(/"value"\s*:\s*Infinity/);
    expect(JSON.stringify(parseAnalysis(text, file))).toMatch(/"value":"Infinity".*"value":"NaN"/s);
  });
});

describe('unreadable report files', () => {
  it.each([
    ['not JSON', '{"violations": [', /is not valid JSON/],
    ['a violation naming nothing', '{"violations":[{"constraint_check_type":"x","description":"d"}]}', /names no feature_name, metric_name, facet or label/],
    ['no check type', '{"violations":[{"feature_name":"age"}]}', /violations\.0\.constraint_check_type/],
  ])('%s: ReportUnreadable naming the file', (_what, text, message) => {
    const error = (() => { try { parseViolations(text, 's3://r/x/constraint_violations.json'); } catch (e) { return e; } return null; })();
    expect(error).toBeInstanceOf(ReportUnreadable);
    expect((error as Error).message).toMatch(/^s3:\/\/r\/x\/constraint_violations\.json /);
    expect((error as Error).message).toMatch(message);
  });
});
