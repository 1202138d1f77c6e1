// GraphQL documents shared by tests and benches, so a bench measures what a test checks.

/** Aliases, a fragment, variables and @skip/@include over the monitors page (executor parity, cost, lookahead). */
export const RICH = `query Rich($type: MonitorType, $withSchedule: Boolean!, $skipRes: Boolean = false) {
  list: monitors(first: 20, filter: { type: $type }) {
    edges { cursor node { ...M __typename } }
    pageInfo { hasNextPage endCursor }
  }
  again: monitors(first: 2) { edges { node { id n: name } } }
}
fragment M on Monitor {
  id name type backend endpointName outputS3Uri problemType maxRuntimeInSeconds createdAt updatedAt
  endpointInput { endpointName localPath s3InputMode startTimeOffset endTimeOffset }
  bias { facetName facetValuesOrThreshold } explainability { attributionSource headers numSamples aggMethod }
  resources @skip(if: $skipRes) { instanceType instanceCount volumeSizeInGB }
  environment { name value }
  activeBaseline { id }
  schedule @include(if: $withSchedule) { id name expression status lastExecution { id status scheduledTime violations { featureName checkType description } } }
  schedules(first: 2) { edges { node { id name } } pageInfo { hasNextPage } }
  executions(first: 3) { edges { node { id status endedAt } } }
}`;

/** The heaviest read the product expects: a full page of monitors with their latest run and recent baselines. */
export const HEAVIEST_LEGIT = `{ monitors(first: 100) { edges { cursor node {
  id name type backend endpointName outputS3Uri maxRuntimeInSeconds createdAt updatedAt
  resources { instanceCount instanceType volumeSizeInGB }
  activeBaseline { id version status }
  schedule { id name expression status lastExecution { id status scheduledTime failureReason
    violations { id featureName checkType description } } }
  baselines(first: 10) { edges { node { id version status source createdAt } } pageInfo { hasNextPage endCursor } }
} } pageInfo { hasNextPage endCursor } } }`;
