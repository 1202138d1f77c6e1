// Data quality over a stream of rows: add(row) / merge(other) / result().
import { err, ok, type Result } from '../errors.js';
import { decodePayload, payloadToRows, type CaptureRecord, type DecodedPayload } from '../parse/capture.js';
import { checkColumnCount } from '../parse/csv.js';
import { toRow, type Row, type Value } from '../parse/values.js';
import { FeatureAccumulator, type FeatureAccumulatorOptions } from './feature-accumulator.js';
import { featureStatistics, type StatisticsJson } from './statistics.js';
import type { TypeCounts } from './value-type.js';

/** What the violation checks need beyond statistics.json. */
export interface FeatureObservation {
  types: TypeCounts;
  /** Present values, by canonical text, for the first `categoricalCap` distinct values. */
  categories: ReadonlyMap<string, number>;
  /** Present values not in `categories` (only after the cap was reached). */
  overflowCount: number;
}

export interface DataQualityResult {
  statistics: StatisticsJson;
  observations: Map<string, FeatureObservation>;
}

export class DataQualityAccumulator {
  itemCount = 0;
  /** Features in first-seen order (Map keeps insertion order). */
  readonly features = new Map<string, FeatureAccumulator>();

  constructor(private readonly opts: FeatureAccumulatorOptions = {}) {}

  private feature(name: string): FeatureAccumulator {
    let f = this.features.get(name);
    if (!f) {
      f = new FeatureAccumulator(name, this.opts);
      this.features.set(name, f);
    }
    return f;
  }

  /** A feature absent from a row counts as missing for that row. */
  add(row: Row): void {
    this.itemCount++;
    // Rows of one stream nearly always have the same keys in the same order: remember the
    // accumulator found for each position and reuse it while the key matches.
    const keys = Object.keys(row);
    const names = this.lastKeys;
    const feats = this.lastFeatures;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      let f: FeatureAccumulator;
      if (names[i] === k) f = feats[i]!;
      else {
        f = this.feature(k);
        names[i] = k;
        feats[i] = f;
      }
      f.add(row[k]);
    }
  }

  private readonly lastKeys: string[] = [];
  private readonly lastFeatures: FeatureAccumulator[] = [];

  /**
   * The same as add(toRow(values, names)) without building the row: the keys that row would have
   * (in Object.keys order, a repeated name keeping its last value) are worked out once per
   * `names` array and row length, with the accumulator and the value's position for each.
   */
  addFields(values: readonly Value[], names?: readonly string[]): void {
    let plan = this.plan;
    if (plan === null || plan.names !== names || plan.length !== values.length) plan = this.planFor(values.length, names);
    this.itemCount++;
    const { features, positions } = plan;
    for (let j = 0; j < features.length; j++) features[j]!.add(values[positions[j]!]);
  }

  /**
   * addFields(text.split(','), names) without the array or the cells' strings (FeatureAccumulator.addRange):
   * `text` is one CSV record without quotes or line breaks. Adds nothing and returns false when the
   * record has not `expected` cells (the caller then words the error as before).
   */
  addCsvText(text: string, names?: readonly string[], expected?: number): boolean {
    const { starts, ends } = this;
    let n = 0;
    for (let p = 0; ; n++) {
      const c = text.indexOf(',', p);
      starts[n] = p;
      ends[n] = c === -1 ? text.length : c;
      if (c === -1) break;
      p = c + 1;
    }
    n++;
    if (expected !== undefined && n !== expected) return false;
    let plan = this.plan;
    if (plan === null || plan.names !== names || plan.length !== n) plan = this.planFor(n, names);
    this.itemCount++;
    const { features, positions } = plan;
    for (let j = 0; j < features.length; j++) {
      const at = positions[j]!;
      features[j]!.addRange(text, starts[at]!, ends[at]!);
    }
    return true;
  }

  /** addCsvText's cell bounds, reused from record to record. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  private plan: { names: readonly string[] | undefined; length: number; features: FeatureAccumulator[]; positions: number[] } | null = null;

  private planFor(length: number, names: readonly string[] | undefined): NonNullable<typeof this.plan> {
    const probe = toRow(Array.from({ length }, (_, i) => i), names) as Record<string, number>;
    const keys = Object.keys(probe);
    this.plan = { names, length, features: keys.map((k) => this.feature(k)), positions: keys.map((k) => probe[k]!) };
    return this.plan;
  }

  merge(o: DataQualityAccumulator): this {
    this.itemCount += o.itemCount;
    for (const [k, f] of o.features) this.feature(k).merge(f);
    return this;
  }

  /** EMPTY_WINDOW when no row was added (nothing to profile or compare). */
  result(): Result<DataQualityResult> {
    if (this.itemCount === 0) return err({ kind: 'EMPTY_WINDOW', message: 'no records to analyse in the window' });
    const observations = new Map<string, FeatureObservation>();
    for (const [k, f] of this.features) observations.set(k, { types: { ...f.types }, categories: f.categories, overflowCount: f.overflowCount });
    return ok({
      statistics: {
        version: 0,
        dataset: { item_count: this.itemCount },
        features: [...this.features.values()].map((f) => featureStatistics(f, this.itemCount)),
      },
      observations,
    });
  }
}

/**
 * The rows a data-quality monitor analyses for one capture (one per CSV record
 * of a batched request; one for JSON): the decoded endpointInput (FeaturesAttribute = JSON path; CSV columns named by `names`
 * or _c0.. like SageMaker's analyzer). For CSV payloads every record's field
 * count must equal `expectedColumns` (default: names.length when names are
 * given), else WRONG_COLUMN_COUNT.
 */
export function captureToRows(
  rec: CaptureRecord,
  opts: { featuresAttribute?: string; names?: readonly string[]; expectedColumns?: number; line?: number } = {},
): Result<Row[]> {
  const d = decodeCaptureInput(rec, opts);
  if (!d.ok) return d;
  return ok(payloadToRows(d.value, { ...(opts.featuresAttribute !== undefined ? { attribute: opts.featuresAttribute } : {}), ...(opts.names ? { names: opts.names } : {}) }));
}

/** captureToRows' checks without the rows: the decoded endpointInput, its CSV records' field counts checked. */
export function decodeCaptureInput(rec: CaptureRecord, opts: { names?: readonly string[]; expectedColumns?: number; line?: number } = {}): Result<DecodedPayload> {
  const at = opts.line !== undefined ? { line: opts.line } : {};
  if (!rec.input) return err({ kind: 'INVALID_RECORD', message: `capture ${rec.eventId} has no endpointInput`, ...at });
  const d = decodePayload(rec.input, opts.line);
  if (!d.ok) return d;
  const expected = opts.expectedColumns ?? opts.names?.length;
  if (d.value.format === 'CSV' && expected !== undefined) {
    for (const rec of d.value.records) {
      const c = checkColumnCount(rec, expected, opts.line);
      if (!c.ok) return c;
    }
  }
  return d;
}
