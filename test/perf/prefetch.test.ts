// A list that brings its relations in its own statement (src/graphql/prefetch.ts) must
// answer exactly what the per-relation loaders answer: every column, dates, enums and
// JSON configs included. Each prefetched answer is compared with the same objects reached
// through paths that prefetch nothing (schedule → monitor → …, execution(id), monitor(id)).
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { config } from '../../src/config.js';
import { NO_RATE_LIMIT } from '../hardening/gateway.js';
import { createDb, type Db } from '../../src/db/client.js';
import { seedTeamData, type SeedResult } from '../../scripts/bench/seed.js';
import { ok } from '../support/gateway.js';
import { Related } from '../../src/db/related.js';
import { monitorStorage } from '../../src/storage/monitors.js';
import { scheduleStorage } from '../../src/storage/schedules.js';
import { executionStorage } from '../../src/storage/executions.js';
import { toPage } from '../../src/shared/pagination.js';

const MONITOR = `id name type backend endpointName outputS3Uri maxRuntimeInSeconds roleArn createdAt updatedAt
  endpointInput { endpointName startTimeOffset endTimeOffset } resources { instanceType instanceCount volumeSizeInGB }
  bias { facetName } explainability { numSamples attributionSource }`;
const VIOLATION = 'id featureName checkType description createdAt';
const EXECUTION = `id backendExecutionId status scheduledTime startedAt endedAt failureReason reportUri progress { phase } violations { ${VIOLATION} }`;
const SCHEDULE = `id name expression dataAnalysisStartTime dataAnalysisEndTime status createdAt updatedAt lastExecution { ${EXECUTION} }`;

let db: Db;
let gateway: Gateway;
let key: string;
let seeded: SeedResult;
let teamId: string;

beforeAll(async () => {
  db = createDb({ url: config().DATABASE_URL, poolSize: 4 });
  gateway = await startGateway({ config: { ...config(), PORT: 0, ...NO_RATE_LIMIT }, db }); // one key, many requests
  const created = await ok(gateway.url, process.env['ADMIN_TOKEN'] as string,
    `mutation { createTeam(input: { slug: "prefetch-${Date.now().toString(36)}", displayName: "Prefetch" }) { team { id } secret } }`);
  key = created['createTeam'].secret;
  teamId = created['createTeam'].team.id;
  seeded = await seedTeamData(db, created['createTeam'].team.id, { monitors: 12, executionsPerSchedule: 6, violationsPerExecution: 3 });
}, 60_000);

afterAll(async () => {
  await gateway.stop();
  await db.$disconnect();
});

describe('prefetching reads (storage)', () => {
  // Typed exactly as the loaders' own reads: Dates stay Dates, JSON stays JSON (GraphQL would hide a string date).
  it('bring the rows latestByMonitors, latestBySchedules and violationsByExecutions read', async () => {
    const into = new Related();
    const monitors = await monitorStorage.list(db, teamId, {}, toPage({ first: 12 }), { include: 'violations', into });
    const plain = await monitorStorage.list(db, teamId, {}, toPage({ first: 12 }));
    expect(monitors).toEqual(plain);
    const ids = monitors.map((m) => m.id);
    const schedules = await scheduleStorage.latestByMonitors(db, teamId, ids);
    expect(new Map(schedules.map((s) => [s.monitorId, s]))).toEqual(into.latestScheduleByMonitor);
    const executions = await executionStorage.latestBySchedules(db, teamId, schedules.map((s) => s.id));
    expect(new Map(executions.map((e) => [e.scheduleId, e]))).toEqual(into.lastExecutionBySchedule);
    const violations = await executionStorage.violationsByExecutions(db, teamId, executions.map((e) => e.id));
    const grouped = new Map(executions.map((e) => [e.id, violations.filter((v) => v.executionId === e.id)]));
    expect(grouped).toEqual(into.violationsByExecution);
    expect(into.lastExecutionBySchedule.values().next().value?.scheduledTime).toBeInstanceOf(Date);
  });

  it('bring each violation\'s monitor and execution as byIds reads them', async () => {
    const into = new Related();
    const violations = await executionStorage.listViolations(db, teamId, {}, toPage({ first: 30 }), { include: { monitor: true, execution: true }, into });
    expect(violations).toEqual(await executionStorage.listViolations(db, teamId, {}, toPage({ first: 30 })));
    const monitors = await monitorStorage.byIds(db, teamId, [...new Set(violations.map((v) => v.monitorId))]);
    expect(new Map(monitors.map((m) => [m.id, m]))).toEqual(into.monitor);
    const executions = await executionStorage.byIds(db, teamId, [...new Set(violations.map((v) => v.executionId))]);
    expect(new Map(executions.map((e) => [e.id, e]))).toEqual(into.execution);
  });
});

describe('prefetched relations', () => {
  it('monitors page: each schedule, last execution and violations as the loaders read them', async () => {
    const page = await ok(gateway.url, key, `{ monitors(first: 12) { edges { node { ${MONITOR} schedule { ${SCHEDULE} } } } } }`);
    const nodes = page['monitors'].edges.map((e: { node: Record<string, any> }) => e.node);
    expect(nodes).toHaveLength(12);
    expect(nodes.filter((n: Record<string, any>) => n.schedule.lastExecution.violations.length > 0).length).toBeGreaterThan(0);
    for (const node of nodes) {
      // schedule(id) → monitor → schedule: loaders only
      const viaLoaders = await ok(gateway.url, key, `query($id: ID!) { schedule(id: $id) { monitor { ${MONITOR} schedule { ${SCHEDULE} } } } }`, { id: node.schedule.id });
      expect(node).toEqual(viaLoaders['schedule'].monitor);
      const single = await ok(gateway.url, key, `query($id: ID!) { monitor(id: $id) { ${MONITOR} schedule { ${SCHEDULE} } } }`, { id: node.id });
      expect(single['monitor']).toEqual(node);
    }
  });

  it('executions page: each execution\'s violations as the loader reads them', async () => {
    const id = seeded.monitorIds[1];
    const page = await ok(gateway.url, key, `query($id: ID!) { monitor(id: $id) { executions(first: 6) { edges { node { ${EXECUTION} } } } } }`, { id });
    const nodes = page['monitor'].executions.edges.map((e: { node: Record<string, any> }) => e.node);
    expect(nodes).toHaveLength(6);
    for (const node of nodes) {
      const single = await ok(gateway.url, key, `query($id: ID!) { execution(id: $id) { ${EXECUTION} } }`, { id: node.id });
      expect(single['execution']).toEqual(node);
    }
  });

  it('violations page: each violation\'s monitor and execution as the loaders read them', async () => {
    const page = await ok(gateway.url, key, `{ violations(first: 30) { edges { node { ${VIOLATION} monitor { ${MONITOR} } execution { ${EXECUTION} } } } } }`);
    const nodes = page['violations'].edges.map((e: { node: Record<string, any> }) => e.node);
    expect(nodes.length).toBeGreaterThan(10);
    for (const node of nodes.slice(0, 10)) {
      const monitor = await ok(gateway.url, key, `query($id: ID!) { monitor(id: $id) { ${MONITOR} } }`, { id: node.monitor.id });
      expect(node.monitor).toEqual(monitor['monitor']);
      const execution = await ok(gateway.url, key, `query($id: ID!) { execution(id: $id) { ${EXECUTION} } }`, { id: node.execution.id });
      expect(node.execution).toEqual(execution['execution']);
    }
  });
});
