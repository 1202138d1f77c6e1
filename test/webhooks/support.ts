// Helpers of the webhook tests: a real HTTP receiver, a real BullMQ webhook queue with
// a fresh name, synthetic events (with stable ids, as the executions domain makes them)
// and polling.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { config } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import type { ExecutionStatusChanged, ViolationDetected } from '../../src/events/types.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { testQueue } from '../support/transport.js';
import type { Actor } from '../../src/kernel/caller.js';
import { registerWebhookJobs, type WebhookSettings } from '../../src/webhooks/index.js';

export const hex = (n = 3): string => randomBytes(n).toString('hex');

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  at: number;
}

export interface Target {
  url: string;
  received: Received[];
  /** The status answered to the n-th request (0-based); changeable while running. */
  respond: (n: number) => number;
  close(): Promise<void>;
}

export async function startTarget(respond: (n: number) => number): Promise<Target> {
  const target = { received: [] as Received[], respond } as Target;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = target.respond(target.received.length);
      target.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status, at: Date.now() });
      res.writeHead(status).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${hex()}`;
  target.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return target;
}

/** The receivers of these tests listen on 127.0.0.1: private networks are allowed. */
export const testSettings = (over: Partial<WebhookSettings> = {}): WebhookSettings => ({
  maxAttempts: 8, backoffMs: 50, timeoutMs: 2_000, pepper: config().API_KEY_PEPPER, allowPrivateNetworks: true, publicUrl: 'https://monitor.example.com', ...over,
});

/** Gateway overrides for suites whose webhooks post to receivers on 127.0.0.1. */
export const LOOPBACK_RECEIVERS = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: true } as const;

/** A started BullMQ webhook queue with a fresh name, handling deliveries with `settings`. */
export async function startWebhookQueue(db: Db, settings: WebhookSettings): Promise<JobQueue> {
  const queue = testQueue(`webhooks-${hex(6)}`);
  registerWebhookJobs(queue, { db, settings });
  await queue.start({ concurrency: 4 });
  return queue;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function actorOf(teamId: string): Actor {
  return { teamId, role: 'ADMIN', keyId: null, memberId: null, label: 'admin-token', requestId: `req-${hex()}` };
}

const base = (teamId: string) => ({
  teamId, monitorId: randomUUID(), monitorName: 'churn-quality', monitorType: 'DATA_QUALITY' as const, endpointName: 'churn-ep',
  executionId: randomUUID(), scheduleId: randomUUID(), scheduledTime: '2026-11-22T10:00:00.000Z', occurredAt: new Date().toISOString(),
});

export function violation(teamId: string, over: Partial<ViolationDetected> = {}): ViolationDetected {
  const violationId = randomUUID();
  return { type: 'VIOLATION_DETECTED', eventId: `violation:${violationId}`, ...base(teamId), violationId, featureName: 'age', checkType: 'baseline_drift_check', description: 'age drifted by 0.4', ...over };
}

export function statusChanged(teamId: string, over: Partial<ExecutionStatusChanged> = {}): ExecutionStatusChanged {
  const b = base(teamId);
  return { type: 'EXECUTION_STATUS_CHANGED', eventId: `execution:${b.executionId}:FAILED`, ...b, status: 'FAILED', previousStatus: 'IN_PROGRESS', failureReason: 'capture missing', ...over };
}
