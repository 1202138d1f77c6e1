// Strict schemas of SageMaker's model-quality files, written from the real samples: the SDK's
// pipeline regression statistics.json / constraints.json (container output) and the Developer
// Guide's binary and multiclass metric tables. Strict objects: a key the real files do not
// have, or one they always have left out, fails.
import { z } from 'zod';

/** Below 200 records SageMaker writes the text "NaN". */
const metric = z.strictObject({ value: z.number(), standard_deviation: z.union([z.number(), z.literal('NaN')]) });
const confusionMatrix = z.record(z.string(), z.record(z.string(), z.number().int().nonnegative()));
const rates = z.array(z.number().min(0).max(1));

export const regressionMetrics = z.strictObject({ mae: metric, mse: metric, rmse: metric, r2: metric });

export const binaryMetrics = z.strictObject({
  confusion_matrix: confusionMatrix,
  recall: metric,
  precision: metric,
  accuracy: metric,
  recall_best_constant_classifier: metric,
  precision_best_constant_classifier: metric,
  accuracy_best_constant_classifier: metric,
  true_positive_rate: metric,
  true_negative_rate: metric,
  false_positive_rate: metric,
  false_negative_rate: metric,
  // Every real file has the curves and auc. The engine leaves them out when the monitor
  // gives no probability (it has no scores to rank): the one shape allowed beyond the samples.
  receiver_operating_characteristic_curve: z.strictObject({ false_positive_rates: rates, true_positive_rates: rates }).optional(),
  precision_recall_curve: z.strictObject({ precisions: rates, recalls: rates }).optional(),
  auc: metric.optional(),
  f0_5: metric,
  f1: metric,
  f2: metric,
  f0_5_best_constant_classifier: metric,
  f1_best_constant_classifier: metric,
  f2_best_constant_classifier: metric,
}).refine((m) => (m.auc === undefined) === (m.receiver_operating_characteristic_curve === undefined) && (m.auc === undefined) === (m.precision_recall_curve === undefined), {
  message: 'auc and both curves come together',
});

export const multiclassMetrics = z.strictObject({
  confusion_matrix: confusionMatrix,
  accuracy: metric,
  weighted_recall: metric,
  weighted_precision: metric,
  weighted_f0_5: metric,
  weighted_f1: metric,
  weighted_f2: metric,
  accuracy_best_constant_classifier: metric,
  weighted_recall_best_constant_classifier: metric,
  weighted_precision_best_constant_classifier: metric,
  weighted_f0_5_best_constant_classifier: metric,
  weighted_f1_best_constant_classifier: metric,
  weighted_f2_best_constant_classifier: metric,
});

const head = { version: z.number(), dataset: z.strictObject({ item_count: z.number().int().positive() }) };
export const statisticsFile = z.union([
  z.strictObject({ ...head, regression_metrics: regressionMetrics }),
  z.strictObject({ ...head, binary_classification_metrics: binaryMetrics }),
  z.strictObject({ ...head, multiclass_classification_metrics: multiclassMetrics }),
]);

const table = z.record(z.string(), z.strictObject({ threshold: z.number(), comparison_operator: z.enum(['GreaterThanThreshold', 'LessThanThreshold']) }));
export const constraintsFile = z.union([
  z.strictObject({ version: z.number(), regression_constraints: table }),
  z.strictObject({ version: z.number(), binary_classification_constraints: table }),
  z.strictObject({ version: z.number(), multiclass_classification_constraints: table }),
]);

/**
 * No real model-quality constraint_violations.json is public: this follows the Developer
 * Guide's field list for model quality violations (metric_name, constraint_check_type,
 * description), as strictly as the others.
 */
export const violationsFile = z.strictObject({
  violations: z.array(z.strictObject({ metric_name: z.string().min(1), constraint_check_type: z.enum(['GreaterThanThreshold', 'LessThanThreshold']), description: z.string().min(1) })),
});
