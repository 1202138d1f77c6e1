// Admission control (src/graphql/admission.ts): at most QUERY_CONCURRENCY requests of a
// process inside Apollo at once, the others served in arrival order; a mutation hands its
// slot back once Apollo knows the operation, so a mutation stuck on a slow backend call
// never holds up queries.
import { request } from 'node:http';
import { Slots } from '../../src/graphql/admission.js';
import { gql, startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed } from '../support/seed.js';

describe('Slots', () => {
  it('hands slots out first come, first served, and a ticket releases once', async () => {
    const slots = new Slots(1);
    const first = await slots.acquire();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) => slots.acquire().then((t) => { order.push(n); return t; }));
    expect(slots.waiting).toBe(3);
    first.release();
    first.release(); // a second release must not free another slot
    const second = await waiters[0]!;
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([1]);
    second.release();
    (await waiters[1]!).release();
    (await waiters[2]!).release();
    expect(order).toEqual([1, 2, 3]);
    expect(slots.waiting).toBe(0);
  });
});

describe('gateway with QUERY_CONCURRENCY=1', () => {
  let env: TestGateway;
  beforeAll(async () => {
    env = await startTestGateway({ QUERY_CONCURRENCY: 1 });
  });
  afterAll(() => env.stop());

  it('answers every query of a burst, queries while a client trickles its body, and while a mutation waits on its backend', async () => {
    const team = await seed(env).createTeam();
    const monitor = await team.createMonitor('DATA_QUALITY');
    const burst = await Promise.all(Array.from({ length: 20 }, () => gql(env.url, team.adminKey, '{ monitors(first: 5) { edges { node { id } } } }')));
    expect(burst.every((r) => r.status === 200 && r.data?.['monitors'].edges.length === 1)).toBe(true);

    // A client that sent its headers and half its body holds no slot.
    const slow = request(env.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100', authorization: `Bearer ${team.adminKey}` } });
    slow.on('error', () => undefined);
    slow.write('{"query": "{ viewer');
    await new Promise((r) => setTimeout(r, 100));
    const meanwhile = await gql(env.url, team.adminKey, '{ monitors(first: 5) { edges { node { id } } } }');
    expect(meanwhile.status).toBe(200);
    slow.destroy();

    // The backend holds createSchedule until the test lets it go.
    const backend = env.backends.BUILTIN;
    const original = backend.createSchedule.bind(backend);
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => { letGo = resolve; });
    let reached!: () => void;
    const inBackend = new Promise<void>((resolve) => { reached = resolve; });
    backend.createSchedule = async (...args) => {
      reached();
      await held;
      return original(...args);
    };
    try {
      const mutation = gql(env.url, team.adminKey, 'mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }', {
        i: { monitorId: monitor.id, name: 'held', spec: { kind: 'HOURLY' } },
      });
      await inBackend;
      const query = await gql(env.url, team.adminKey, '{ monitors(first: 5) { edges { node { id } } } }');
      expect(query.status).toBe(200);
      expect(query.data?.['monitors'].edges).toHaveLength(1);
      letGo();
      const created = await mutation;
      expect(created.errors).toBeUndefined();
      expect(created.data?.['createSchedule'].id).toEqual(expect.any(String));
    } finally {
      letGo();
      backend.createSchedule = original;
    }
  });
});
