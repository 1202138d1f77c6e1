// Clarify's analysis configuration (analysis_config.json) of bias and explainability monitors, for
// baselining and for monitoring. The shape follows the SageMaker Python SDK (sagemaker/clarify.py:
// DataConfig, BiasConfig, ModelConfig, ModelPredictedLabelConfig; model_monitor/clarify_model_monitoring.py:
// BiasAnalysisConfig, ExplainabilityAnalysisConfig), plus dataset_type and predictor, which Clarify reads.
import type { BaselineJobRequest, BackendMonitor } from '../backends/types.js';
import type { DatasetFormat, MonitorConfig } from '../kernel/monitor-config.js';

type Format = { csv: boolean; jsonLines?: boolean | null; parquet?: boolean | null };

function datasetType(f: Format): string {
  if (f.csv) return 'text/csv';
  if (f.jsonLines != null) return f.jsonLines ? 'application/jsonlines' : 'application/json';
  return 'application/x-parquet';
}

const monitoredFormat = (f: DatasetFormat): Format => ({ csv: f.csv !== undefined, jsonLines: f.json?.line ?? null, parquet: f.parquet ?? null });
const requestFormat = (f: BaselineJobRequest['datasetFormat']): Format => ({ csv: f.csvHeader != null, jsonLines: f.jsonLines ?? null, parquet: f.parquet ?? null });

/** Index-like values ("0", "0.3") are numbers in Clarify's configuration, as the SDK writes them. */
const numberOrString = (v: string): string | number => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);

/** The model Clarify calls (the configured model, else the monitored endpoint) and where its output holds the prediction. */
function predictor(c: MonitorConfig): Record<string, unknown> | undefined {
  const p = c.predictor;
  const input = c.endpointInput ?? c.batchTransformInput;
  const out: Record<string, unknown> = {
    ...(p
      ? {
          model_name: p.modelName,
          instance_type: p.instanceType,
          initial_instance_count: p.initialInstanceCount,
          ...(p.acceptType ? { accept_type: p.acceptType } : {}),
          ...(p.contentType ? { content_type: p.contentType } : {}),
          ...(p.contentTemplate ? { content_template: p.contentTemplate } : {}),
        }
      : c.endpointInput ? { endpoint_name: c.endpointInput.endpointName } : {}),
    ...(input?.inferenceAttribute ? { label: numberOrString(input.inferenceAttribute) } : {}),
    ...(input?.probabilityAttribute ? { probability: numberOrString(input.probabilityAttribute) } : {}),
    ...(c.explainability?.labelHeaders ? { label_headers: c.explainability.labelHeaders } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The bias threshold: the analysis config's probability_threshold and the input's ProbabilityThresholdAttribute agree. */
export function biasProbabilityThreshold(c: MonitorConfig): number | undefined {
  return c.bias?.probabilityThreshold ?? (c.endpointInput ?? c.batchTransformInput)?.probabilityThresholdAttribute;
}

/**
 * The analysis configuration of a bias or explainability monitor. With a baseline request it is the
 * baselining job's (dataset_type of the baseline dataset), else the monitoring job's (of the captured data).
 */
export function clarifyAnalysisConfig(m: BackendMonitor, baseline?: BaselineJobRequest): Record<string, unknown> {
  const c = m.config;
  const dataset_type = baseline
    ? datasetType(requestFormat(baseline.datasetFormat))
    : c.batchTransformInput ? datasetType(monitoredFormat(c.batchTransformInput.datasetFormat)) : (c.predictor?.contentType ?? 'text/csv');
  const pred = predictor(c);
  const withPredictor = pred ? { predictor: pred } : {};
  if (m.type === 'MODEL_BIAS' && c.bias) {
    const b = c.bias;
    const threshold = biasProbabilityThreshold(c);
    return {
      dataset_type,
      ...(b.headers ? { headers: b.headers } : {}),
      ...(b.labelName ? { label: b.labelName } : {}),
      label_values_or_threshold: b.labelValuesOrThreshold.map(numberOrString),
      facet: [{ name_or_index: b.facetName, value_or_threshold: b.facetValuesOrThreshold.map(numberOrString) }],
      ...(b.groupVariable ? { group_variable: b.groupVariable } : {}),
      ...(threshold !== undefined ? { probability_threshold: threshold } : {}),
      ...withPredictor,
      methods: { post_training_bias: { methods: 'all' } },
    };
  }
  const e = c.explainability!;
  return {
    dataset_type,
    headers: e.headers,
    ...withPredictor,
    methods: {
      shap: { ...(e.shapBaselineUri ? { baseline: e.shapBaselineUri } : {}), num_samples: e.numSamples, agg_method: e.aggMethod, use_logit: e.useLogit, save_local_shap_values: false },
    },
  };
}
