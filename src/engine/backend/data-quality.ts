// DATA_QUALITY: statistics.json + suggested constraints.json; executions compare
// the window's captured inputs with them (checkDataQuality).
import {
  constraintsSchema,
  DataQualityAccumulator,
  dataQualityAnalyzer,
  err,
  ok,
  statisticsSchema,
  suggestConstraints,
  summarizeIssues,
} from '@mmg/engine';
import type { MonitorKind } from './kind.js';

export const dataQuality: MonitorKind = {
  baseline() {
    const acc = new DataQualityAccumulator();
    return ok({
      add: (row) => acc.add(row),
      finish: () => {
        const r = acc.result();
        if (!r.ok) return r;
        return ok({ statistics: r.value.statistics, constraints: suggestConstraints(r.value.statistics) });
      },
    });
  },

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
