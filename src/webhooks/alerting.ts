// What the fan-out does with the deliveries it has just inserted, in the relay's
// transaction: muted ones and repeats held back within their webhook's window are
// SUPPRESSED, a violation sent after repeats carries their count, and a digest's payload
// is made from the run's stored violations. Only deliveries new in this transaction get
// here (the (channel, event) key), so a second fan-out of an event decides and counts nothing.
import type { Tx } from '../db/client.js';
import type { ExecutionStatusChanged, ViolationDetected } from '../events/types.js';
import type { AlertMute, Violation } from '../generated/prisma/client.js';
import { alertStorage, type RepeatKey, type RepeatOutcome } from '../storage/alerts.js';
import { executionStorage } from '../storage/executions.js';
import { webhookStorage, type FanOutChannel } from '../storage/webhooks.js';
import { buildDigest, FINAL_STATUSES } from './digest.js';
import { monitorChosen, parseFilter, type WebhookEvent } from './model.js';

export interface NewDelivery {
  id: string;
  attempts: number;
  nextAttemptAt: Date | null;
  channel: FanOutChannel;
  event: WebhookEvent;
  /** A digest of the event's execution (DIGEST and SLACK webhooks). */
  digest: boolean;
}

export const sendsDigests = (c: Pick<FanOutChannel, 'format'>): boolean => c.format === 'DIGEST' || c.format === 'SLACK';

/**
 * Whether `e` makes a digest for a digest webhook: a final status of a run of the monitors its
 * filter chooses; without EXECUTION_STATUS_CHANGED in its eventTypes, only a run with violations.
 */
export function digestTrigger(c: Pick<FanOutChannel, 'eventTypes' | 'filter'>, e: WebhookEvent): e is ExecutionStatusChanged {
  if (e.type !== 'EXECUTION_STATUS_CHANGED' || !FINAL_STATUSES.has(e.status)) return false;
  if (!c.eventTypes.includes('EXECUTION_STATUS_CHANGED') && !(c.eventTypes.includes('VIOLATION_DETECTED') && e.status === 'COMPLETED_WITH_VIOLATIONS')) return false;
  return monitorChosen(parseFilter(c.filter), e);
}

/** The mutes applying now, by monitor. */
class Mutes {
  private readonly byMonitor = new Map<string, AlertMute[]>();
  constructor(rows: readonly AlertMute[]) {
    for (const m of rows) this.byMonitor.set(m.monitorId, [...(this.byMonitor.get(m.monitorId) ?? []), m]);
  }
  whole(monitorId: string): AlertMute | undefined {
    return this.byMonitor.get(monitorId)?.find((m) => m.featureName === null);
  }
  /** A model-level violation (featureName '': model quality, feature attribution) is named by its metric. */
  of(monitorId: string, v: { featureName: string; metricName?: string | null }): AlertMute | undefined {
    const name = v.featureName || v.metricName || '';
    return this.whole(monitorId) ?? this.byMonitor.get(monitorId)?.find((m) => m.featureName === name);
  }
}

const muteReason = (m: AlertMute) => `muted until ${m.until.toISOString()} (mute ${m.id}${m.reason ? `: ${m.reason}` : ''})`;
const repeatReason = (c: FanOutChannel) => `repeat of a violation sent within the last ${c.repeatWindowMinutes} minutes`;

type KeyFields = Pick<RepeatKey, 'monitorId' | 'featureName' | 'checkType'> & { metricName?: string | null; facetValue?: string | null };
const keyOf = (v: KeyFields): RepeatKey => ({ monitorId: v.monitorId, featureName: v.featureName, checkType: v.checkType, metricName: v.metricName ?? '', facetValue: v.facetValue ?? '' });
const keyText = (k: RepeatKey) => JSON.stringify([k.monitorId, k.featureName, k.checkType, k.metricName, k.facetValue]);

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

/** Repeat outcomes of `keys` (each seen `n` times) on a channel, by key text; empty when the window is off. */
async function repeats(tx: Tx, c: FanOutChannel, keys: ReadonlyArray<RepeatKey & { at: Date; n: number }>): Promise<Map<string, RepeatOutcome>> {
  if (c.repeatWindowMinutes === 0) return new Map();
  return new Map((await alertStorage.recordRepeats(tx, c.id, c.repeatWindowMinutes, keys)).map((o) => [keyText(o), o]));
}

type Suppress = (id: string, reason: string) => void;

