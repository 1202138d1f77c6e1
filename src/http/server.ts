// The gateway's HTTP server: GraphQL at /graphql (Apollo Server through its
// framework-neutral executeHTTPGraphQLRequest; subscriptions over graphql-ws on the same
// path; the GraphiQL playground for browsers), the monitor pages at /monitors, /healthz,
// /readyz, Prometheus /metrics, a team's monitor metrics at /metrics/team and bull-board at
// /admin/queues.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import { errorLoggingPlugin, formatError } from '../graphql/errors.js';
import { dryRunPlugin } from '../graphql/dry-run.js';
import { compiledExecution } from '../graphql/executor.js';
import { CompiledOperations } from '../graphql/compiled-operations.js';
import { documentStore } from '../graphql/document-store.js';
import { cacheBounds } from '../config.js';
import type { Lru } from '../shared/lru.js';
import { queryLimits } from '../graphql/limits.js';
import { admissionPlugin, Slots, type Ticket } from '../graphql/admission.js';
import { readsPlugin } from '../graphql/reads.js';
import { adminQueuesHandler, isAdminQueuesPath } from '../ops/admin-queues.js';
import { operationsPlugin, outcomeOf, recordOperation, wasCounted } from '../graphql/operation-metrics.js';
import { metricsText, registry } from '../ops/metrics.js';
import { opsQueues } from '../ops/queues.js';
import { modeOf } from '../shared/redis-mode.js';
import { createPlayground } from '../playground/index.js';
import { createMonitorPages } from '../pages/index.js';
import { demoDataDir } from '../demo/data.js';
import type { Services } from '../services.js';
import type { Caller } from '../kernel/caller.js';
import type { Logger } from '../shared/logger.js';
import { shapeRefusal } from '../graphql/document-shape.js';
import { ready, type ReadinessChecks } from './readiness.js';
import { BodyTooLarge, readBody, sendJson } from './respond.js';
import { attachSubscriptions } from './subscriptions.js';
import { TEAM_METRICS_PATH, teamMetricsHandler } from './team-metrics.js';
import { trustedHttpRequest } from './trusted.js';

export type { ReadinessChecks } from './readiness.js';

export interface GraphQLCaches {
  documents: Lru<DocumentNode>;
  compiled: CompiledOperations;
}

const GRAPHQL_PATH = '/graphql';
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface GatewayHttp {
  server: Server;
  apollo: ApolloServer<GraphQLContext>;
  /** The GraphQL caches, bounded by bytes (config CACHE_DOCUMENTS_MB, CACHE_COMPILED_MB); read by tests. */
  caches: GraphQLCaches;
  /** Re-checks the key of every open WebSocket; revoked ones are closed with 4403. Should not throw. */
  recheckSockets: () => Promise<void>;
  /** Presets another API key in the playground's headers editor and the monitor pages (e.g. the demo team's new key). */
  setPlaygroundKey: (key: string | undefined) => void;
  /**
   * Graceful stop: /readyz answers 503, no new connections are accepted, WebSockets are
   * closed with 1001, requests in flight may finish within config SHUTDOWN_GRACE_MS
   * (then their connections are cut), Apollo and the queue handles are closed.
   */
  stop(): Promise<void>;
}

/** The first error code of a JSON GraphQL answer, for requests refused before Apollo's plugins ran. */
function refusedOutcome(text: string): string {
  try {
    return outcomeOf((JSON.parse(text) as { errors?: [] }).errors);
  } catch {
    return 'INTERNAL_SERVER_ERROR';
  }
}

