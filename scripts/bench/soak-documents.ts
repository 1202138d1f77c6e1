// The documents of `npm run bench:soak`: a few repeated ones (the polled reads, sent with
// variables), and DISTINCT_DOCUMENTS texts that differ the way generated clients and inline
// literals make them differ (page sizes written in the text, selections picking fields).

export const DISTINCT_DOCUMENTS = 15_000;

const MONITOR_FIELDS = [
  'name', 'type', 'backend', 'endpointName', 'maxRuntimeInSeconds', 'createdAt',
  'schedule { id name }', 'schedule { status expression }', 'schedule { lastExecution { id status scheduledTime } }',
];
const VIOLATION_FIELDS = [
  'featureName', 'checkType', 'description', 'createdAt', 'monitor { id }', 'monitor { name type }',
  'execution { id }', 'execution { status scheduledTime }', 'monitor { schedule { id status } }',
];
const EXECUTION_FIELDS = [
  'status', 'scheduledTime', 'startedAt', 'endedAt', 'failureReason', 'backendExecutionId',
  'violations { featureName }', 'violations { checkType description }', 'schedule { id name }',
];

const pick = (fields: string[], mask: number): string => fields.filter((_, bit) => mask & (1 << bit)).join(' ');

/**
 * Distinct document `i` (0 ≤ i < DISTINCT_DOCUMENTS): a third each of monitors, violations and
 * executions pages; the page size (1-10) and the optional fields (9 bits) are in the text.
 */
export function distinctDocument(i: number): string {
  const n = Math.floor(i / 3);
  const first = 1 + (n % 10);
  const mask = Math.floor(n / 10) % 512;
  switch (i % 3) {
    case 0:
      return `query Monitors { monitors(first: ${first}) { edges { cursor node { id ${pick(MONITOR_FIELDS, mask)} } } pageInfo { hasNextPage endCursor } } }`;
    case 1:
      return `query Violations { violations(filter: { from: "2020-01-01T00:00:00Z" }, first: ${first}) { edges { node { id ${pick(VIOLATION_FIELDS, mask)} } } pageInfo { hasNextPage } } }`;
    default:
      return `query Executions { executions(filter: { status: [COMPLETED, COMPLETED_WITH_VIOLATIONS, FAILED] }, first: ${first}) { edges { node { id ${pick(EXECUTION_FIELDS, mask)} } } pageInfo { hasNextPage } } }`;
  }
}

export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
}

const MONITORS = `query PolledMonitors($first: Int!) {
  monitors(first: $first) { edges { node { id name type schedule { id status lastExecution { id status scheduledTime } } } } pageInfo { hasNextPage endCursor } }
}`;
const HISTORY = `query PolledHistory($id: ID!) {
  monitor(id: $id) { id name executions(first: 5) { edges { node { id status scheduledTime violations { featureName checkType } } } } }
}`;
const VIOLATIONS = `query PolledViolations($from: DateTime!) {
  violations(filter: { from: $from }, first: 10) { edges { node { id featureName checkType createdAt monitor { id name } } } }
}`;

/** The polled reads (small pages, as a dashboard polls them), the same texts every time. */
export function repeatedOperations(monitorIds: readonly string[]): Operation[] {
  const from = new Date(Date.now() - 7 * 86_400_000).toISOString();
  return [
    { query: MONITORS, variables: { first: 5 } },
    ...monitorIds.slice(0, 5).map((id) => ({ query: HISTORY, variables: { id } })),
    { query: VIOLATIONS, variables: { from } },
    { query: 'query Viewer { viewer { role team { id slug } } }' },
  ];
}

/** Documents the team registers and its clients send by hash. */
export const TRUSTED_DOCUMENTS = [
  'query TrustedMonitors { monitors(first: 10) { edges { node { id name type schedule { id status } } } } }',
  'query TrustedViolations($first: Int!) { violations(first: $first) { edges { node { id featureName checkType } } } }',
  'query TrustedExecutions { executions(first: 10) { edges { node { id status scheduledTime } } } }',
];

export const MUTE = 'mutation Mute($input: MuteAlertsInput!) { muteAlerts(input: $input) { id } }';
export const UNMUTE = 'mutation Unmute($id: ID!) { unmuteAlerts(id: $id) { id } }';
export const SUBSCRIPTION = 'subscription Violations { violationDetected { scheduleId monitorId } }';
