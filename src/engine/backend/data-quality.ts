// DATA_QUALITY: statistics.json + suggested constraints.json; executions compare
// the window's captured inputs with them (checkDataQuality).
import {
  captureToRows,
  checkDataQuality,
  constraintsSchema,
  DataQualityAccumulator,
  err,
  ok,
  statisticsSchema,
  suggestConstraints,
  summarizeIssues,
} from '@mmg/engine';
import type { ExecutionAnalyzer, MonitorKind } from './kind.js';
import { toReportViolation } from '../../backends/violations.js';

const positional = (names: string[]): boolean => names.every((n, i) => n === `_c${i}`);

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
    const names = stats?.data?.features.map((f) => f.name);
    const featuresAttribute = (monitor.config.endpointInput ?? monitor.config.batchTransformInput)?.featuresAttribute;
    const acc = new DataQualityAccumulator();
    const rowOptions = {
      ...(featuresAttribute !== undefined ? { featuresAttribute } : {}),
      ...(names && !positional(names) ? { names } : {}),
      ...(names ? { expectedColumns: names.length } : {}),
    };
    const analyzer: ExecutionAnalyzer = {
      needsGroundTruth: false,
      add(capture, _label, line) {
        const rows = captureToRows(capture, { line, ...rowOptions });
        if (!rows.ok) return rows.error;
        for (const row of rows.value) acc.add(row);
      },
      finish() {
        const live = acc.result();
        if (!live.ok) return live;
        const violations = stats?.data && cons?.data ? checkDataQuality(live.value, stats.data, cons.data).violations : [];
        return ok({
          statistics: live.value.statistics,
          violationsJson: { violations },
          violations: violations.map(toReportViolation),
        });
      },
    };
    return ok(analyzer);
  },
};
