// A finished run's report documents, served through the API: a remote app cannot read the
// file:// or private s3:// folder a run wrote to. Each file is read through its backend (the
// MonitoringBackend seam), checked against the schema of the file SageMaker writes, and kept
// in an LRU bounded by bytes (config CACHE_REPORTS_MB): a finished run's files do not change.
import type { Backends } from '../backends/types.js';
import { parseReportFile, REPORT_FILES, type ReportFile } from '../backends/reports.js';
import type { Baseline, Execution, Monitor } from '../generated/prisma/client.js';
import { toBackendMonitor } from '../storage/backend-inputs.js';
import { badInput } from '../shared/errors.js';
import { Lru } from '../shared/lru.js';
import { z } from 'zod';

/**
 * Estimated heap of a parsed report per character of its JSON text: objects, arrays and their
 * numbers (a double where the text had a few digits) weigh two to three times the text.
 */
const REPORT_BYTES_PER_CHAR = 3;
const WITH_REPORT = new Set(['COMPLETED', 'COMPLETED_WITH_VIOLATIONS']);

/** True when the execution finished with a report folder to read. */
export const hasReport = (e: Pick<Execution, 'status' | 'reportUri'>): boolean => WITH_REPORT.has(e.status) && Boolean(e.reportUri);

const Features = z.object({ features: z.array(z.looseObject({ name: z.string() })) });

/** The entry of `features[]` named `name` in a statistics.json, or null. */
function featureOf(statistics: unknown, name: string): Record<string, unknown> | null {
  const parsed = Features.safeParse(statistics);
  return parsed.success ? parsed.data.features.find((f) => f.name === name) ?? null : null;
}

export class ExecutionReports {
  readonly #cache: Lru<{ doc: unknown; chars: number }>;
  /** Reads under way, so concurrent fields of one request read a file once. */
  readonly #reading = new Map<string, Promise<unknown>>();

  constructor(private readonly backends: Backends, maxBytes: number) {
    this.#cache = new Lru({ maxBytes, sizeOf: (e) => e.chars * REPORT_BYTES_PER_CHAR });
  }

  /** Estimated bytes of the cached documents, never above the bound. */
  get cacheBytes(): number {
    return this.#cache.bytes;
  }

  /** One document of the run's report: null when the run has no report or did not write the file. */
  async document(monitor: Monitor, execution: Execution, kind: ReportFile): Promise<unknown> {
    if (!hasReport(execution)) return null;
    const uri = execution.reportUri as string;
    const key = `${monitor.teamId}\n${monitor.backend}\n${uri}\n${kind}`;
    const hit = this.#cache.get(key);
    if (hit) return hit.doc;
    let reading = this.#reading.get(key);
    if (!reading) {
      const { file } = REPORT_FILES[kind];
      reading = this.backends[monitor.backend].readReportFile(toBackendMonitor(monitor, null), uri, file)
        .then((text) => {
          const doc = text === null ? null : parseReportFile(kind, text, `${uri.replace(/\/+$/, '')}/${file}`);
          this.#cache.set(key, { doc, chars: text?.length ?? 0 });
          return doc;
        })
        .finally(() => this.#reading.delete(key));
      this.#reading.set(key, reading);
    }
    return reading;
  }

  /**
   * One feature of the run's statistics.json beside the active baseline's; null when the run has
   * no report. BAD_USER_INPUT on `name` when neither has the feature.
   */
  async featureStatistics(monitor: Monitor, execution: Execution, baseline: Baseline | null, name: string) {
    if (!hasReport(execution)) return null;
    const current = featureOf(await this.document(monitor, execution, 'statistics'), name);
    const base = featureOf(baseline?.statistics, name);
    if (!current && !base) throw badInput('name', `neither the run's statistics.json nor its baseline's has a feature named "${name}"`);
    return { name, baseline: base, current };
  }
}
