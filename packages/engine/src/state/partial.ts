// A monitor analysis's partial state: what one part of a run (a thread, a worker process) has
// accumulated, as a JSON-safe value that another part merges. Parts merged in their order give the
// same report as one pass over the same records in that order (see the README's "Parts").
import { z } from 'zod';
import { err, ok, type Result } from '../errors.js';
import { DataQualityAccumulator } from '../data-quality/accumulator.js';
import { FeatureAccumulator } from '../data-quality/feature-accumulator.js';
import { KllSketch } from '../sketch/kll.js';
import { DistinctCounter } from '../sketch/distinct.js';
import { ModelQualityAccumulator } from '../model-quality/accumulator.js';
import { BinaryAccumulator } from '../model-quality/binary.js';
import { MulticlassAccumulator } from '../model-quality/multiclass.js';
import { RegressionAccumulator } from '../model-quality/regression.js';
import { BiasAccumulator } from '../bias/accumulator.js';
import { FlipTestRows } from '../bias/flip-test.js';
import { AttributionAccumulator, LabelAcc } from '../explainability/attribution.js';
import { ExactSum } from '../exact-sum.js';
import { codecOf, encodedSchema, type Encoded } from './codec.js';

export const ANALYSIS_TYPES = ['DATA_QUALITY', 'MODEL_QUALITY', 'MODEL_BIAS', 'MODEL_EXPLAINABILITY'] as const;
export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

export interface PartialState {
  version: 1;
  type: AnalysisType;
  accumulator: Encoded;
}

export const partialStateSchema: z.ZodType<PartialState> = z.strictObject({
  version: z.literal(1),
  type: z.enum(ANALYSIS_TYPES),
  accumulator: encodedSchema,
});

const CODEC = codecOf([
  [DataQualityAccumulator, { lastKeys: () => [], lastFeatures: () => [], plan: () => null, starts: () => [], ends: () => [] }],
  [FeatureAccumulator, { categoryFilter: () => null }],
  [KllSketch],
  [DistinctCounter],
  [ModelQualityAccumulator],
  [BinaryAccumulator],
  [MulticlassAccumulator],
  [RegressionAccumulator],
  [BiasAccumulator],
  [FlipTestRows],
  [AttributionAccumulator],
  [LabelAcc],
  [ExactSum],
]);

const invalid = (message: string) => err<never>({ kind: 'INVALID_RECORD', message: `partial state: ${message}` });

/** A partial state read from outside (a file, a row, a thread's message), checked. */
export function readPartialState(value: unknown): Result<PartialState> {
  const r = partialStateSchema.safeParse(value);
  return r.success ? ok(r.data) : invalid(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
}

interface Mergeable<A> {
  merge(o: A): A;
}

/**
 * One analysis's accumulator, with its state written and merged. The first state merged into an
 * analysis that has added nothing becomes its accumulator as it is (its sketches' coin state too),
 * so merging parts 0..k−1 in order continues exactly where part 0 stopped.
 */
export class AnalysisState<A extends Mergeable<A>> {
  private fresh = true;
  constructor(
    readonly type: AnalysisType,
    private readonly cls: abstract new (...args: never[]) => A,
    private acc: A,
  ) {}

  /** The accumulator, to add to. */
  use(): A {
    this.fresh = false;
    return this.acc;
  }

  /** The accumulator, to read. */
  get current(): A {
    return this.acc;
  }

  export(): PartialState {
    return { version: 1, type: this.type, accumulator: CODEC.encode(this.acc) };
  }

  merge(s: PartialState): Result<void> {
    if (s.type !== this.type) return invalid(`a ${s.type} state cannot merge into a ${this.type} analysis`);
    let other: unknown;
    try {
      other = CODEC.decode(s.accumulator);
    } catch (e) {
      return invalid((e as Error).message);
    }
    if (!(other instanceof this.cls)) return invalid(`not a ${this.cls.name}`);
    try {
      if (this.fresh) this.acc = other;
      else this.acc.merge(other);
    } catch (e) {
      return invalid((e as Error).message);
    }
    this.fresh = false;
    return ok(undefined);
  }
}
