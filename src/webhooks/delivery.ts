// One delivery attempt per job. The attempt count lives in the row: an attempt is claimed
// atomically (so two jobs for the same state make one POST), then recorded as DELIVERED,
// FAILED (next attempt queued after an exponential backoff with jitter) or DEAD (the
// dead-letter state: attempts used up, or a 4xx other than 408/425/429, which repeating
// the same request cannot fix; redeliverWebhookDelivery queues it again).
// undici's own fetch: the one its dispatchers (address.ts) are written for, on every Node version.
import { fetch, type Dispatcher } from 'undici';
import { publicUrl, type Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { WebhookFormat } from '../generated/prisma/client.js';
import type { JobQueue } from '../jobs/queue.js';
import { metrics } from '../ops/metrics.js';
import { logger, type Logger } from '../shared/logger.js';
import { routeTo } from './address.js';
import { DeliverWebhookJob, queueAttempt } from './jobs.js';
import { deliveryBody } from './bodies.js';
import { decryptSecret } from './secrets.js';
import { HEADERS, signPayload } from './signature.js';
import { webhookStorage as storage } from '../storage/webhooks.js';

export interface WebhookSettings {
  maxAttempts: number;
  /** Delay before attempt 2; attempt n+1 waits backoffMs·2^(n-1), ±20% jitter. */
  backoffMs: number;
  timeoutMs: number;
  /** Key material of the secrets' encryption (config API_KEY_PEPPER). */
  pepper: string;
  /** Receivers may be on loopback or private networks (config WEBHOOK_ALLOW_PRIVATE_NETWORKS). */
  allowPrivateNetworks: boolean;
  /** Where links of messages point (config PUBLIC_URL, or the listen address). */
  publicUrl: string;
}

export function webhookSettings(config: Config): WebhookSettings {
  return { maxAttempts: config.WEBHOOK_MAX_ATTEMPTS, backoffMs: config.WEBHOOK_BACKOFF_MS, timeoutMs: config.WEBHOOK_TIMEOUT_MS, pepper: config.API_KEY_PEPPER,
    allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS, publicUrl: publicUrl(config) };
}

export interface DeliveryDeps {
  db: Db;
  queue: JobQueue;
  settings: WebhookSettings;
  log?: Logger;
}

/**
 * A claimed attempt not finished within its POST's timeout plus this (its worker died) is
 * due again for the sweeper. Long enough to record an outcome; short, because a delivery
 * claimed by a killed worker waits this long.
 */
const LEASE_EXTRA_MS = 10_000;
/** BullMQ may run a delayed job slightly before the row's due time. */
const EARLY_MS = 1_000;
const RETRYABLE_4XX = new Set([408, 425, 429]);

export interface Outcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  permanent: boolean;
  /** The answer's first characters, when asked for (testWebhook). */
  bodyExcerpt?: string | null;
}

const EXCERPT_CHARS = 500;

