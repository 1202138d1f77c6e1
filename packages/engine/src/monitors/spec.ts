// An analysis as data: the type and its settings (baseline documents included), plain enough to be
// posted to a worker thread, which builds the same analysis from it (analyzerOf).
import type { Result } from '../errors.js';
import type { MonitorAnalyzer } from './analyzer.js';
import { biasAnalyzer, type BiasSettings } from './bias.js';
import { dataQualityAnalyzer, type DataQualitySettings } from './data-quality.js';
import { explainabilityAnalyzer, type ExplainabilitySettings } from './explainability.js';
import { modelQualityAnalyzer, type ModelQualitySettings } from './model-quality.js';

export type AnalyzerSpec =
  | { type: 'DATA_QUALITY'; settings: DataQualitySettings }
  | { type: 'MODEL_QUALITY'; settings: ModelQualitySettings }
  | { type: 'MODEL_BIAS'; settings: BiasSettings }
  | { type: 'MODEL_EXPLAINABILITY'; settings: ExplainabilitySettings };

export function analyzerOf(spec: AnalyzerSpec): Result<MonitorAnalyzer> {
  switch (spec.type) {
    case 'DATA_QUALITY':
      return dataQualityAnalyzer(spec.settings);
    case 'MODEL_QUALITY':
      return modelQualityAnalyzer(spec.settings);
    case 'MODEL_BIAS':
      return biasAnalyzer(spec.settings);
    case 'MODEL_EXPLAINABILITY':
      return explainabilityAnalyzer(spec.settings);
  }
}
