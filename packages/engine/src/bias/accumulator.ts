// Streaming bias analysis for one facet: two confusion tables, the same per value of the
// group variable when one is configured (CDDL, CDDPL: cdd.ts), and the feature rows of
// the first FT_MAX_RECORDS records for the flip test (flip-test.ts).
import { err, ok, type Result } from '../errors.js';
import { pythonFloat } from '../json.js';
import type { Value } from '../parse/values.js';
import { BIAS_METRIC_DESCRIPTIONS, emptyConfusion, postTrainingBiasMetrics, type Confusion, type MetricOutcome } from './metrics.js';
import { PRE_TRAINING_DESCRIPTIONS, preTrainingBiasMetrics } from './pretraining.js';
import { FlipTestRows } from './flip-test.js';
import { conditionalDemographicDisparity, countInGroup, groupKey, mergeGroups, type GroupCounts } from './cdd.js';

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
  /** Clarify's group_variable: the column whose values are CDDL's and CDDPL's groups. Without it both are Clarify's error. */
  groupName?: string;
}

export interface BiasObservation {
  facet: Value;
  label: Value;
  predictedLabel?: Value;
  probability?: number;
  /** The record's value of the group variable (when one is configured). */
  group?: Value;
  /** The record's features (every column but the facet, the label and the model's outputs), for FT. */
  features?: readonly Value[];
}

/** As Clarify writes a metric: a value, or null and the error that stopped it. */
export type BiasMetricEntry = { name: string; description: string; value: number } | { name: string; description: string; value: null; error: string };

export interface BiasSection {
  label: string;
  facets: Record<string, Array<{ value_or_threshold: string; metrics: BiasMetricEntry[] }>>;
  label_value_or_threshold: string;
}

/** Clarify's analysis.json: a baseline carries both sections, a monitoring run the post-training one. */
export interface BiasAnalysis {
  version: '1.0';
  post_training_bias_metrics?: BiasSection;
  pre_training_bias_metrics?: BiasSection;
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

export class BiasAccumulator {
  readonly a: Confusion = emptyConfusion();
  readonly d: Confusion = emptyConfusion();
  skipped = 0;
  private facetMax = -Infinity;
  private labelMax = -Infinity;
  private readonly flipTest = new FlipTestRows();
  /** Null when no group variable is configured. */
  private readonly groups: GroupCounts | null;

  /** False once FT cannot be computed (too many records, a non-numeric feature): features need not be given. */
  get wantsFeatures(): boolean {
    return this.flipTest.wanted;
  }

  constructor(readonly cfg: BiasConfig) {
    this.groups = cfg.groupName !== undefined ? new Map() : null;
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
    const key = this.groups ? groupKey(o.group ?? null) : null;
    if (this.groups && key !== null) countInGroup(this.groups, key, inD, cell);
    this.flipTest.add(o.features, inD, predicted);
  }

  merge(o: BiasAccumulator): this {
    for (const k of ['tp', 'fp', 'fn', 'tn'] as const) {
      this.a[k] += o.a[k];
      this.d[k] += o.d[k];
    }
    this.skipped += o.skipped;
    this.flipTest.merge(o.flipTest);
    if (this.groups && o.groups) mergeGroups(this.groups, o.groups);
    this.facetMax = Math.max(this.facetMax, o.facetMax);
    this.labelMax = Math.max(this.labelMax, o.labelMax);
    return this;
  }

  /**
   * analysis.json (metrics by name, as Clarify orders them); `preTraining` adds the
   * pre-training section, as a baseline has. A threshold group is written as Clarify
   * does: "(threshold, observed max]".
   */
  result(opts: { preTraining?: boolean } = {}): Result<BiasAnalysis> {
    const post = postTrainingBiasMetrics(this.a, this.d, this.flipTest.result(), conditionalDemographicDisparity(this.groups, this.a, this.d, 'predicted'));
    if (!post.ok) return post;
    const label = (spec: ValuesOrThreshold, max: number): string =>
      spec.threshold !== undefined ? `(${pythonFloat(spec.threshold)}, ${pythonFloat(max)}]` : (spec.values ?? []).map(String).join(',');
    const section = (descriptions: Record<string, string>, values: Record<string, MetricOutcome>): BiasSection => ({
      label: this.cfg.labelName,
      facets: { [this.cfg.facetName]: [{ value_or_threshold: label(this.cfg.facet, this.facetMax), metrics: Object.entries(descriptions).map(([name, description]) => entry(name, description, values[name]!)) }] },
      label_value_or_threshold: label(this.cfg.label, this.labelMax),
    });
    return ok({
      version: '1.0',
      post_training_bias_metrics: section(BIAS_METRIC_DESCRIPTIONS, post.value),
      ...(opts.preTraining ? { pre_training_bias_metrics: section(PRE_TRAINING_DESCRIPTIONS, preTrainingBiasMetrics(this.a, this.d, conditionalDemographicDisparity(this.groups, this.a, this.d, 'label'))) } : {}),
    });
  }
}

const entry = (name: string, description: string, v: MetricOutcome): BiasMetricEntry =>
  typeof v === 'number' ? { name, description, value: v } : { name, description, value: null, error: v.error };
