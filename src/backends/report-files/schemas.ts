// zod schemas of the report files SageMaker writes, from the real files (SageMaker Python SDK
// test data, AWS example notebooks, the Developer Guide): Model Monitor's statistics.json,
// constraints.json and constraint_violations.json, and Clarify's analysis.json. Shapes are
// checked where the gateway relies on them; other keys pass through untouched (documents are
// stored whole, and users edit constraints).
import { z } from 'zod';

/** A number as written: Model Monitor writes "NaN" (standard_deviation below 200 samples), Clarify NaN/Infinity. */
const Num = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);
const name = z.string().min(1);

/** constraint_violations.json of all four types: a violation names a feature, a metric, a facet or a label. */
export const ViolationsFile = z.looseObject({
  /** "1.0" for bias and feature-attribution drift; absent for data and model quality. */
  version: z.union([z.string(), z.number()]).optional(),
  violations: z.array(z.looseObject({
    feature_name: name.optional(),
    metric_name: name.optional(),
    facet: name.optional(),
    facet_value: z.union([z.string(), z.number()]).transform(String).optional(),
    label: name.optional(),
    constraint_check_type: name,
    description: z.string().default(''),
  }).refine((v) => v.feature_name ?? v.metric_name ?? v.facet ?? v.label, { message: 'a violation names no feature_name, metric_name, facet or label' })).default([]),
});

const Common = z.looseObject({ num_present: Num, num_missing: Num });
const Feature = z.looseObject({
  name: z.string(),
  inferred_type: z.string(),
  numerical_statistics: z.looseObject({ common: Common, mean: Num.optional(), sum: Num.optional(), std_dev: Num.optional(), min: Num.optional(), max: Num.optional() }).optional(),
  string_statistics: z.looseObject({ common: Common, distinct_count: Num.optional() }).optional(),
});
/** A model-quality metric: `{value, standard_deviation}`; confusion matrices and curves have other shapes. */
const MetricTable = z.record(z.string(), z.unknown());

/** statistics.json: data quality (dataset + features) or model quality (<problem>_metrics). */
export const StatisticsFile = z.looseObject({
  version: Num.optional(),
  dataset: z.looseObject({ item_count: Num }).optional(),
  features: z.array(Feature).optional(),
  binary_classification_metrics: MetricTable.optional(),
  multiclass_classification_metrics: MetricTable.optional(),
  regression_metrics: MetricTable.optional(),
});

const Threshold = z.looseObject({ threshold: Num, comparison_operator: z.string() });
/** constraints.json: data quality (features + monitoring_config) or model quality (<problem>_constraints). */
export const ConstraintsFile = z.looseObject({
  version: Num.optional(),
  features: z.array(z.looseObject({ name: z.string(), inferred_type: z.string().optional(), completeness: Num.optional() })).optional(),
  monitoring_config: z.looseObject({}).optional(),
  binary_classification_constraints: z.record(z.string(), Threshold).optional(),
  multiclass_classification_constraints: z.record(z.string(), Threshold).optional(),
  regression_constraints: z.record(z.string(), Threshold).optional(),
});

/** Clarify: a metric whose value could not be computed is `value: null` with an `error`. */
const BiasMetric = z.looseObject({ name: z.string(), description: z.string().optional(), value: Num.nullable(), error: z.string().optional() });
const BiasSection = z.looseObject({
  label: z.string().optional(),
  label_value_or_threshold: z.union([z.string(), z.number()]).optional(),
  facets: z.record(z.string(), z.array(z.looseObject({ value_or_threshold: z.union([z.string(), z.number()]), metrics: z.array(BiasMetric) }))),
});
const ShapOfLabel = z.looseObject({ global_shap_values: z.record(z.string(), Num), expected_value: Num.optional() });

/** analysis.json (Clarify): bias sections and/or SHAP explanations by label. */
export const AnalysisFile = z.looseObject({
  version: z.string().optional(),
  pre_training_bias_metrics: BiasSection.optional(),
  post_training_bias_metrics: BiasSection.optional(),
  explanations: z.looseObject({ kernel_shap: z.record(z.string(), ShapOfLabel).optional() }).optional(),
});
