// Global feature attributions from per-record attributions.
//
// ATTRIBUTIONS_SOURCE: the engine does NOT run the model or Kernel SHAP. It
// reads per-record attributions that the endpoint already returned in its
// captured output (e.g. a JSON field such as "explanations"), and aggregates
// them as Clarify's agg_method "mean_abs": global(f) = Σ|φ_f| / (records with φ_f).
import { decodePayload, type CaptureRecord } from '../parse/capture.js';
import { err, ok, type Result } from '../errors.js';
import { getPath, positionalName } from '../parse/values.js';
import { ExactSum } from '../exact-sum.js';

export const ATTRIBUTIONS_SOURCE = 'captured-output' as const;
export const DEFAULT_LABEL = 'label0';

export interface ExplainabilityAnalysis {
  version: '1.0';
  explanations: {
    kernel_shap: Record<string, { global_shap_values: Record<string, number>; expected_value: number }>;
  };
}

export interface AttributionObservation {
  attributions: Record<string, number>;
  /** Model output's baseline (SHAP expected value) if the record carries it. */
  expectedValue?: number;
  /** Output label the attributions explain (default "label0"). */
  label?: string;
}

/** One label's sums, exact (ExactSum): parts merged give the one-pass means. */
export class LabelAcc {
  readonly sumAbs = new Map<string, ExactSum>();
  readonly counts = new Map<string, number>();
  readonly expectedSum = new ExactSum();
  expectedCount = 0;
}

function sumOf(sums: Map<string, ExactSum>, f: string): ExactSum {
  let s = sums.get(f);
  if (!s) sums.set(f, (s = new ExactSum()));
  return s;
}

export class AttributionAccumulator {
  private readonly labels = new Map<string, LabelAcc>();
  records = 0;

  /** Memory: O(labels × features). Non-finite attributions are ignored. */
  add(o: AttributionObservation): void {
    this.records++;
    const label = o.label ?? DEFAULT_LABEL;
    let acc = this.labels.get(label);
    if (!acc) this.labels.set(label, (acc = new LabelAcc()));
    for (const [f, v] of Object.entries(o.attributions)) {
      if (!Number.isFinite(v)) continue;
      sumOf(acc.sumAbs, f).add(Math.abs(v));
      acc.counts.set(f, (acc.counts.get(f) ?? 0) + 1);
    }
    if (o.expectedValue !== undefined && Number.isFinite(o.expectedValue)) {
      acc.expectedSum.add(o.expectedValue);
      acc.expectedCount++;
    }
  }

  merge(o: AttributionAccumulator): this {
    this.records += o.records;
    for (const [label, src] of o.labels) {
      let acc = this.labels.get(label);
      if (!acc) this.labels.set(label, (acc = new LabelAcc()));
      for (const [f, v] of src.sumAbs) sumOf(acc.sumAbs, f).merge(v);
      for (const [f, n] of src.counts) acc.counts.set(f, (acc.counts.get(f) ?? 0) + n);
      acc.expectedSum.merge(src.expectedSum);
      acc.expectedCount += src.expectedCount;
    }
    return this;
  }

  /** expected_value = mean of the records' expected values (0 when none carried one). */
  result(): Result<ExplainabilityAnalysis> {
    if (this.labels.size === 0) return err({ kind: 'EMPTY_WINDOW', message: 'no records with feature attributions in the window' });
    const kernel_shap: ExplainabilityAnalysis['explanations']['kernel_shap'] = {};
    for (const [label, acc] of this.labels) {
      const global: Record<string, number> = {};
      for (const [f, s] of acc.sumAbs) global[f] = s.value() / acc.counts.get(f)!;
      kernel_shap[label] = { global_shap_values: global, expected_value: acc.expectedCount ? acc.expectedSum.value() / acc.expectedCount : 0 };
    }
    return ok({ version: '1.0', explanations: { kernel_shap } });
  }
}

/**
 * Attributions from a capture's endpointOutput (JSON). `attribute` is the
 * dotted path of the attributions; accepted shapes at that path:
 *  - {feature: number}
 *  - [number, ...] (named by `featureNames` or _c0, _c1, ...)
 *  - Clarify online explainability: [{feature_header|feature_name, attributions:[{attribution:[number]}]}]
 *    (or that list wrapped in one more array, as kernel_shap returns per record).
 * `expectedValueAttribute`: optional path of the expected value.
 */
export function attributionsFromCapture(
  rec: CaptureRecord,
  opts: { attribute: string; expectedValueAttribute?: string; featureNames?: readonly string[]; label?: string },
): Result<AttributionObservation> {
  if (!rec.output) return err({ kind: 'INVALID_RECORD', message: `capture ${rec.eventId} has no endpointOutput` });
  const d = decodePayload(rec.output);
  if (!d.ok) return d;
  if (d.value.format !== 'JSON') return err({ kind: 'INVALID_RECORD', message: `capture ${rec.eventId}: attributions need a JSON endpointOutput` });
  let v = getPath(d.value.value, opts.attribute);
  if (Array.isArray(v) && v.length === 1 && Array.isArray(v[0])) v = v[0];
  const attributions: Record<string, number> = {};
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      if (typeof x === 'number') attributions[opts.featureNames?.[i] ?? positionalName(i)] = x;
      else if (typeof x === 'object' && x !== null) {
        const o = x as { feature_header?: unknown; feature_name?: unknown; attributions?: Array<{ attribution?: unknown[] }> };
        const given = o.feature_header ?? o.feature_name;
        const name = typeof given === 'string' || typeof given === 'number' ? String(given) : (opts.featureNames?.[i] ?? positionalName(i));
        const a = Number(o.attributions?.[0]?.attribution?.[0]);
        if (Number.isFinite(a)) attributions[name] = a;
      }
    });
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) if (typeof x === 'number') attributions[k] = x;
  } else {
    return err({ kind: 'INVALID_RECORD', message: `capture ${rec.eventId}: no attributions at "${opts.attribute}"` });
  }
  const out: AttributionObservation = { attributions };
  if (opts.label !== undefined) out.label = opts.label;
  if (opts.expectedValueAttribute !== undefined) {
    const e = Number(getPath(d.value.value, opts.expectedValueAttribute));
    if (Number.isFinite(e)) out.expectedValue = e;
  }
  return ok(out);
}