export async function createHttpServer(services: Services, schema: GraphQLSchema, log: Logger, checks: ReadinessChecks = {}): Promise<GatewayHttp> {
  const { config } = services;
  const limits = queryLimits(config);
  const bounds = cacheBounds(config);
  const compiled = new CompiledOperations(bounds.compiled, config.GRAPHQL_JIT_HOT_RUNS);
  const documents = documentStore(bounds.documents, (hash) => compiled.forget(hash));
  const apollo = new ApolloServer<GraphQLContext>({
    // Compiled execution (src/graphql/executor.ts) unless turned off; same results either way.
    ...(config.GRAPHQL_JIT ? { gateway: compiledExecution(schema, compiled) } : { schema }),
    // Bounded by bytes (config CACHE_DOCUMENTS_MB); a document it lets go takes its compiled code along.
    documentStore: documents,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    allowBatchedHttpRequests: false,
    // Apollo's APQ would let any client register a document: trusted documents replace it (./trusted.ts).
    persistedQueries: false,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.INTROSPECTION,
    // No HTTP cache hints are used; the default cache-control plugin would wrap every resolver.
    plugins: [
      ...limits.plugins, ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), errorLoggingPlugin, dryRunPlugin, operationsPlugin, admissionPlugin, readsPlugin,
    ],
  });
  await apollo.start();
  const limit = config.MAX_BODY_BYTES;
  const playground = createPlayground({ endpoint: GRAPHQL_PATH, apiKey: config.PLAYGROUND_API_KEY, demoDataDir: demoDataDir(config) });
  const pages = createMonitorPages({ endpoint: GRAPHQL_PATH, apiKey: config.PLAYGROUND_API_KEY, log });
  const queues = opsQueues(config);
  const adminQueues = adminQueuesHandler(queues, (header) => services.tenancy.authenticate(header), config.ADMIN_QUEUES_TEAM_ID);
  let draining = false;
  const slots = new Slots(config.QUERY_CONCURRENCY);

  async function graphql(req: IncomingMessage, res: ServerResponse, requestId: string, sent: URL): Promise<void> {
    let text: string;
    try {
      text = req.method === 'POST' ? await readBody(req, limit) : '';
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return sendJson(res, 413, { errors: [{ message: `Request body is larger than ${limit} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      }
      throw error;
    }
    let body: unknown = undefined;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
    // A hash becomes its team's trusted document; a trustedOnly key's free-form text is refused.
    const caller = services.tenancy.authenticate(req.headers.authorization);
    // One rate-limit token per request, taken once: before a trusted document's lookup (an
    // unknown hash then costs no database read past the budget) or else in Apollo's context.
    let admission: Promise<void> | undefined;
    const admit = () => (admission ??= caller.then((c) => limits.admit(c, log)));
    const trusted = await trustedHttpRequest(services, caller, req.method ?? 'GET', sent, body, admit);
    if ('error' in trusted) return sendJson(res, trusted.status, { errors: [trusted.error] });
    const { url } = trusted;
    body = trusted.body;
    // Refused before Apollo parses: graphql-js's recursive parser can overflow the stack on a
    // deeply nested document before its token limit stops it (src/graphql/document-shape.ts).
    const query = req.method === 'GET' ? url.searchParams.get('query') : (body as { query?: unknown } | null | undefined)?.query;
    const refusal = typeof query === 'string' ? shapeRefusal(query, config.MAX_QUERY_TOKENS, config.MAX_QUERY_DEPTH) : undefined;
    if (refusal) return sendJson(res, 400, { errors: [refusal] });
    // The slot is taken once the body is in: a client sending its body slowly holds none.
    const ticket = await slots.acquire();
    try {
      await admitted(req, res, requestId, url, body, caller, admit, ticket);
    } finally {
      ticket.release();
    }
  }

  async function admitted(req: IncomingMessage, res: ServerResponse, requestId: string, url: URL, body: unknown, authenticated: Promise<Caller>, admit: () => Promise<void>, ticket: Ticket): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const started = process.hrtime.bigint();
    const httpGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => {
        const caller = await authenticated;
        await admit(); // RATE_LIMITED: HTTP 429 + Retry-After
        const teamId = caller.kind === 'key' ? caller.teamId : undefined;
        return createContext(services, caller, requestId, log.child({ requestId, teamId }), ticket);
      },
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      // Refusals before or outside the operation (rate limit, token limit) skip Apollo's plugins.
      if (!wasCounted(httpGraphQLRequest)) {
        const name = (body as { operationName?: unknown } | undefined)?.operationName;
        const outcome = refusedOutcome(response.body.string);
        recordOperation(typeof name === 'string' ? name : null, 'unknown', outcome, Number(process.hrtime.bigint() - started) / 1e9);
        log.info({ requestId, outcome, status: res.statusCode }, 'graphql request refused');
      }
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  async function metrics(res: ServerResponse): Promise<void> {
    const text = await metricsText();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
  }

  const answers = (db: Services['db']) => async () => void (await db.$queryRawUnsafe('SELECT 1'));
  // With DATABASE_READ_URL, queries read there: a process that cannot reach it is not ready.
  const readinessChecks: ReadinessChecks = {
    postgres: answers(services.db), ...(services.reads.db === services.db ? {} : { postgresRead: answers(services.reads.db) }), ...checks,
  };

  const server = createServer((req, res) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://gateway');
    const handle = async () => {
      if (url.pathname === GRAPHQL_PATH) return playground.handle(req, res, url) ? undefined : graphql(req, res, requestId, url);
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz') return ready(res, readinessChecks, draining, { mode: modeOf(config) });
      if (url.pathname === '/metrics' && req.method === 'GET') return metrics(res);
      if (url.pathname === TEAM_METRICS_PATH) return teamMetricsHandler(services, limits.admit, log.child({ requestId }), req, res);
      if (isAdminQueuesPath(url.pathname)) return adminQueues(req, res, url);
      if (playground.handle(req, res, url) || pages.handle(req, res, url)) return;
      sendJson(res, 404, { error: `Nothing at ${url.pathname}; the API is at ${GRAPHQL_PATH}` });
    };
    handle().catch((error: unknown) => {
      log.error({ err: error, requestId }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
      else res.end();
    });
  });
  const subscriptions = attachSubscriptions(server, GRAPHQL_PATH, schema, services, log, limits.admit);

  async function stop(): Promise<void> {
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await subscriptions.close();
    // Keep-alive connections are cut as soon as they are idle; busy ones get the grace period.
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_GRACE_MS);
    await closed;
    clearInterval(idle);
    clearTimeout(cut);
    await apollo.stop();
    await queues.close();
  }

  return {
    server,
    apollo,
    caches: { documents: documents.lru, compiled },
    recheckSockets: () => subscriptions.recheck().catch((err: unknown) => log.error({ err }, 'could not re-check WebSocket keys')),
    setPlaygroundKey: (key) => {
      playground.setApiKey(key);
      pages.setApiKey(key);
    },
    stop,
  };
}
