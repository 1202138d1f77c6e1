// The playground's first tabs: one per main task. test/ops/playground.test.ts validates
// every document against the schema, and test/demo/first-session.test.ts runs the
// CreateMonitor → RequestBaseline → RunOnce tabs as written against the demo's data.
import { demoLayout, DEMO_ENDPOINT } from '../demo/data.js';

export interface ExampleTab {
  query: string;
  variables?: string;
}

const tab = (lines: string[], variables?: Record<string, unknown>): ExampleTab => ({
  query: `${lines.join('\n')}\n`,
  ...(variables ? { variables: JSON.stringify(variables, null, 2) } : {}),
});

/**
 * The tabs, their variables pointing at the demo's files under `demoDataDir` (an absolute
 * path; without the demo, placeholders to replace).
 */
export function exampleTabs(demoDataDir: string | undefined): ExampleTab[] {
  const at = demoDataDir ? demoLayout(demoDataDir) : null;
  const reports = at?.reports('playground') ?? 's3://your-bucket/reports/playground';
  const training = at?.training('data-quality') ?? 's3://your-bucket/training/churn.csv';
  return [
    tab([
      '# The caller: its team and role. Run with the ▶ button (Ctrl-Enter).',
      'query Viewer {',
      '  viewer { role team { slug displayName defaultBackend } }',
      '}',
    ]),
    tab(
      [
        '# A data-quality monitor of the demo endpoint (EDITOR). Keep the returned id for the next tabs.',
        'mutation CreateMonitor($name: String!, $endpoint: String!, $reports: String!) {',
        '  createMonitor(input: {',
        '    name: $name, type: DATA_QUALITY,',
        '    endpointInput: { endpointName: $endpoint, startTimeOffset: "-PT2H", endTimeOffset: "-PT1H" },',
        '    outputS3Uri: $reports',
        '  }) { id name type backend endpointName }',
        '}',
      ],
      { name: 'playground-quality', endpoint: DEMO_ENDPOINT, reports },
    ),
    tab(
      [
        '# Its baseline, computed from a training set (CSV with a header): the constraints the runs check.',
        'mutation RequestBaseline($monitorId: ID!, $training: String!) {',
        '  requestBaseline(input: { monitorId: $monitorId, datasetUri: $training, datasetFormat: { csvHeader: true } }) { id version status }',
        '}',
      ],
      { monitorId: 'paste the id returned by CreateMonitor', training },
    ),
    tab(
      [
        '# One run now over a window relative to the run: from 2 hours to 1 hour ago. Run it again for another run;',
        '# a run waits for a baseline still being computed. The schedule is COMPLETED once the run ended.',
        'mutation RunOnce($monitorId: ID!) {',
        '  runMonitorNow(monitorId: $monitorId, window: { dataAnalysisStartTime: "-PT2H", dataAnalysisEndTime: "-PT1H" }) {',
        '    schedule { name expression status }',
        '    execution { id status scheduledTime }',
        '  }',
        '}',
      ],
      { monitorId: 'paste the id returned by CreateMonitor' },
    ),
    tab(
      [
        "# The team's violations, newest first; page with after: endCursor.",
        'query Violations($first: Int = 20, $after: String) {',
        '  violations(first: $first, after: $after) {',
        '    edges {',
        '      node {',
        '        createdAt featureName checkType description',
        '        monitor { name type }',
        '        execution { scheduledTime status }',
        '      }',
        '    }',
        '    pageInfo { hasNextPage endCursor }',
        '  }',
        '}',
      ],
    ),
    tab([
      '# Violations as they are found, over WebSocket (graphql-ws). Stop with the ■ button.',
      'subscription ViolationDetected {',
      '  violationDetected {',
      '    eventId scheduledTime',
      '    monitorName monitorType endpointName',
      '    featureName checkType description',
      '  }',
      '}',
    ]),
  ];
}
