// One reading of a constraint_violations.json entry, whichever backend wrote the file: SageMaker
// (backends/reports.ts) or the built-in engine, which writes the same format. So a violation
// of any monitor type has the same featureName, metricName, facet and label on both backends.
import { z } from 'zod';
import type { ReportViolation } from './types.js';

/** A violation as constraint_violations.json has it (data quality names a feature, model quality a metric, bias a facet and metric, attribution a label). */
export interface ViolationEntry {
  feature_name?: string | undefined;
  metric_name?: string | undefined;
  facet?: string | undefined;
  facet_value?: string | number | undefined;
  label?: string | undefined;
  constraint_check_type: string;
  description: string;
}

/** featureName is the feature, else the label, the facet or the metric; the others are kept where the entry names them. */
export function toReportViolation(v: ViolationEntry): ReportViolation {
  return {
    featureName: v.feature_name ?? v.label ?? v.facet ?? v.metric_name ?? '',
    checkType: v.constraint_check_type,
    description: v.description,
    ...(v.metric_name !== undefined ? { metricName: v.metric_name } : {}),
    ...(v.facet !== undefined ? { facet: v.facet } : {}),
    ...(v.facet_value !== undefined ? { facetValue: String(v.facet_value) } : {}),
    ...(v.label !== undefined ? { label: v.label } : {}),
  };
}

/** ReportViolations kept as JSON (the engine's execution rows), read back. */
export const StoredViolations = z.array(z.object({
  featureName: z.string(), checkType: z.string(), description: z.string(),
  metricName: z.string().optional(), facet: z.string().optional(), facetValue: z.string().optional(), label: z.string().optional(),
}));
