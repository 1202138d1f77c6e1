// Report documents read back from the store go through zod: the type's own
// schema for baseline documents, an object check for run statistics. The raw
// JSON is returned (the schemas drop keys they do not know).
import { z } from 'zod';
import {
  formatEngineError,
  parseBiasConstraints,
  parseConstraintsJson,
  parseExplainabilityAnalysis,
  parseJsonText,
  parseJsonWith,
  parseModelQualityConstraints,
  parseStatisticsJson,
  type Result,
} from '@mmg/engine';
import type { MonitorType } from '../../kernel/monitor-config.js';

const anyObject = z.record(z.string(), z.unknown());

const CONSTRAINTS: Record<MonitorType, (text: string) => Result<unknown>> = {
  DATA_QUALITY: parseConstraintsJson,
  MODEL_QUALITY: parseModelQualityConstraints,
  MODEL_BIAS: parseBiasConstraints,
  MODEL_EXPLAINABILITY: parseExplainabilityAnalysis,
};

/** The baseline documents as JSON, or why they cannot be used. */
export function readBaselineDocs(type: MonitorType, statistics: string | null, constraints: string): { ok: true; statistics: unknown; constraints: unknown } | { ok: false; reason: string } {
  const c = CONSTRAINTS[type](constraints);
  if (!c.ok) return { ok: false, reason: formatEngineError(c.error) };
  if (statistics !== null) {
    const s = type === 'DATA_QUALITY' ? parseStatisticsJson(statistics) : parseJsonWith(statistics, anyObject, 'statistics.json');
    if (!s.ok) return { ok: false, reason: formatEngineError(s.error) };
  }
  return { ok: true, statistics: statistics === null ? null : parseJsonText(statistics), constraints: parseJsonText(constraints) };
}

/** A run's report document (statistics.json or analysis.json: any JSON object), or null when absent or unreadable. */
export function readRunStatistics(text: string | null): unknown {
  if (text === null) return null;
  const r = parseJsonWith(text, anyObject, 'statistics.json');
  return r.ok ? r.value : null;
}
