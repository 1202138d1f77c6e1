// Strict zod schemas of Clarify's bias and explainability files, written from the
// real samples (bias-drift/, feature-attribution-drift/): a key the real files do not
// have fails, and so does leaving out one they always have.
import { z } from 'zod';

/** A float as Clarify writes it, bare Infinity included (zod's number refuses ±Infinity). */
const float = z.union([z.number(), z.custom<number>((v) => v === Infinity || v === -Infinity, 'a number or ±Infinity')]);

const POST = ['AD', 'CDDPL', 'DAR', 'DCA', 'DCR', 'DI', 'DPPL', 'DRR', 'FT', 'GE', 'RD', 'SD', 'TE'] as const;
const PRE = ['CDDL', 'CI', 'DPL', 'JS', 'KL', 'KS', 'LP', 'TVD'] as const;

const metric = <N extends readonly [string, ...string[]]>(names: N) =>
  z.union([
    z.strictObject({ name: z.enum(names), description: z.string(), value: float }),
    z.strictObject({ name: z.enum(names), description: z.string(), value: z.null(), error: z.string() }),
  ]);

const section = <N extends readonly [string, ...string[]]>(names: N) =>
  z.strictObject({
    label: z.string(),
    facets: z.record(z.string(), z.array(z.strictObject({ value_or_threshold: z.string(), metrics: z.array(metric(names)) }))),
    label_value_or_threshold: z.string(),
  });

export const BiasAnalysisFile = z
  .strictObject({ version: z.literal('1.0'), post_training_bias_metrics: section(POST).optional(), pre_training_bias_metrics: section(PRE).optional() })
  .refine((a) => a.post_training_bias_metrics || a.pre_training_bias_metrics, 'no metrics section');

export const BiasViolationsFile = z.strictObject({
  version: z.literal('1.0'),
  violations: z.array(
    // The docs' example flags CI, a pre-training metric; the engine checks the post-training ones.
    z.strictObject({ facet: z.string(), facet_value: z.string(), metric_name: z.enum([...POST, ...PRE]), constraint_check_type: z.literal('bias_drift_check'), description: z.string() }),
  ),
});

export const ExplainabilityAnalysisFile = z.strictObject({
  version: z.literal('1.0'),
  explanations: z.strictObject({
    kernel_shap: z.record(
      z.string(),
      z.strictObject({
        global_shap_values: z.record(z.string(), z.number()),
        expected_value: z.number(),
        global_top_shap_text: z.record(z.string(), z.record(z.string(), z.number())).optional(),
      }),
    ),
    pdp: z.array(z.unknown()).optional(),
  }),
});

export const AttributionViolationsFile = z.strictObject({
  version: z.literal('1.0'),
  violations: z.array(
    z.strictObject({ label: z.string(), metric_name: z.literal('shap'), constraint_check_type: z.literal('feature_attribution_drift_check'), description: z.string() }),
  ),
});

/** SageMaker's descriptions, as the monitoring runs of the AWS examples wrote them. */
export const BIAS_DESCRIPTION = /^Metric value (\S+) doesn't meet the baseline constraint requirement (\S+)$/;
export const ATTRIBUTION_DESCRIPTION = /^Feature attribution drift (\S+) exceeds threshold (\S+)$/;
