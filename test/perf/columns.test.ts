// Selective column loading: a list that brings schedules and executions beside its page
// reads only the columns the query's fields need (src/graphql/columns.ts). A row read
// that way must never answer a field it does not cover: in the same request, another
// path to the same row reads it whole again, and every answer equals the one the field
// gets on its own.
import { GraphQLObjectType } from 'graphql';
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { columnsOf } from '../../src/graphql/columns.js';
import { EXECUTION_FIELDS, SCHEDULE_FIELDS } from '../../src/graphql/prefetch.js';
import { buildSchema } from '../../src/graphql/schema.js';
import { MONITORS_PAGE, RECENT_VIOLATIONS } from '../../scripts/bench/queries.js';
import { seedTeamData, type SeedResult } from '../../scripts/bench/seed.js';
import { NO_RATE_LIMIT } from '../hardening/gateway.js';
import { ok } from '../support/gateway.js';
import { seed } from '../support/seed.js';

const WIDE = /^\s*SELECT m\.\*, l\.\*|^\s*SELECT v\.\*/;

let statements: string[] = [];
let db: Db;
let gateway: Gateway;
let key: string;
let seeded: SeedResult;

beforeAll(async () => {
  db = createDb({ url: config().DATABASE_URL, poolSize: 4, onQuery: (sql) => statements.push(sql) });
  gateway = await startGateway({ config: { ...config(), PORT: 0, ...NO_RATE_LIMIT }, db });
  const team = await seed(gateway).createTeam();
  key = team.adminKey;
  seeded = await seedTeamData(db, team.id, { monitors: 15, executionsPerSchedule: 3, violationsPerExecution: 2 });
}, 60_000);

afterAll(async () => {
  await gateway.stop();
  await db.$disconnect();
});

/** The prefetching statement a request sent. */
async function wideStatement(query: string, variables?: Record<string, unknown>): Promise<string> {
  statements = [];
  await ok(gateway.url, key, query, variables);
  const wide = statements.filter((s) => WIDE.test(s));
  expect(wide).toHaveLength(1);
  return wide[0] as string;
}

/**
 * A request sent twice: the gateway runs an operation with graphql-js the first time and
 * compiled the second (src/graphql/executor.ts); both must give the same answer.
 */
async function twice(query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const first = await ok(gateway.url, key, query, variables);
  const second = await ok(gateway.url, key, query, variables);
  expect(second).toEqual(first);
  return second;
}

const DAY_AGO = () => new Date(Date.now() - 30 * 86_400_000).toISOString();

describe('field to column maps', () => {
  it('name every Schedule and Execution field that has a resolver of its own', async () => {
    const schema = await buildSchema();
    for (const [typeName, map] of [['Schedule', SCHEDULE_FIELDS], ['Execution', EXECUTION_FIELDS]] as const) {
      const type = schema.getType(typeName) as GraphQLObjectType;
      for (const field of Object.values(type.getFields())) {
        // A field with a resolver reads what that resolver reads; a plain one, its column.
        if (field.resolve) expect([typeName, field.name, field.name in map.byField]).toEqual([typeName, field.name, true]);
        else expect([typeName, field.name, map.all.includes(field.name)]).toEqual([typeName, field.name, true]);
      }
    }
  });

  it('keep ids and keys, and fall back to every column for an unknown field', () => {
    expect(columnsOf(SCHEDULE_FIELDS, ['name', '__typename'])).toEqual(['id', 'teamId', 'monitorId', 'name']);
    expect(columnsOf(EXECUTION_FIELDS, ['violations', 'status'])).toEqual(['id', 'teamId', 'monitorId', 'scheduleId', 'status']);
    expect(columnsOf(SCHEDULE_FIELDS, ['name', 'notAField'])).toBeNull();
    expect(columnsOf(SCHEDULE_FIELDS, SCHEDULE_FIELDS.all)).toBeNull();
  });
});

