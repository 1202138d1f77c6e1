-- Violations stored before they were named as their metric series take those names
-- (see Violation.featureName and metricName in graphql/executions.graphql).
UPDATE "Violation" SET "featureName" = "facet" || '/' || "facetValue"
  WHERE "checkType" = 'bias_drift_check' AND "facet" <> '' AND "facetValue" <> '' AND "featureName" = "facet";

UPDATE "Violation" SET "featureName" = '', "metricName" = CASE WHEN "label" IN ('', 'label0') THEN 'ndcg' ELSE 'ndcg.' || "label" END
  WHERE "checkType" = 'feature_attribution_drift_check';

UPDATE "Violation" v SET "featureName" = ''
  FROM "Monitor" m
  WHERE m."id" = v."monitorId" AND m."type" = 'MODEL_QUALITY' AND v."metricName" <> '' AND v."featureName" = v."metricName";

UPDATE "Violation" v SET "metricName" = 'completeness'
  FROM "Monitor" m
  WHERE m."id" = v."monitorId" AND m."type" = 'DATA_QUALITY' AND v."checkType" = 'completeness_check' AND v."metricName" = '';

UPDATE "Violation" v SET "metricName" = CASE
    WHEN b."constraints" #>> '{monitoring_config,distribution_constraints,categorical_drift_method}' = 'ChiSquared'
      AND EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(b."constraints" -> 'features') = 'array' THEN b."constraints" -> 'features' ELSE '[]'::jsonb END) f
        WHERE f ->> 'name' = v."featureName" AND f ->> 'inferred_type' = 'String')
    THEN 'baseline_drift_p_value' ELSE 'baseline_drift' END
  FROM "Monitor" m
  LEFT JOIN LATERAL (SELECT x."constraints" FROM "Baseline" x WHERE x."monitorId" = m."id" AND x."status" = 'COMPLETED' ORDER BY x."version" DESC LIMIT 1) b ON true
  WHERE m."id" = v."monitorId" AND m."type" = 'DATA_QUALITY' AND v."checkType" = 'baseline_drift_check' AND v."metricName" = '';
