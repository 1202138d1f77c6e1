// @mmg/engine: the built-in monitoring engine's pure, streaming computation core (no I/O).
// Every computation is an accumulator: add(record) / merge(other) / result().
// Object stores and line streaming are the second entry, @mmg/engine/io.
export * from './errors.js';
export * from './json.js';
export * from './durations.js';
export * from './random.js';
export * from './parse/values.js';
export * from './parse/csv.js';
export * from './parse/lines.js';
export * from './parse/capture.js';
export * from './parse/ground-truth.js';
export * from './parse/dataset.js';
export * from './parse/window.js';
export * from './sketch/kll.js';
export * from './sketch/distinct.js';
export * from './data-quality/value-type.js';
export * from './data-quality/feature-accumulator.js';
export * from './data-quality/accumulator.js';
export * from './data-quality/statistics.js';
export * from './data-quality/constraints.js';
export * from './data-quality/distance.js';
export * from './data-quality/violations.js';
export * from './model-quality/metric.js';
export * from './model-quality/binary.js';
export * from './model-quality/positive.js';
export * from './model-quality/multiclass.js';
export * from './model-quality/regression.js';
export * from './model-quality/join.js';
export * from './model-quality/report.js';
export * from './model-quality/accumulator.js';
export * from './bias/metrics.js';
export * from './bias/pretraining.js';
export * from './bias/accumulator.js';
export { FT_MAX_RECORDS, FT_NO_FEATURES, FT_TOO_MANY } from './bias/flip-test.js';
export * from './bias/drift.js';
export * from './explainability/attribution.js';
export * from './explainability/drift.js';
