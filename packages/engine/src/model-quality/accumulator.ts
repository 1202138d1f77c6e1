// One entry point per problem type: feed joined (label, prediction, probability)
// observations; result() gives statistics.json.
import { z } from 'zod';
import { err, ok, type Result } from '../errors.js';
import { decodePayload, payloadScalar, type CaptureRecord } from '../parse/capture.js';
import type { Value } from '../parse/values.js';
import { parseJsonWith } from '../json.js';
import { BinaryAccumulator, type BinaryClassificationMetrics, type BinaryConfig } from './binary.js';
import { MulticlassAccumulator, type MulticlassClassificationMetrics } from './multiclass.js';
import { RegressionAccumulator, type RegressionMetrics } from './regression.js';
import { eachSampleOf, MIN_SAMPLES_FOR_STD, RESAMPLES, withResampledSpread } from './resample.js';
import { modelQualityStatistics, type ModelQualityConstraints, type ModelQualityStatistics, type ProblemType } from './report.js';

export interface ModelQualityObservation {
  label: Value;
  prediction?: Value;
  probability?: number;
}

export class ModelQualityAccumulator {
  private readonly binary?: BinaryAccumulator;
  private readonly multiclass?: MulticlassAccumulator;
  private readonly regression?: RegressionAccumulator;
  /** The resamples behind standard_deviation (resample.ts); none inside a resample. */
  private readonly samples: ModelQualityAccumulator[];
  /** Key of the next record added without one. */
  private added = 0;
  /** Observations that could not be used (missing prediction, non-numeric regression values). */
  skipped = 0;

  constructor(readonly problemType: ProblemType, cfg: BinaryConfig & { maxClasses?: number } = {}, resample = true) {
    if (problemType === 'BinaryClassification') this.binary = new BinaryAccumulator(cfg);
    else if (problemType === 'MulticlassClassification') this.multiclass = new MulticlassAccumulator(cfg.maxClasses);
    else this.regression = new RegressionAccumulator();
    this.samples = resample ? Array.from({ length: RESAMPLES }, () => new ModelQualityAccumulator(problemType, cfg, false)) : [];
  }

  get count(): number {
    return this.binary?.count ?? this.multiclass?.count ?? this.regression?.n ?? 0;
  }

  /** `key` picks the record's resamples: a capture's join key (default: the position in the order added). */
  add(o: ModelQualityObservation, key: string | number = this.added): void {
    this.added++;
    if (this.addOne(o) && this.samples.length > 0) eachSampleOf(key, (k) => this.samples[k]!.addOne(o));
  }

  /** False when the observation cannot be used. */
  private addOne(o: ModelQualityObservation): boolean {
    if (this.binary) {
      if ((o.prediction === undefined || o.prediction === null) && o.probability === undefined) return this.skip();
      this.binary.add(o);
      return true;
    }
    if (o.prediction === undefined || o.prediction === null || o.label === null) return this.skip();
    if (this.multiclass) this.multiclass.add({ label: o.label, prediction: o.prediction });
    else if (!this.regression!.add({ label: toNumber(o.label), prediction: toNumber(o.prediction) })) return this.skip();
    return true;
  }

  private skip(): false {
    this.skipped++;
    return false;
  }

  merge(other: ModelQualityAccumulator): this {
    if (other.problemType !== this.problemType) throw new Error('ModelQualityAccumulator.merge: different problem types');
    if (this.binary) this.binary.merge(other.binary!);
    if (this.multiclass) this.multiclass.merge(other.multiclass!);
    if (this.regression) this.regression.merge(other.regression!);
    this.samples.forEach((s, k) => other.samples[k] && s.merge(other.samples[k]));
    this.skipped += other.skipped;
    return this;
  }

  private metrics(): BinaryClassificationMetrics | MulticlassClassificationMetrics | RegressionMetrics {
    return this.binary?.result() ?? this.multiclass?.result() ?? this.regression!.result();
  }

  /** EMPTY_WINDOW when nothing was joined: no metrics can be computed. */
  result(): Result<ModelQualityStatistics> {
    if (this.count === 0) {
      return err({ kind: 'EMPTY_WINDOW', message: `no predictions with ground truth to evaluate (${this.skipped} unusable records)` });
    }
    const samples = this.count < MIN_SAMPLES_FOR_STD ? [] : this.samples.map((s) => s.metrics());
    return ok(modelQualityStatistics(this.count, this.problemType, withResampledSpread(this.metrics(), this.count, samples)));
  }
}

/** Number of a cell; NaN for null, blank text or booleans (Number('') would be 0). */
function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return NaN;
  return Number(v);
}

export interface PredictionAttributes {
  /** InferenceAttribute: JSON path, or CSV column index as text (default: column 0 when no probability attribute). */
  inferenceAttribute?: string;
  /** ProbabilityAttribute: JSON path or CSV column index as text. */
  probabilityAttribute?: string;
}

/** The predicted label and/or probability from a capture's endpointOutput. */
export function predictionFromCapture(rec: CaptureRecord, attrs: PredictionAttributes = {}): Result<{ prediction?: Value; probability?: number }> {
  if (!rec.output) return err({ kind: 'INVALID_RECORD', message: `capture ${rec.eventId} has no endpointOutput` });
  const d = decodePayload(rec.output);
  if (!d.ok) return d;
  const out: { prediction?: Value; probability?: number } = {};
  if (attrs.probabilityAttribute !== undefined) {
    const p = Number(payloadScalar(d.value, { attribute: attrs.probabilityAttribute }));
    if (Number.isFinite(p)) out.probability = p;
  }
  if (attrs.inferenceAttribute !== undefined || attrs.probabilityAttribute === undefined) {
    out.prediction = payloadScalar(d.value, attrs.inferenceAttribute !== undefined ? { attribute: attrs.inferenceAttribute } : {});
  }
  return ok(out);
}

const metricConstraint = z.object({ threshold: z.number(), comparison_operator: z.enum(['GreaterThanThreshold', 'LessThanThreshold']) });
const table = z.record(z.string(), metricConstraint);
const mqConstraintsSchema = z.union([
  z.object({ version: z.number().default(0), binary_classification_constraints: table }),
  z.object({ version: z.number().default(0), multiclass_classification_constraints: table }),
  z.object({ version: z.number().default(0), regression_constraints: table }),
]);

export function parseModelQualityConstraints(text: string): Result<ModelQualityConstraints> {
  return parseJsonWith(text, mqConstraintsSchema, 'constraints.json');
}
