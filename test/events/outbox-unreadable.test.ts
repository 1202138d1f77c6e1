// Outbox rows the relay cannot parse (a newer gateway's event type, or a corrupt payload) on the
// real PostgreSQL: the readable events around them are relayed, a young one waits unpublished, an
// old one is marked dead with its reason and never read again, and retention purges dead rows.
import { randomUUID } from 'node:crypto';
import { testDb } from '../support/db.js';
import type { Db } from '../../src/db/client.js';
import { InProcessEventBus } from '../../src/events/bus.js';
import { addToOutbox, relayOutbox, type RelayOptions } from '../../src/events/outbox.js';
import { SetAsideRows } from '../../src/events/outbox-unreadable.js';
import type { GatewayEvent } from '../../src/events/types.js';
import { purgeExpired } from '../../src/tenancy/retention.js';
import { metrics } from '../../src/ops/metrics.js';
import { startGateway } from '../../src/runtime/index.js';
import { config } from '../../src/config.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { capturedLog } from '../hardening/log-capture.js';

const db: Db = testDb();
/** What one relay remembers across its passes: every relayAll here is the same relay. */
const setAside = new SetAsideRows();
const teams: string[] = [];
afterAll(async () => {
  await db.outboxEvent.deleteMany({ where: { teamId: { in: teams } } });
  await db.$disconnect();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function newTeamId(): string {
  const id = randomUUID();
  teams.push(id);
  return id;
}

/** A row whose payload no relay of this version parses; `age` back from now. */
async function unreadable(teamId: string, age: number): Promise<bigint> {
  const row = await db.outboxEvent.create({
    data: { eventId: `bad-${randomUUID()}`, teamId, type: 'FROM_A_NEWER_GATEWAY', payload: { type: 'FROM_A_NEWER_GATEWAY', teamId }, createdAt: new Date(Date.now() - age) },
  });
  return row.id;
}

async function readable(teamId: string, n: number): Promise<GatewayEvent[]> {
  const events: GatewayEvent[] = Array.from({ length: n }, () => ({ type: 'CREDENTIALS_CHANGED', eventId: `good-${randomUUID()}`, teamId }));
  await db.$transaction((tx) => addToOutbox(tx, events));
  return events;
}

/**
 * Relays until none of the team's readable events is left (another test file's relay may share the work).
 * `reported`: the unreadable rows of `teamId` this relay reported (it reads every team's rows).
 */
async function relayAll(teamId: string, options: RelayOptions = {}): Promise<{ received: string[]; reported: Array<{ id: bigint; dead: boolean; reason: string }> }> {
  const bus = new InProcessEventBus();
  const received: string[] = [];
  await bus.subscribe((e) => void (e.teamId === teamId && received.push(e.eventId)));
  const reported: Array<{ id: bigint; dead: boolean; reason: string }> = [];
  const onUnreadable: RelayOptions['onUnreadable'] = (row, dead) => void reported.push({ id: row.id, dead, reason: row.reason });
  for (let i = 0; i < 20; i++) {
    await relayOutbox(db, bus, { setAside, ...options, onUnreadable });
    if ((await db.outboxEvent.count({ where: { teamId, publishedAt: null, type: 'CREDENTIALS_CHANGED' } })) === 0) break;
  }
  const mine = new Set((await db.outboxEvent.findMany({ where: { teamId }, select: { id: true } })).map((r) => r.id));
  return { received, reported: reported.filter((r) => mine.has(r.id)) };
}

const row = (id: bigint) => db.outboxEvent.findUniqueOrThrow({ where: { id } });

it('relays the readable events around an unreadable row, which stays unpublished and not dead while young', async () => {
  const teamId = newTeamId();
  const before = await readable(teamId, 2);
  const bad = await unreadable(teamId, MINUTE);
  const after = await readable(teamId, 2);
  const counted = async () => (await metrics.outboxUnreadable.get()).values[0]?.value ?? 0;
  const countedBefore = await counted();

  const { received, reported } = await relayAll(teamId);

  expect(await db.outboxEvent.count({ where: { teamId, type: 'CREDENTIALS_CHANGED', publishedAt: null } })).toBe(0);
  // This relay published them unless a relay of a test file running beside this one took them first.
  expect(received.every((id) => [...before, ...after].some((e) => e.eventId === id))).toBe(true);
  expect(await row(bad)).toMatchObject({ publishedAt: null, deadAt: null, deadReason: null });
  expect(reported).toEqual([{ id: bad, dead: false, reason: expect.stringContaining('type') }]);
  expect(await counted()).toBeGreaterThanOrEqual(countedBefore + 1);

  // Set aside: later passes neither read it again nor report it again.
  await readable(teamId, 1);
  expect((await relayAll(teamId)).reported).toEqual([]);
  expect(await row(bad)).toMatchObject({ publishedAt: null, deadAt: null });
});

it('marks an unreadable row older than the dead horizon dead, with its reason, and never reads it again', async () => {
  const teamId = newTeamId();
  const bad = await unreadable(teamId, 2 * HOUR);
  await readable(teamId, 1);

  const first = await relayAll(teamId, { deadAfterMs: HOUR });

  const dead = await row(bad);
  expect(dead.publishedAt).toBeNull();
  expect(dead.deadAt).not.toBeNull();
  expect(dead.deadReason).toContain('type');
  expect(dead.deadReason!.length).toBeLessThanOrEqual(1000);
  // Reported dead by this relay, unless a relay beside it marked the row first.
  expect(first.reported.every((r) => r.id === bad && r.dead)).toBe(true);

  await readable(teamId, 1);
  expect((await relayAll(teamId, { deadAfterMs: HOUR })).reported).toEqual([]);
  expect(await row(bad)).toMatchObject({ publishedAt: null, deadAt: dead.deadAt });
});

it('marks a row set aside while young dead once it ages past the horizon, without reading it again', async () => {
  const teamId = newTeamId();
  const bad = await unreadable(teamId, 10 * MINUTE);
  await readable(teamId, 1);
  expect((await relayAll(teamId, { deadAfterMs: HOUR })).reported).toEqual([{ id: bad, dead: false, reason: expect.any(String) }]);
  expect(await row(bad)).toMatchObject({ deadAt: null });

  await readable(teamId, 1);
  expect((await relayAll(teamId, { deadAfterMs: 5 * MINUTE })).reported).toEqual([]);
  expect(await row(bad)).toMatchObject({ publishedAt: null, deadAt: expect.any(Date), deadReason: expect.stringContaining('type') });
});

it('a gateway\'s relay warns of an unreadable row once, with its id, however many passes meet it', async () => {
  const teamId = newTeamId();
  const bad = await unreadable(teamId, MINUTE);
  const { log, lines } = capturedLog('warn');
  const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };
  const gateway = await startGateway({ config: { ...config(), PORT: 0 }, backends, log });
  try {
    const mine = () => lines.map((l) => JSON.parse(l) as { outboxEventId?: string; msg: string }).filter((l) => l.outboxEventId === bad.toString());
    for (let i = 0; i < 100 && mine().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 2_500)); // more passes of the relay (one a second)
    expect(mine()).toEqual([expect.objectContaining({ msg: expect.stringMatching(/^outbox event unreadable by this gateway/) })]);
  } finally {
    await gateway.stop();
  }
  expect(await row(bad)).toMatchObject({ publishedAt: null, deadAt: null });
});

it('retention purges dead rows past the outbox horizon, and keeps younger dead rows and unpublished ones', async () => {
  const team = await db.team.create({ data: { slug: `ob-${randomUUID().slice(0, 8)}`, displayName: 'outbox', retentionOutboxDays: 1 } });
  teams.push(team.id);
  const [old, young, waiting] = [await unreadable(team.id, 3 * DAY), await unreadable(team.id, 3 * DAY), await unreadable(team.id, 3 * DAY)];
  await db.outboxEvent.update({ where: { id: old }, data: { deadAt: new Date(Date.now() - 2 * DAY), deadReason: 'unreadable' } });
  await db.outboxEvent.update({ where: { id: young }, data: { deadAt: new Date(Date.now() - HOUR), deadReason: 'unreadable' } });

  const result = await purgeExpired(db, { batchSize: 100, teamIds: [team.id] });

  expect(result.deleted.OutboxEvent).toBe(1);
  expect((await db.outboxEvent.findMany({ where: { teamId: team.id }, orderBy: { id: 'asc' } })).map((r) => r.id)).toEqual([young, waiting]);
});