/** The first EXCERPT_CHARS characters of an answer, reading no more of it than that needs. */
async function excerptOf(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (text.length >= EXCERPT_CHARS) break;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, EXCERPT_CHARS);
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, dispatcher: Dispatcher | undefined, excerpt: boolean): Promise<Outcome> {
  try {
    // Redirects are not followed: the registered URL is the only place a team's data goes.
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), dispatcher });
    const bodyExcerpt = excerpt ? await excerptOf(res.body) : (await res.body?.cancel().catch(() => undefined), undefined);
    const read = excerpt ? { bodyExcerpt } : {};
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null, permanent: false, ...read };
    const permanent = res.status >= 400 && res.status < 500 && !RETRYABLE_4XX.has(res.status);
    return { ok: false, status: res.status, error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`, permanent, ...read };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const error = err.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (err.cause?.code ?? err.cause?.message ?? err.message);
    return { ok: false, status: null, error: error.slice(0, 500), permanent: false };
  }
}

/** POSTs a signed request to a webhook URL, unless its address is refused (address.ts). */
export async function send(settings: WebhookSettings, url: string, request: { body: string; headers: Record<string, string> }, excerpt = false): Promise<Outcome> {
  const route = routeTo(url, settings.allowPrivateNetworks);
  if (route.refused !== null) return { ok: false, status: null, error: route.refused, permanent: false };
  return post(url, request.body, request.headers, settings.timeoutMs, route.dispatcher, excerpt);
}

function backoffMs(settings: WebhookSettings, attempt: number): number {
  return Math.round(settings.backoffMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4));
}

/** The headers of a delivery of `body`: ids, timestamp and signature. */
export function signedRequest(settings: Pick<WebhookSettings, 'pepper'>, d: { deliveryId: string; eventId: string; body: string; secretEncrypted: string }) {
  const timestamp = Math.floor(Date.now() / 1000);
  const secret = decryptSecret(settings.pepper, d.secretEncrypted);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'mmg-webhooks/1',
    [HEADERS.eventId]: d.eventId,
    [HEADERS.deliveryId]: d.deliveryId,
    [HEADERS.timestamp]: String(timestamp),
    [HEADERS.signature]: signPayload(secret, timestamp, d.body),
  };
  return { body: d.body, headers };
}

function prepare(settings: WebhookSettings, row: { id: string; eventId: string; payload: unknown; channel: { format: WebhookFormat; secretEncrypted: string } }) {
  const body = deliveryBody(row.channel.format, row.payload, settings.publicUrl);
  return signedRequest(settings, { deliveryId: row.id, eventId: row.eventId, body, secretEncrypted: row.channel.secretEncrypted });
}

/** Runs the due attempt of a delivery; a stale or duplicate job does nothing. */
export async function attemptDelivery(deps: DeliveryDeps, deliveryId: string): Promise<void> {
  const { db, settings } = deps;
  const row = await storage.deliveryWithChannel(db, deliveryId);
  if (!row || !row.nextAttemptAt || (row.status !== 'PENDING' && row.status !== 'FAILED') || !row.channel.active) return;
  const now = Date.now();
  if (row.nextAttemptAt.getTime() > now + EARLY_MS) return;
  if (!(await storage.claim(db, row.id, { attempts: row.attempts, nextAttemptAt: row.nextAttemptAt }, new Date(now + settings.timeoutMs + LEASE_EXTRA_MS)))) return;
  const attempt = row.attempts + 1;
  let outcome: Outcome;
  try {
    outcome = await send(settings, row.channel.url, prepare(settings, row));
  } catch (e) {
    outcome = { ok: false, status: null, error: `cannot build the request: ${(e as Error).message}`, permanent: true };
  }
  const recorded = { lastStatusCode: outcome.status, lastError: outcome.error };
  const log = deps.log ?? logger();
  // Counted where the outcome is recorded: a stale finish (a redelivery took over) counts nothing.
  if (outcome.ok) {
    const r = await storage.finish(db, row.id, attempt, { status: 'DELIVERED', ...recorded, nextAttemptAt: null, deliveredAt: new Date() });
    if (r.count === 1) metrics.webhookDeliveries.inc({ outcome: 'delivered' });
    return;
  }
  if (outcome.permanent || attempt >= settings.maxAttempts) {
    const r = await storage.finish(db, row.id, attempt, { status: 'DEAD', ...recorded, nextAttemptAt: null });
    if (r.count === 0) return;
    metrics.webhookDeliveries.inc({ outcome: 'dead' });
    log.warn({ deliveryId: row.id, webhookId: row.channelId, teamId: row.teamId, eventId: row.eventId, attempts: attempt, ...recorded }, 'webhook delivery dead');
    return;
  }
  const next = new Date(Date.now() + backoffMs(settings, attempt));
  const r = await storage.finish(db, row.id, attempt, { status: 'FAILED', ...recorded, nextAttemptAt: next });
  if (r.count === 0) return;
  metrics.webhookDeliveries.inc({ outcome: 'failed' });
  try {
    await queueAttempt(deps.queue, { id: row.id, attempts: attempt, nextAttemptAt: next });
  } catch (err) {
    log.warn({ err, deliveryId: row.id }, 'could not queue the next webhook attempt; the sweeper will');
  }
}

/** Worker side: handles `webhooks.deliver` jobs on `queue` (the webhook queue). */
export function registerWebhookJobs(queue: JobQueue, deps: Omit<DeliveryDeps, 'queue'>): void {
  queue.handle(DeliverWebhookJob, (p) => attemptDelivery({ ...deps, queue }, p.deliveryId));
}
