// The read queries internal apps poll, shared by the bench and the perf tests.

/** The main list: a page of monitors with the last execution of their schedule and its violations. */
export const MONITORS_PAGE = `query MonitorsPage($first: Int!) {
  monitors(first: $first) {
    edges {
      cursor
      node {
        id name type backend endpointName maxRuntimeInSeconds createdAt
        schedule {
          id name expression status
          lastExecution { id status scheduledTime violations { featureName checkType } }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** One monitor with its execution history. */
export const MONITOR_HISTORY = `query MonitorHistory($id: ID!) {
  monitor(id: $id) {
    id name type
    schedule { id name expression status }
    executions(first: 20) {
      edges { node { id status scheduledTime startedAt endedAt failureReason violations { featureName checkType description } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/** The team's violations of the last 24 hours, with their monitor and execution. */
export const RECENT_VIOLATIONS = `query RecentViolations($from: DateTime!) {
  violations(filter: { from: $from }, first: 50) {
    edges {
      node {
        id featureName checkType description createdAt
        monitor { id name }
        execution { id status scheduledTime }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/**
 * A dashboard: the monitors in trouble (health VIOLATING) with their health, and the team's
 * violations per day over the last 7 days. Aliased, so the bare server answers by alias.
 */
export const DASHBOARD = `query Dashboard($from: DateTime!) {
  violating: monitors(filter: { health: [VIOLATING] }, first: 50) {
    totalCount
    edges {
      node {
        id name type endpointName
        health { status since openViolations nextRunAt lastExecution { id status scheduledTime } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
  perDay: violationSummary(from: $from, groupBy: [DAY]) { from to groups { bucket count } }
}`;
