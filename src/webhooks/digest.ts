// The digest of one finished execution (DIGEST and SLACK webhooks): what is stored as the
// delivery's payload when it is fanned out, and the two bodies made from it when it is sent.
// Pure: the fan-out (alerting.ts) decides what is muted and what is a repeat.
import { z } from 'zod';
import type { ExecutionStatusChanged } from '../events/types.js';
import { executionLinks } from '../shared/page-links.js';

export const DIGEST_EVENT_TYPE = 'EXECUTION_DIGEST';
/** Violations listed by name in a digest; the others are counted. */
export const DIGEST_TOP = 5;
/** The final statuses: a run reaching one is digested, once. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['COMPLETED', 'COMPLETED_WITH_VIOLATIONS', 'FAILED', 'STOPPED']);

export const digestEventId = (executionId: string): string => `digest:${executionId}`;

const DigestViolationSchema = z.object({
  featureName: z.string(),
  checkType: z.string(),
  metricName: z.string().nullable(),
  facetValue: z.string().nullable(),
  description: z.string(),
  /** Identical violations held back since repeatsSince (the one sent before). */
  repeats: z.number().int(),
  repeatsSince: z.string().nullable(),
});
export type DigestViolation = z.infer<typeof DigestViolationSchema>;

export const DigestSchema = z.object({
  type: z.literal(DIGEST_EVENT_TYPE),
  id: z.string(),
  occurredAt: z.string(),
  monitor: z.object({ id: z.string(), name: z.string(), type: z.string() }),
  endpointName: z.string().nullable(),
  execution: z.object({
    id: z.string(), status: z.string(), previousStatus: z.string().nullable(), scheduledTime: z.string(),
    failureReason: z.string().nullable(), reportUri: z.string().nullable(), reportError: z.string().nullable(),
  }),
  violations: z.object({
    total: z.number().int(),
    muted: z.number().int(),
    repeated: z.number().int(),
    byCheckType: z.array(z.object({ checkType: z.string(), count: z.number().int() })),
    top: z.array(DigestViolationSchema),
  }),
});
export type Digest = z.infer<typeof DigestSchema>;

export interface DigestInput {
  event: ExecutionStatusChanged;
  reportUri: string | null;
  /** Every violation of the run the webhook takes (its filter.checkType applied). */
  total: number;
  muted: number;
  repeated: number;
  /** Not muted (sent and repeated): counted by check type. */
  counted: ReadonlyArray<{ checkType: string }>;
  /** Sent (not muted, not held back), with their repeats. */
  sent: readonly DigestViolation[];
}

export function buildDigest(d: DigestInput): Digest {
  const e = d.event;
  const counts = new Map<string, number>();
  for (const v of d.counted) counts.set(v.checkType, (counts.get(v.checkType) ?? 0) + 1);
  return {
    type: DIGEST_EVENT_TYPE,
    id: digestEventId(e.executionId),
    occurredAt: e.occurredAt,
    monitor: { id: e.monitorId, name: e.monitorName, type: e.monitorType },
    endpointName: e.endpointName,
    execution: {
      id: e.executionId, status: e.status, previousStatus: e.previousStatus, scheduledTime: e.scheduledTime,
      failureReason: e.failureReason, reportUri: d.reportUri, reportError: e.reportError ?? null,
    },
    violations: {
      total: d.total, muted: d.muted, repeated: d.repeated,
      byCheckType: [...counts].map(([checkType, count]) => ({ checkType, count })).sort((a, b) => b.count - a.count || a.checkType.localeCompare(b.checkType)),
      top: d.sent.slice(0, DIGEST_TOP),
    },
  };
}

/** DIGEST: the digest with its links. */
export function digestJson(d: Digest, publicUrl: string): object {
  return { ...d, links: executionLinks(publicUrl, d.execution.id, d.execution.reportUri) };
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const button = (text: string, url: string) => ({ type: 'button', text: { type: 'plain_text', text }, url });
const repeatsText = (v: DigestViolation) => (v.repeats > 0 ? ` _(seen ${v.repeats} more time${v.repeats === 1 ? '' : 's'} since ${v.repeatsSince ?? '?'}, not sent)_` : '');

/** SLACK: header, where and when, counts, top violations, links. */
export function digestSlack(d: Digest, publicUrl: string): object {
  const links = executionLinks(publicUrl, d.execution.id, d.execution.reportUri);
  const v = d.violations;
  const told = v.total - v.muted;
  const headline = `${d.monitor.name}: ${d.execution.status}${told > 0 ? `, ${told} violation${told === 1 ? '' : 's'}` : ''}`;
  const counts = v.byCheckType.map((c) => `${c.checkType}: *${c.count}*`).join(' · ') || 'no violations';
  const notes = [v.muted > 0 ? `${v.muted} muted` : '', v.repeated > 0 ? `${v.repeated} repeated within the window, not listed` : ''].filter(Boolean).join(' · ');
  // A model-level violation (model quality, feature attribution) has no feature: its metric names it.
  const top = v.top.map((x) => `• *${x.featureName || x.metricName || 'model'}* ${x.checkType}${x.featureName && x.metricName ? ` (${x.metricName})` : ''}: ${x.description}${repeatsText(x)}`);
  const more = told - v.repeated - v.top.length;
  const buttons = [button('Open the run', links.execution), button('Open the report', links.report)];
  return {
    text: `${headline} (${d.monitor.type}${d.endpointName ? ` on ${d.endpointName}` : ''})`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150) } },
      { type: 'section', fields: [
        mrkdwn(`*Monitor*\n${d.monitor.name} (${d.monitor.id})`), mrkdwn(`*Endpoint*\n${d.endpointName ?? '—'}`),
        mrkdwn(`*Type*\n${d.monitor.type}`), mrkdwn(`*Run*\n${d.execution.scheduledTime} · ${d.execution.status}`),
      ] },
      ...(d.execution.failureReason ? [{ type: 'section', text: mrkdwn(`*Failure:* ${d.execution.failureReason}`) }] : []),
      { type: 'section', text: mrkdwn(`*Violations by check type:* ${counts}${notes ? `\n${notes}` : ''}`) },
      ...(top.length > 0 ? [{ type: 'section', text: mrkdwn(`*Top violations*\n${top.join('\n')}${more > 0 ? `\n…and ${more} more` : ''}`) }] : []),
      { type: 'actions', elements: buttons },
      { type: 'context', elements: [mrkdwn(`${links.reportUri ? `Report: ${links.reportUri} · ` : ''}event ${d.id}`)] },
    ],
  };
}
