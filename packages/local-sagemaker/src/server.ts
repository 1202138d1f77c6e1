/** startLocalSageMaker: a SageMaker (AWS JSON 1.1) endpoint and an S3 endpoint on 127.0.0.1. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock, RealClock, type Clock } from './clock.js';
import type { Context } from './context.js';
import { ApiError } from './errors.js';
import { ExecutionEngine } from './executions.js';
import { Faults } from './faults.js';
import { Fixtures } from './fixtures.js';
import { jobDefinitionHandlers, type Handler } from './job-definitions.js';
import { scheduleHandlers } from './monitoring-schedules.js';
import { processingJobHandlers } from './processing-jobs.js';
import { listProcessingJobs } from './processing-job-list.js';
import { resolveOptions, type LocalSageMakerOptions } from './options.js';
import { OUTCOMES_PATH, setOutcome } from './outcome-control.js';
import { operationFromTarget, readBody, sendError, sendJson } from './protocol.js';
import { s3Handler, S3Store } from './s3.js';
import { accessKeyOf, isStsRequest, Sts } from './sts.js';
import { State, type ExecutionRecord, type JobDefinitionRecord, type ProcessingJobRecord, type ScheduleRecord } from './state.js';
import { isObj, type Obj } from './validation.js';

export type { LocalSageMakerOptions } from './options.js';

export interface RecordedRequest {
  operation: string;
  input: Obj;
  /** The access key id the request was signed with. */
  accessKeyId?: string;
  /** Set when the request was answered with an injected fault. */
  fault?: string;
}

