// The GraphQL documents of the pages (the public API: graphql/*.graphql). The cost of each
// stays far below MAX_QUERY_COST, and a page's dynamic documents stay under MAX_QUERY_ALIASES.

const ROW = `id name type backend endpointName
  health { status since openViolations nextRunAt lastExecution { id status scheduledTime endedAt } }`;

export const LIST = `query MonitorList($after: String) {
  monitors(first: 100, after: $after) { edges { node { ${ROW} } } pageInfo { hasNextPage endCursor } }
}`;

/** Several rows again in one request (aliased: at most ROWS_PER_REQUEST). */
export const ROWS_PER_REQUEST = 20;
export const rowsQuery = (count: number): string => {
  const vars = Array.from({ length: count }, (_, i) => `$m${i}: ID!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `m${i}: monitor(id: $m${i}) { ${ROW} }`).join('\n  ');
  return `query MonitorRows(${vars}) {\n  ${fields}\n}`;
};

export const LIVE_VIOLATIONS = 'subscription LiveViolations($monitorId: ID) { violationDetected(filter: { monitorId: $monitorId }) { monitorId executionId } }';
export const LIVE_RUNS = 'subscription LiveRuns($monitorId: ID) { executionStatusChanged(filter: { monitorId: $monitorId }) { monitorId executionId status } }';

/** Executions a monitor page shows and marks violations from (the charts cover their time). */
export const RUNS_SHOWN = 100;

export const MONITOR = `query MonitorPage($id: ID!) {
  monitor(id: $id) {
    id name type backend endpointName problemType
    health { status since openViolations nextRunAt }
    activeBaseline { id version createdAt }
    executions(first: ${RUNS_SHOWN}) {
      edges { node { id status scheduledTime startedAt endedAt failureReason reportUri reportError violations { featureName metricName checkType description } } }
    }
  }
  metricNames(monitorId: $id) { feature metric }
}`;

const SERIES_FIELDS = 'feature metric threshold breachedWhen points { time value executionId }';
const FEATURE_FIELDS = 'name baseline current';

export interface ChartsRequest {
  /** The series, at most 20 per metricSeriesList field (one field per 20, all in this one request). */
  chunks: number;
  /** Features compared in the latest run (featureStatistics), data quality. */
  features: number;
  /** The active baseline's constraints (feature attribution: its attributions). */
  baselineConstraints: boolean;
}

/** One request for every chart of a monitor page. */
export function chartsQuery(r: ChartsRequest): string {
  const vars = ['$id: ID!', '$from: DateTime'];
  const fields: string[] = [];
  for (let i = 0; i < r.chunks; i++) {
    vars.push(`$s${i}: [MetricSeriesKey!]!`);
    fields.push(`s${i}: metricSeriesList(monitorId: $id, series: $s${i}, from: $from) { ${SERIES_FIELDS} }`);
  }
  if (r.features > 0) {
    vars.push('$run: ID!');
    const compared = Array.from({ length: r.features }, (_, i) => `f${i}: featureStatistics(name: $f${i}) { ${FEATURE_FIELDS} }`);
    for (let i = 0; i < r.features; i++) vars.push(`$f${i}: String!`);
    fields.push(`run: execution(id: $run) { id scheduledTime ${compared.join(' ')} }`);
  }
  if (r.baselineConstraints) fields.push('baseline: monitor(id: $id) { activeBaseline { version constraints } }');
  return `query MonitorCharts(${vars.join(', ')}) {\n  ${fields.join('\n  ')}\n}`;
}
