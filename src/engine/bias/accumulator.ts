// Streaming post-training bias for one facet: O(1) memory (two confusion tables).
import { err, ok, type Result } from '../errors.js';
import type { Value } from '../parse/values.js';
import { BIAS_METRIC_DESCRIPTIONS, INFINITY, emptyConfusion, postTrainingBiasMetrics, type BiasMetricName, type Confusion } from './metrics.js';

/** Exactly one of `values` (categorical membership, compared as text/number) or `threshold` (numeric: value > threshold). */
export interface ValuesOrThreshold {
  values?: ReadonlyArray<string | number | boolean>;
  threshold?: number;
}

export interface BiasConfig {
  /** Facet column name (report key). */
  facetName: string;
  facet: ValuesOrThreshold;
  /** Label column name (report `label`). */
  labelName: string;
  /** Positive outcome for both observed and predicted labels. */
  label: ValuesOrThreshold;
  /** When an observation has a probability and no predicted label: positive iff probability > this (Clarify). Default 0.5. */
  probabilityThreshold?: number;
  /** Poisson-bootstrap replicates kept for metric standard deviations (default 50; 0 disables). */
  bootstrapReplicates?: number;
  /** Seed of the bootstrap's PRNG (results are reproducible). Give partitions that will be merged different seeds. */
  seed?: number;
}

export interface BiasObservation {
  facet: Value;
  label: Value;
  predictedLabel?: Value;
  probability?: number;
}

export interface BiasMetricEntry {
  name: BiasMetricName;
  description: string;
  value: number;
}

export interface BiasAnalysis {
  version: '1.0';
  post_training_bias_metrics: {
    label: string;
    facets: Record<string, Array<{ value_or_threshold: string; metrics: BiasMetricEntry[] }>>;
    label_value_or_threshold: string;
  };
}

export function validateBiasConfig(c: BiasConfig): Result<BiasConfig> {
  for (const [what, v] of [['facet', c.facet], ['label', c.label]] as const) {
    const hasValues = v.values !== undefined && v.values.length > 0;
    if (hasValues === (v.threshold !== undefined)) {
      return err({ kind: 'INVALID_CONFIG', message: `${what}: give either a non-empty list of values or a single numeric threshold` });
    }
  }
  return ok(c);
}

/** Whether `v` is in the group: membership by text or numeric equality, or numeric v > threshold. */
export function matches(v: Value, spec: ValuesOrThreshold): boolean {
  if (v === null) return false;
  const s = typeof v === 'string' ? v.trim() : String(v);
  if (spec.threshold !== undefined) {
    const x = Number(s);
    return s !== '' && Number.isFinite(x) && x > spec.threshold;
  }
  return (spec.values ?? []).some((w) => {
    const t = String(w);
    return t === s || (s !== '' && t !== '' && Number.isFinite(Number(s)) && Number(s) === Number(t));
  });
}

/**
 * Streaming (Poisson) bootstrap: each record enters each of B replicate tables
 * with an independent Poisson(1) weight, which approximates resampling with
 * replacement without storing records. Memory O(B); replicates merge by addition.
 */
export class BiasAccumulator {
  readonly a: Confusion = emptyConfusion();
  readonly d: Confusion = emptyConfusion();
  skipped = 0;
  private facetMax = -Infinity;
  private labelMax = -Infinity;
  private readonly reps: Array<{ a: Confusion; d: Confusion }>;
  private seed: number;

  constructor(readonly cfg: BiasConfig) {
    this.reps = Array.from({ length: cfg.bootstrapReplicates ?? 50 }, () => ({ a: emptyConfusion(), d: emptyConfusion() }));
    this.seed = (cfg.seed ?? 0x2545f491) >>> 0 || 1;
  }

  private uniform(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 4294967296;
  }

