// The playground's first tabs: one per main task. test/ops/playground.test.ts validates
// every document against the schema, so they stay correct as the SDL changes.

export interface ExampleTab {
  query: string;
  variables?: string;
}

const tab = (lines: string[], variables?: Record<string, unknown>): ExampleTab => ({
  query: `${lines.join('\n')}\n`,
  ...(variables ? { variables: JSON.stringify(variables, null, 2) } : {}),
});

export const EXAMPLE_TABS: ExampleTab[] = [
  tab([
    '# The caller: its team and role. Run with the ▶ button (Ctrl-Enter).',
    'query Viewer {',
    '  viewer { role team { slug displayName defaultBackend } }',
    '}',
  ]),
  tab(
    [
      '# A data-quality monitor of an endpoint (EDITOR). Keep the returned id for the one-time run.',
      'mutation CreateMonitor($name: String!, $endpoint: String!) {',
      '  createMonitor(input: {',
      '    name: $name, type: DATA_QUALITY,',
      '    endpointInput: { endpointName: $endpoint, startTimeOffset: "-PT2H", endTimeOffset: "-PT1H" },',
      '    outputS3Uri: "s3://reports/playground"',
      '  }) { id name type backend endpointName }',
      '}',
    ],
    { name: 'playground-quality', endpoint: 'churn-demo' },
  ),
  tab(
    [
      '# One run now (expression NOW) over a window relative to the run: from 2 hours to 1 hour ago.',
      'mutation RunOnce($monitorId: ID!) {',
      '  createSchedule(input: {',
      '    monitorId: $monitorId, name: "playground-now",',
      '    spec: { kind: ONE_TIME, dataAnalysisStartTime: "-PT2H", dataAnalysisEndTime: "-PT1H" }',
      '  }) { id name expression status dataAnalysisStartTime dataAnalysisEndTime }',
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
