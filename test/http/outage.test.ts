// A Redis outage, seen by a mutation that queues work on the built-in engine: it must
// answer (UNAVAILABLE, nothing changed) rather than wait for Redis as long as it is down.
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { config } from '../../src/config.js';
import { gql } from '../support/gateway.js';
import { teamRowCounts, testDb } from '../support/db.js';
import { seed } from '../support/seed.js';
import { ownRedis } from '../support/redis-server.js';

const redis = ownRedis();
const db = testDb();
let gateway: Gateway;
beforeAll(async () => {
  await redis.start();
  // The default backends: the built-in engine queues its runs in this Redis.
  gateway = await startGateway({ config: { ...config(), PORT: 0, REDIS_URL: redis.url, REDIS_PREFIX: `outage-${process.pid}` } });
});
afterAll(async () => {
  await gateway.stop();
  await redis.stop();
  await db.$disconnect();
});

const CREATE = 'mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id status } }';
const oneTime = (monitorId: string) => ({ i: { monitorId, name: 'once', spec: { kind: 'ONE_TIME', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' } } });

it('while Redis is down, queries are answered; a one-time run on the built-in engine answers UNAVAILABLE and changes nothing, and works once Redis is back', async () => {
  const team = await seed({ url: gateway.url }).createTeam({ defaultBackend: 'BUILTIN' });
  const m = await team.createMonitor('DATA_QUALITY');
  const before = await teamRowCounts(db, team.id);

  await redis.stop();
  const read = await gql(gateway.url, team.adminKey, `query($id: ID!) { monitor(id: $id) { id schedule { id } } }`, { id: m.id });
  expect(read.data?.['monitor']).toEqual({ id: m.id, schedule: null });
  const down = await gql(gateway.url, team.adminKey, CREATE, oneTime(m.id));
  expect(down.errors?.[0]?.extensions?.['code']).toBe('UNAVAILABLE');
  expect(down.errors?.[0]?.message).toMatch(/job queue \(Redis\) is unreachable/);
  expect(await teamRowCounts(db, team.id)).toEqual(before);
  expect(await db.engineSchedule.count({ where: { teamId: team.id } })).toBe(0);

  await redis.start();
  let up = await gql(gateway.url, team.adminKey, CREATE, oneTime(m.id));
  // The gateway's connections come back within ioredis's backoff (at most 2 s per attempt).
  for (let i = 0; i < 20 && up.errors?.[0]?.extensions?.['code'] === 'UNAVAILABLE'; i++) {
    await new Promise((r) => setTimeout(r, 250));
    up = await gql(gateway.url, team.adminKey, CREATE, oneTime(m.id));
  }
  expect(up.errors).toBeUndefined();
  expect(up.data?.['createSchedule']).toMatchObject({ status: 'SCHEDULED' });
  expect(await db.engineSchedule.count({ where: { teamId: team.id } })).toBe(1);
});
