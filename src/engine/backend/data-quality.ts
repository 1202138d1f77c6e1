// DATA_QUALITY: statistics.json + suggested constraints.json; executions compare
// the window's captured inputs with them (checkDataQuality).
import { constraintsSchema, dataQualityAnalyzer, dataQualityBaseline, err, ok, statisticsSchema, summarizeIssues } from '@mmg/engine';
import type { MonitorKind } from './kind.js';

export const dataQuality: MonitorKind = {
  baseline: () => ok(dataQualityBaseline()),

  execution(monitor) {
    const b = monitor.baseline;
    const stats = b ? statisticsSchema.safeParse(b.statistics) : null;
    const cons = b ? constraintsSchema.safeParse(b.constraints) : null;
    if (stats && !stats.success) return err({ kind: 'INVALID_CONFIG', message: `baseline statistics.json is not valid: ${summarizeIssues(stats.error)}` });
    if (cons && !cons.success) return err({ kind: 'INVALID_CONFIG', message: `baseline constraints.json is not valid: ${summarizeIssues(cons.error)}` });
    const featuresAttribute = (monitor.config.endpointInput ?? monitor.config.batchTransformInput)?.featuresAttribute;
    return dataQualityAnalyzer({ featuresAttribute, statistics: stats?.data ?? null, constraints: cons?.data ?? null });
  },
};