/** GENERIC: muted events and repeats are held back; the one sent after repeats carries their count. */
async function decideEvents(tx: Tx, deliveries: readonly NewDelivery[], mutes: Mutes, suppress: Suppress): Promise<void> {
  const live: Array<NewDelivery & { event: ViolationDetected }> = [];
  for (const d of deliveries) {
    const e = d.event;
    const mute = e.type === 'VIOLATION_DETECTED' ? mutes.of(e.monitorId, e) : mutes.whole(e.monitorId);
    if (mute) suppress(d.id, muteReason(mute));
    else if (e.type === 'VIOLATION_DETECTED') live.push({ ...d, event: e });
  }
  for (const ds of groupBy(live, (d) => d.channel.id).values()) {
    const channel = (ds[0] as NewDelivery).channel;
    const groups = groupBy([...ds].sort((a, b) => a.event.scheduledTime.localeCompare(b.event.scheduledTime) || a.event.eventId.localeCompare(b.event.eventId)), (d) => keyText(keyOf(d.event)));
    const outcomes = await repeats(tx, channel, [...groups.values()].map((g) => ({ ...keyOf(g[0]!.event), at: new Date(g[0]!.event.scheduledTime), n: g.length })));
    for (const [key, [first, ...rest]] of groups) {
      const o = outcomes.get(key);
      if (!o) continue; // window off: every one is sent
      for (const d of o.lastSent ? rest : [first!, ...rest]) suppress(d.id, repeatReason(channel));
      if (o.lastSent && o.lastRepeats > 0) {
        await webhookStorage.setPayload(tx, first!.id, { ...first!.event, repeats: o.lastRepeats, repeatsSince: o.repeatsSince?.toISOString() ?? null });
      }
    }
  }
}

/** DIGEST, SLACK: the digest of each run, or SUPPRESSED when it has nothing to tell. */
async function decideDigests(tx: Tx, deliveries: readonly NewDelivery[], mutes: Mutes, suppress: Suppress): Promise<void> {
  const executions = new Map<string, { reportUri: string | null }>();
  const violations = new Map<string, Violation[]>();
  for (const [teamId, ds] of groupBy(deliveries, (d) => d.event.teamId)) {
    const ids = [...new Set(ds.map((d) => d.event.executionId))];
    for (const x of await executionStorage.byIds(tx, teamId, ids)) executions.set(x.id, x);
    for (const [id, vs] of groupBy(await executionStorage.violationsByExecutions(tx, teamId, ids), (v) => v.executionId)) violations.set(id, vs);
  }
  for (const d of deliveries) {
    const e = d.event as ExecutionStatusChanged;
    const checkType = parseFilter(d.channel.filter).checkType;
    const all = (violations.get(e.executionId) ?? []).filter((v) => !checkType || v.checkType === checkType);
    const live = all.filter((v) => !mutes.of(v.monitorId, v));
    const outcomes = await repeats(tx, d.channel, live.map((v) => ({ ...keyOf(v), at: new Date(e.scheduledTime), n: 1 })));
    const sent = live.flatMap((v) => {
      const o = outcomes.get(keyText(keyOf(v)));
      if (o && !o.lastSent) return [];
      return [{ featureName: v.featureName, checkType: v.checkType, metricName: v.metricName || null, facetValue: v.facetValue || null, description: v.description,
        repeats: o?.lastRepeats ?? 0, repeatsSince: o?.repeatsSince?.toISOString() ?? null }];
    });
    const whole = mutes.whole(e.monitorId);
    if (sent.length === 0 && (whole || !d.channel.eventTypes.includes('EXECUTION_STATUS_CHANGED'))) {
      suppress(d.id, whole ? muteReason(whole)
        : live.length < all.length ? `nothing to tell: ${all.length - live.length} violation(s) muted, ${live.length} repeated`
          : live.length > 0 ? `nothing to tell: every violation is a ${repeatReason(d.channel)}` : 'nothing to tell: the run has no violations');
      continue;
    }
    const digest = buildDigest({ event: e, reportUri: executions.get(e.executionId)?.reportUri ?? null, total: all.length, muted: all.length - live.length, repeated: live.length - sent.length, counted: live, sent });
    await webhookStorage.setPayload(tx, d.id, digest);
  }
}

/** Decides the deliveries this fan-out inserted; returns the ones to send. */
export async function applyAlerting(tx: Tx, created: readonly NewDelivery[], now: Date): Promise<NewDelivery[]> {
  if (created.length === 0) return [];
  const teamIds = [...new Set(created.map((d) => d.event.teamId))];
  const mutes = new Mutes(await alertStorage.applying(tx, teamIds, [...new Set(created.map((d) => d.event.monitorId))], now));
  const held = new Map<string, string[]>();
  const suppress: Suppress = (id, reason) => held.set(reason, [...(held.get(reason) ?? []), id]);
  await decideEvents(tx, created.filter((d) => !d.digest), mutes, suppress);
  await decideDigests(tx, created.filter((d) => d.digest), mutes, suppress);
  for (const [reason, ids] of held) await webhookStorage.suppress(tx, ids, reason);
  const gone = new Set([...held.values()].flat());
  return created.filter((d) => !gone.has(d.id));
}
