// The gateway's pages and links into them: the playground (PLAYGROUND_PATH under a public
// URL) opened with a query and its variables in the URL (?query=…&variables=…, GraphiQL's
// convention), so a reader lands on the run with one click and their API key. Alert messages
// (webhooks) and the monitor pages (web/monitors, in the browser) link so. Pure: no Node API.

const EXECUTION_QUERY = `query Execution($id: ID!) {
  execution(id: $id) {
    id status scheduledTime startedAt endedAt failureReason reportUri reportError
    monitor { id name type endpointName }
    violations { featureName checkType metricName facetValue description }
  }
}`;

const REPORT_QUERY = `query ExecutionReport($id: ID!) {
  execution(id: $id) {
    id reportUri
    report { violations }
  }
}`;

/** The playground page (src/playground serves it). */
export const PLAYGROUND_PATH = '/playground';

/** The monitor pages (src/pages serves them): the list here, one monitor at MONITORS_PATH/<id>. */
export const MONITORS_PATH = '/monitors';

export function playgroundLink(publicUrl: string, query: string, variables: Record<string, unknown>): string {
  const params = new URLSearchParams({ query, variables: JSON.stringify(variables) });
  return `${publicUrl}${PLAYGROUND_PATH}?${params.toString()}`;
}

export interface ExecutionLinks {
  /** The run in the playground. */
  execution: string;
  /** The run's report (Execution.report) in the playground. */
  report: string;
  /** Where the backend wrote the report (S3), when it did. */
  reportUri: string | null;
}

export function executionLinks(publicUrl: string, executionId: string, reportUri: string | null): ExecutionLinks {
  return {
    execution: playgroundLink(publicUrl, EXECUTION_QUERY, { id: executionId }),
    report: playgroundLink(publicUrl, REPORT_QUERY, { id: executionId }),
    reportUri,
  };
}