export interface LocalSageMaker {
  /** http://127.0.0.1:<port> for SageMakerClient({ endpoint }). */
  readonly endpoint: string;
  /** http://127.0.0.1:<port> for S3Client({ endpoint, forcePathStyle: true }). */
  readonly s3Endpoint: string;
  readonly clock: Clock;
  readonly faults: Faults;
  readonly fixtures: Fixtures;
  /** Every SageMaker request received, in order. */
  readonly requests: RecordedRequest[];
  readonly s3: S3Store;
  /** Where the engine (`reports: 'engine'`) reads endpoints' captures: `{captureRoot}/{endpoint}/{variant}/yyyy/mm/dd/hh/`. */
  readonly captureRoot: string;
  /** STS AssumeRole on the SageMaker endpoint (point AWS_ENDPOINT_URL_STS at it): trusted roles and issued sessions. */
  readonly sts: Sts;
  readonly state: {
    jobDefinitions(): readonly Readonly<JobDefinitionRecord>[];
    schedules(): readonly Readonly<ScheduleRecord>[];
    executions(scheduleName?: string): readonly Readonly<ExecutionRecord>[];
    processingJobs(): readonly Readonly<ProcessingJobRecord>[];
    /** Executions skipped because the previous run was still going. */
    skippedExecutions(): number;
  };
  /** Processes the clock: activations, executions, life cycles, reports. Also runs before each request. */
  tick(): Promise<void>;
  /** Convenience for ManualClock: advance then tick. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });


export async function startLocalSageMaker(options: LocalSageMakerOptions = {}): Promise<LocalSageMaker> {
  const clock = options.clock ?? (options.realtime ? new RealClock() : new ManualClock());
  const s3 = new S3Store(clock);
  const engineOptions = resolveOptions(options, s3);
  const state = new State(engineOptions.region, engineOptions.accountId);
  const fixtures = new Fixtures();
  const faults = new Faults();
  const ctx: Context = { state, clock, s3, fixtures, options: engineOptions };
  const engine = new ExecutionEngine(ctx);
  const requests: RecordedRequest[] = [];
  const sts = new Sts(clock, engineOptions.accountId);
  const handlers: Record<string, Handler> = { ...jobDefinitionHandlers(), ...scheduleHandlers, ...processingJobHandlers, ListProcessingJobs: listProcessingJobs };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (req.url?.startsWith('/_local/')) return localControl(req.url, body, res);
    if (isStsRequest(req, body)) return sts.handle(body, res, faults);
    const operation = operationFromTarget(req.headers['x-amz-target']);
    if (req.method !== 'POST' || !operation) {
      return sendError(res, new ApiError('UnknownOperationException', 'Expected POST / with X-Amz-Target: SageMaker.<Operation>'));
    }
    let input: Obj;
    try {
      const parsed: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      if (!isObj(parsed)) throw new Error('not an object');
      input = parsed;
    } catch {
      return sendError(res, new ApiError('SerializationException', 'Request body is not a JSON object'));
    }
    const accessKeyId = accessKeyOf(req);
    const record: RecordedRequest = { operation, input, ...(accessKeyId ? { accessKeyId } : {}) };
    requests.push(record);
    const refused = sts.checkAccessKey(accessKeyId);
    if (refused) return sendError(res, refused);
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    const fault = faults.pick(operation);
    if (fault) {
      record.fault = fault.errorName;
      return sendError(res, fault);
    }
    const handler = handlers[operation];
    if (!handler) return sendError(res, new ApiError('UnknownOperationException', `Operation ${operation} is not supported by the local server`));
    try {
      await engine.tick();
      const output = await handler(input, ctx);
      sendJson(res, 200, output);
    } catch (err) {
      if (err instanceof ApiError) return sendError(res, err);
      sendError(res, new ApiError('InternalFailure', err instanceof Error ? err.message : String(err), 500));
    }
  };

  /**
   * Out-of-band control for standalone use: POST /_local/advance {"ms":N} or {"to":"ISO"}; POST /_local/tick;
   * POST /_local/outcomes/<scheduleName> (see outcome-control.ts).
   */
  const localControl = async (url: string, body: Buffer, res: ServerResponse): Promise<void> => {
    try {
      if (url.startsWith(OUTCOMES_PATH)) return sendJson(res, 200, setOutcome(fixtures, url, body));
      if (url === '/_local/advance') {
        if (!(clock instanceof ManualClock)) throw new ApiError('ValidationException', 'advance needs the manual clock');
        const parsed = JSON.parse(body.toString('utf8') || '{}') as { ms?: unknown; to?: unknown };
        if (typeof parsed.ms === 'number') clock.advance(parsed.ms);
        else if (typeof parsed.to === 'string') clock.set(parsed.to);
        else throw new ApiError('ValidationException', 'expected {"ms": number} or {"to": "ISO date"}');
      } else if (url !== '/_local/tick') {
        throw new ApiError('UnknownOperationException', `unknown control ${url}`);
      }
      await engine.tick();
      sendJson(res, 200, { now: clock.now().toISOString() });
    } catch (err) {
      sendError(res, err instanceof ApiError ? err : new ApiError('ValidationException', err instanceof Error ? err.message : String(err)));
    }
  };

  const host = options.host ?? '127.0.0.1';
  const api = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  const s3Handle = s3Handler(s3);
  const s3Server = createServer((req, res) => void s3Handle(req, res).catch(() => res.destroy()));
  const port = await listen(api, options.port ?? 0, host);
  const s3Port = await listen(s3Server, options.s3Port ?? 0, host);
  const timer = options.realtime ? setInterval(() => void engine.tick().catch(() => undefined), options.tickIntervalMs ?? 1000) : undefined;
  timer?.unref();

  const close = (server: Server) => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

  return {
    endpoint: `http://${host}:${port}`,
    s3Endpoint: `http://${host}:${s3Port}`,
    clock,
    faults,
    fixtures,
    requests,
    s3,
    captureRoot: engineOptions.captureRoot,
    sts,
    state: {
      jobDefinitions: () => [...state.jobDefinitions.values()],
      schedules: () => [...state.schedules.values()],
      executions: (name) => state.executions.filter((e) => name === undefined || e.scheduleName === name),
      processingJobs: () => [...state.processingJobs.values()],
      skippedExecutions: () => engine.skipped,
    },
    tick: () => engine.tick(),
    advance: async (ms) => {
      if (!(clock instanceof ManualClock)) throw new Error('advance() needs a ManualClock');
      clock.advance(ms);
      await engine.tick();
    },
    close: async () => {
      if (timer) clearInterval(timer);
      await Promise.all([close(api), close(s3Server)]);
    },
  };
}