describe('prefetching reads bring only the columns the query reads', () => {
  it('monitors page: the schedule and last execution columns it shows', async () => {
    const sql = await wideStatement(MONITORS_PAGE, { first: 10 });
    for (const shown of ['"s.name"', '"s.expression"', '"s.status"', '"e.status"', '"e.scheduledTime"']) expect(sql).toContain(shown);
    for (const hidden of ['"s.backendRef"', '"s.createdAt"', '"e.reportUri"', '"e.failureReason"', '"e.progress"']) expect(sql).not.toContain(hidden);
  });

  it('violations page: the execution columns it shows', async () => {
    const sql = await wideStatement(RECENT_VIOLATIONS, { from: DAY_AGO() });
    expect(sql).toContain('"e.scheduledTime"');
    expect(sql).not.toContain('"e.reportUri"');
  });

  it('aliases and fragments below the list are read together, in one statement', async () => {
    const query = `{ monitors(first: 15) { edges { node { id ...S b: schedule { createdAt lastExecution { endedAt } } } } } }
      fragment S on Monitor { a: schedule { name lastExecution { status } } }`;
    const sql = await wideStatement(query);
    for (const shown of ['"s.name"', '"s.createdAt"', '"e.status"', '"e.endedAt"']) expect(sql).toContain(shown);
    expect(statements).toHaveLength(1);
  });
});

describe('a narrowed row never answers a field it does not cover', () => {
  const SCHEDULE_WIDE = 'id name expression dataAnalysisStartTime dataAnalysisEndTime status createdAt updatedAt';
  const EXECUTION_WIDE = 'id backendExecutionId status scheduledTime startedAt endedAt failureReason reportUri progress { phase }';

  it('monitors page beside violations whose monitors show more of the same schedules', async () => {
    const narrow = `monitors(first: 15) { edges { node { id schedule { id name lastExecution { id status } } } } }`;
    const wide = `violations(first: 30) { edges { node { id monitor { id schedule { ${SCHEDULE_WIDE} lastExecution { ${EXECUTION_WIDE} } } } } } }`;
    const together = await twice(`{ ${narrow} ${wide} }`);
    const alone = { ...(await ok(gateway.url, key, `{ ${narrow} }`)), ...(await ok(gateway.url, key, `{ ${wide} }`)) };
    expect(together).toEqual(alone);
    const shown = together['violations'].edges.map((e: any) => e.node.monitor.schedule);
    expect(shown.every((s: any) => typeof s.createdAt === 'string' && typeof s.lastExecution.backendExecutionId === 'string')).toBe(true);
  });

  it('two violations pages showing different columns of the same executions', async () => {
    const query = `query($from: DateTime!) {
      a: violations(first: 20, filter: { from: $from }) { edges { node { id execution { id status } } } }
      b: violations(first: 20, filter: { from: $from }) { edges { node { id execution { ${EXECUTION_WIDE} } } } }
    }`;
    const from = DAY_AGO();
    const together = await twice(query, { from });
    const a = await ok(gateway.url, key, `query($from: DateTime!) { a: violations(first: 20, filter: { from: $from }) { edges { node { id execution { id status } } } } }`, { from });
    const b = await ok(gateway.url, key, `query($from: DateTime!) { b: violations(first: 20, filter: { from: $from }) { edges { node { id execution { ${EXECUTION_WIDE} } } } } }`, { from });
    expect(together).toEqual({ ...a, ...b });
    expect(together['b'].edges.every((e: any) => typeof e.node.execution.backendExecutionId === 'string')).toBe(true);
  });

  it('one monitor read narrowly, then its schedule reached whole through another field', async () => {
    const id = seeded.monitorIds[3];
    const query = `query($id: ID!) {
      monitor(id: $id) { id schedule { id name } }
      schedules(first: 50) { edges { node { id monitor { id schedule { ${SCHEDULE_WIDE} } } } } }
    }`;
    const together = await twice(query, { id });
    const node = together['schedules'].edges.find((e: any) => e.node.monitor.id === id).node;
    const alone = await ok(gateway.url, key, `query($id: ID!) { monitor(id: $id) { schedule { ${SCHEDULE_WIDE} } } }`, { id });
    expect(node.monitor.schedule).toEqual(alone['monitor'].schedule);
  });
});
