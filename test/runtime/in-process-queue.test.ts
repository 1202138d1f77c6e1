// The in-process driver as single-process mode runs it: schedulers fire on the clock, delays
// are kept, a throwing job runs again per its definition (attempts, doubling backoff) and its
// failure handler hears the last attempt only; without those options, tests fire by hand.
import { z } from 'zod';
import { defineJob } from '../../src/jobs/definitions.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { flowJob, PermanentJobError, type JobContext } from '../../src/jobs/queue.js';

const Tick = defineJob('test.tick', z.object({ n: z.number() }), { attempts: 3, backoffMs: 20 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a scheduler fires at its cron times (6-field pattern, every second), and stops when removed', async () => {
  const q = new InProcessQueue({ clock: true, retries: true });
  const fired: Date[] = [];
  q.handle(Tick, async (_p, ctx) => void fired.push(ctx.scheduledAt));
  await q.start();
  await q.upsertScheduler('s', '* * * * * *', Tick, { n: 1 });
  expect((await q.getScheduler('s'))?.next).toBeInstanceOf(Date);
  await sleep(2_300);
  await q.removeScheduler('s');
  const count = fired.length;
  expect(count).toBeGreaterThanOrEqual(2);
  expect(fired.every((d) => d.getUTCMilliseconds() === 0)).toBe(true);
  await sleep(1_200);
  expect(fired).toHaveLength(count);
  await q.close();
});

test('retries: attempts and backoff of the definition; onFailed hears the final attempt; a permanent error stops at once', async () => {
  const q = new InProcessQueue({ clock: true, retries: true });
  const seen: JobContext[] = [];
  const failed: Array<[number, string]> = [];
  q.handle(Tick, async (p, ctx) => {
    seen.push(ctx);
    if (p.n === 2) throw new PermanentJobError('bad');
    throw new Error(`boom ${ctx.attempt}`);
  }, async (p, ctx, reason) => void failed.push([p.n, `${ctx.attempt}:${reason}`]));
  await q.start();
  await q.enqueue(Tick, { n: 1 }, { jobId: 'a' });
  await q.enqueue(Tick, { n: 1 }, { jobId: 'a' }); // the same id queues once
  await q.enqueue(Tick, { n: 2 }, { jobId: 'b', delayMs: 50 });
  await sleep(400);
  await q.idle();
  expect(seen.filter((c) => c.jobId === 'a').map((c) => [c.attempt, c.final])).toEqual([[1, false], [2, false], [3, true]]);
  expect(seen.filter((c) => c.jobId === 'b')).toHaveLength(1);
  // Each job's final failure is heard once; between the two jobs, timers on a loaded machine set the order.
  expect(failed.sort((x, y) => x[0] - y[0])).toEqual([[1, '3:boom 3'], [2, '1:bad']]);
  await q.close();
});

test('by default schedulers wait for fire() and a throwing job fails at once', async () => {
  const q = new InProcessQueue();
  const runs: number[] = [];
  q.handle(Tick, async (p) => {
    runs.push(p.n);
    throw new Error('once');
  });
  await q.start();
  await q.upsertScheduler('s', '* * * * * *', Tick, { n: 7 });
  expect((await q.getScheduler('s'))?.next).toBeNull();
  q.fire('s', new Date('2026-01-01T00:00:00Z'));
  await q.idle();
  expect(runs).toEqual([7]);
  expect(q.failures).toHaveLength(1);
  await q.close();
});

test('a flow: the children first, then the parent once all completed (a retried child too); a child failed for good, no parent', async () => {
  const q = new InProcessQueue({ retries: true });
  const Parent = defineJob('test.parent', z.object({ flow: z.string() }), { attempts: 1, backoffMs: 20 });
  const order: string[] = [];
  q.handle(Tick, async (p, ctx) => {
    if (p.n === 2 && ctx.attempt === 1) throw new Error('retry me');
    if (p.n === 9) throw new PermanentJobError('never');
    order.push(`child ${p.n}`);
  });
  q.handle(Parent, async (p) => void order.push(`parent ${p.flow}`));
  await q.start({ concurrency: 2 });
  await q.enqueueFlow(flowJob(Parent, { flow: 'a' }, 'a'), [1, 2, 3].map((n) => flowJob(Tick, { n }, `a-${n}`)));
  await q.enqueueFlow(flowJob(Parent, { flow: 'a' }, 'a'), [flowJob(Tick, { n: 4 }, 'a-4')]); // the same parent id queues once
  await sleep(200);
  await q.idle();
  expect(order).toEqual(['child 1', 'child 3', 'child 2', 'parent a']);
  await q.enqueueFlow(flowJob(Parent, { flow: 'b' }, 'b'), [1, 9].map((n) => flowJob(Tick, { n }, `b-${n}`)));
  await sleep(100);
  await q.idle();
  expect(order.slice(4)).toEqual(['child 1']);
  expect(q.failures.map((f) => f.jobId)).toEqual(['b-9']);
  await q.close();
});
