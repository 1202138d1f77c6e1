/**
 * The report producer backed by the built-in engine (`@mmg/engine`): an execution reads what its job
 * definition names from the server's S3 (baseline, analysis_config.json, the window's captures and
 * ground truth) and gets SageMaker's report files, or Failed with a reason worded as SageMaker's.
 *
 * Where captures are: an endpoint's under `{captureRoot}/{EndpointName}/{variant}/yyyy/mm/dd/hh/`
 * (SageMaker's data capture layout; the container environment's DATA_CAPTURE_S3_URI overrides the
 * root, DATA_CAPTURE_VARIANT the variant, default AllTraffic); a batch transform's under
 * `{DataCapturedDestinationS3Uri}/yyyy/mm/dd/hh/`. Ground truth: `{GroundTruthS3Input}/yyyy/mm/dd/hh/`,
 * read from the window's start until the run (labels arrive after the predictions).
 */
import {
  computeAnalysisWindow,
  formatEngineError,
  hourPartitionPrefixes,
  stringifyJson,
  type EngineError,
  type MonitorAnalyzer,
  type Result,
  type TimeWindow,
} from '@mmg/engine';
import { analyzeWindow, groundTruthPrefixes, RUN_DEFAULTS, Tally, tallyFailure, type ObjectStore } from '@mmg/engine/io';
import type { ReportProducer } from './context.js';
import { dataQualityFor, modelQualityFor, type JobDocuments } from './engine-analyzers.js';
import { biasFor, explainabilityFor } from './engine-clarify.js';
import { engineJobOf, type EngineJob } from './engine-job.js';
import type { ExecutionOutcome } from './fixtures.js';
import type { ExecutionRecord } from './state.js';
import { asStr } from './validation.js';


const failed = (failureReason: string): ExecutionOutcome => ({ status: 'Failed', failureReason });
const clientError = (e: EngineError): ExecutionOutcome => failed(`ClientError: ${e.message}`);

function analyzerFor(job: EngineJob, docs: JobDocuments): Result<MonitorAnalyzer> {
  switch (job.type) {
    case 'DataQuality': return dataQualityFor(job, docs);
    case 'ModelQuality': return modelQualityFor(job, docs);
    case 'ModelBias': return biasFor(job, docs);
    case 'ModelExplainability': return explainabilityFor(job, docs);
  }
}

/** A cron run analyses its input's offsets from the scheduled hour; a one-time run its DataAnalysis window. */
function windowOf(job: EngineJob, execution: Readonly<ExecutionRecord>): Result<TimeWindow> {
  const c = execution.scheduleConfig;
  if (c['ScheduleExpression'] === 'NOW') {
    return computeAnalysisWindow(execution.scheduledTime, { kind: 'oneTime', dataAnalysisStartTime: asStr(c['DataAnalysisStartTime']) ?? '', dataAnalysisEndTime: asStr(c['DataAnalysisEndTime']) ?? '' });
  }
  return computeAnalysisWindow(execution.scheduledTime, { kind: 'scheduled', startTimeOffset: job.startTimeOffset, endTimeOffset: job.endTimeOffset });
}

function captureLocation(job: EngineJob, captureRoot: string): { root: string; endpoint?: string; variant?: string } {
  if (job.batchCaptureUri) return { root: job.batchCaptureUri };
  const root = job.environment['DATA_CAPTURE_S3_URI'] ?? captureRoot;
  return { root, endpoint: job.endpointName ?? '', variant: job.environment['DATA_CAPTURE_VARIANT'] ?? 'AllTraffic' };
}

/** The documents the job definition names; a named one that is absent is the caller's error. */
async function readDocuments(store: ObjectStore, job: EngineJob): Promise<Result<JobDocuments>> {
  const docs: JobDocuments = { constraints: null, statistics: null, analysisConfig: null };
  const named: Array<[keyof JobDocuments, string | undefined, string]> = [
    ['constraints', job.constraintsUri, 'baseline constraints'],
    ['statistics', job.statisticsUri, 'baseline statistics'],
    ['analysisConfig', job.configUri, 'analysis_config.json'],
  ];
  for (const [key, uri, what] of named) {
    if (uri === undefined) continue;
    const text = await store.readText(uri);
    if (text === null) return { ok: false, error: { kind: 'INVALID_CONFIG', message: `${what} not found at ${uri}` } };
    docs[key] = text;
  }
  return { ok: true, value: docs };
}

/** Why the run fails when more than 1 % of the records could not be read, naming the first few. */
function unreadable(tally: Tally, what: string): string | undefined {
  const bad = tallyFailure(tally, what, RUN_DEFAULTS.maxBadRecordFraction);
  return bad === null ? undefined : `AlgorithmError: ${bad}`;
}

export function engineReportProducer(store: ObjectStore, captureRoot: string): ReportProducer {
  return async (execution, jobDefinition) => {
    const job = engineJobOf(jobDefinition);
    const window = windowOf(job, execution);
    if (!window.ok) return clientError(window.error);
    const docs = await readDocuments(store, job);
    if (!docs.ok) return clientError(docs.error);
    const analyzer = analyzerFor(job, docs.value);
    if (!analyzer.ok) return clientError(analyzer.error);
    const w = window.value;
    const loc = captureLocation(job, captureRoot);
    const captures = hourPartitionPrefixes({ prefix: loc.root, endpoint: loc.endpoint, variant: loc.variant }, w);
    const where = `${[loc.root.replace(/\/+$/, ''), loc.endpoint, loc.variant].filter(Boolean).join('/')}/`;
    if (analyzer.value.needsGroundTruth && !job.groundTruthUri) return failed(`ClientError: a ${job.type} job definition needs ${job.type}JobInput.GroundTruthS3Input`);
    const groundTruth = analyzer.value.needsGroundTruth && job.groundTruthUri ? groundTruthPrefixes(job.groundTruthUri, w, execution.scheduledTime) : [];
    const tally = new Tally();
    const gt = new Tally();
    const join = await analyzeWindow({ store, captures, groundTruth, window: w, maxGroundTruth: RUN_DEFAULTS.maxGroundTruth }, analyzer.value, tally, gt);
    const gtBad = unreadable(gt, 'ground truth');
    if (gtBad) return failed(gtBad);
    const span = `${w.start.toISOString()} to ${w.end.toISOString()}`;
    if (tally.objects === 0) return failed(`Job inputs had no data: no captured data between ${span} under ${where}`);
    const bad = unreadable(tally, 'capture');
    if (bad) return failed(bad);
    const report = analyzer.value.finish();
    if (!report.ok) {
      if (report.error.kind !== 'EMPTY_WINDOW') return failed(`AlgorithmError: ${formatEngineError(report.error)}`);
      const joined = join ? ` (${join.matched} of ${join.matched + join.unmatched} captures had ground truth under ${job.groundTruthUri})` : '';
      return failed(`Job inputs had no data: no usable records between ${span} under ${where}${joined}`);
    }
    return {
      files: {
        [report.value.file]: stringifyJson(report.value.document),
        'constraint_violations.json': stringifyJson(report.value.violations),
      },
    };
  };
}