  /** Poisson(1) by Knuth's multiplication method. */
  private poisson1(): number {
    let k = 0;
    let p = this.uniform();
    while (p > EXP_MINUS_1) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  add(o: BiasObservation): void {
    let predicted: boolean;
    if (o.predictedLabel !== undefined && o.predictedLabel !== null) predicted = matches(o.predictedLabel, this.cfg.label);
    else if (o.probability !== undefined && Number.isFinite(o.probability)) predicted = o.probability > (this.cfg.probabilityThreshold ?? 0.5);
    else {
      this.skipped++;
      return;
    }
    if (o.facet === null || o.label === null) {
      this.skipped++;
      return;
    }
    const f = Number(o.facet);
    if (Number.isFinite(f) && f > this.facetMax) this.facetMax = f;
    const l = Number(o.label);
    if (Number.isFinite(l) && l > this.labelMax) this.labelMax = l;
    const inD = matches(o.facet, this.cfg.facet);
    const actual = matches(o.label, this.cfg.label);
    const cell = actual && predicted ? 'tp' : actual ? 'fn' : predicted ? 'fp' : 'tn';
    (inD ? this.d : this.a)[cell]++;
    for (const r of this.reps) (inD ? r.d : r.a)[cell] += this.poisson1();
  }

  /**
   * Bootstrap standard deviation of each metric (replicates where a metric is
   * undefined — an empty group or ±INFINITY — are left out; a metric with
   * fewer than 2 usable replicates is omitted).
   */
  metricStdDevs(): Partial<Record<BiasMetricName, number>> {
    const values = new Map<BiasMetricName, number[]>();
    for (const r of this.reps) {
      const m = postTrainingBiasMetrics(r.a, r.d);
      if (!m.ok) continue;
      for (const [k, v] of Object.entries(m.value) as Array<[BiasMetricName, number]>) {
        if (Math.abs(v) >= INFINITY / 2) continue;
        let list = values.get(k);
        if (!list) values.set(k, (list = []));
        list.push(v);
      }
    }
    const out: Partial<Record<BiasMetricName, number>> = {};
    for (const [k, list] of values) {
      if (list.length < 2) continue;
      const mean = list.reduce((s, x) => s + x, 0) / list.length;
      out[k] = Math.sqrt(list.reduce((s, x) => s + (x - mean) ** 2, 0) / (list.length - 1));
    }
    return out;
  }

  merge(o: BiasAccumulator): this {
    if (o.reps.length !== this.reps.length) throw new Error('BiasAccumulator.merge: different bootstrapReplicates');
    for (const k of ['tp', 'fp', 'fn', 'tn'] as const) {
      this.a[k] += o.a[k];
      this.d[k] += o.d[k];
      this.reps.forEach((r, i) => {
        r.a[k] += o.reps[i]!.a[k];
        r.d[k] += o.reps[i]!.d[k];
      });
    }
    this.skipped += o.skipped;
    this.facetMax = Math.max(this.facetMax, o.facetMax);
    this.labelMax = Math.max(this.labelMax, o.labelMax);
    return this;
  }

  /** analysis.json; a threshold group is written as Clarify does: "(threshold, observed max]". */
  result(): Result<BiasAnalysis> {
    const m = postTrainingBiasMetrics(this.a, this.d);
    if (!m.ok) return m;
    const label = (spec: ValuesOrThreshold, max: number): string =>
      spec.threshold !== undefined ? `(${fmt(spec.threshold)}, ${fmt(max)}]` : (spec.values ?? []).map(String).join(',');
    const metrics = (Object.keys(BIAS_METRIC_DESCRIPTIONS) as BiasMetricName[]).map((name) => ({ name, description: BIAS_METRIC_DESCRIPTIONS[name], value: m.value[name] }));
    return ok({
      version: '1.0',
      post_training_bias_metrics: {
        label: this.cfg.labelName,
        facets: { [this.cfg.facetName]: [{ value_or_threshold: label(this.cfg.facet, this.facetMax), metrics }] },
        label_value_or_threshold: label(this.cfg.label, this.labelMax),
      },
    });
  }
}

const EXP_MINUS_1 = Math.exp(-1);

/** Python-like float text: 100 → "100.0". */
const fmt = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));
