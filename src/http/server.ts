// The gateway's HTTP server: GraphQL at /graphql (Apollo Server through its
// framework-neutral executeHTTPGraphQLRequest), /healthz and /readyz.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Caller } from '../tenancy/caller.js';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import { errorLoggingPlugin, formatError } from '../graphql/errors.js';
import { dryRunPlugin } from '../graphql/dry-run.js';
import { queryLimits } from '../graphql/limits.js';
import type { Services } from '../services.js';
import type { Logger } from '../shared/logger.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export interface GatewayHttp {
  server: Server;
  apollo: ApolloServer<GraphQLContext>;
  /** Closes every WebSocket (subscribers are told the server is going away). */
  closeSockets(): Promise<void>;
  /** Re-checks the key of every open WebSocket; revoked ones are closed with 4403. Should not throw. */
  recheckSockets(): Promise<void>;
}

/**
 * Subscriptions over graphql-ws on the same server and path. The API key is checked
 * once, at connection_init (connectionParams.authorization); a bad key closes the
 * socket with 4403.
 */
function attachSubscriptions(server: Server, schema: GraphQLSchema, services: Services, log: Logger) {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  // The Authorization each open socket connected with, to re-check after revocations.
  const sockets = new Map<WebSocket, string>();
  const disposable = useServer<Record<string, unknown>, { caller?: Caller }>(
    {
      schema,
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.['authorization'] ?? ctx.connectionParams?.['Authorization'];
        const caller = await services.tenancy.authenticate(typeof header === 'string' ? header : undefined);
        if (caller.kind !== 'key') return false;
        ctx.extra.caller = caller;
        sockets.set(ctx.extra.socket, header as string);
        ctx.extra.socket.once('close', () => sockets.delete(ctx.extra.socket));
        return true;
      },
      context: (ctx) => {
        const caller: Caller = ctx.extra.caller ?? { kind: 'anonymous', reason: 'Not authenticated' };
        const requestId = randomUUID();
        return createContext(services, caller, requestId, log.child({ requestId, teamId: caller.kind === 'key' ? caller.teamId : undefined, transport: 'ws' }));
      },
    },
    wss,
  );
  const close = async () => {
    await disposable.dispose();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
  const recheck = async () => {
    for (const [socket, header] of sockets) {
      const caller = await services.tenancy.authenticate(header).catch(() => null);
      if (caller?.kind !== 'key') {
        sockets.delete(socket);
        socket.close(4403, 'Forbidden: the API key was revoked');
      }
    }
  };
  return { close, recheck };
}

/** Readiness checks by name; each throws when its dependency is not usable. */
export type ReadinessChecks = Record<string, () => Promise<void>>;

const withTimeout = (ms: number, work: Promise<void>) =>
  Promise.race([work, new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

export async function createHttpServer(services: Services, schema: GraphQLSchema, log: Logger, checks: ReadinessChecks = {}): Promise<GatewayHttp> {
  const limits = queryLimits(services.config);
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    validationRules: limits.validationRules,
    allowBatchedHttpRequests: false,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: services.config.INTROSPECTION,
    // No HTTP cache hints are used; the default cache-control plugin would wrap every resolver.
    plugins: [...limits.plugins, ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), errorLoggingPlugin, dryRunPlugin],
  });
  await apollo.start();
  const limit = services.config.MAX_BODY_BYTES;

  async function graphql(req: IncomingMessage, res: ServerResponse, requestId: string, url: URL): Promise<void> {
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
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => {
        const caller = await services.tenancy.authenticate(req.headers.authorization);
        const teamId = caller.kind === 'key' ? caller.teamId : undefined;
        return createContext(services, caller, requestId, log.child({ requestId, teamId }));
      },
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  /** 200 when every dependency answers; 503 naming the ones that do not. */
  async function ready(res: ServerResponse): Promise<void> {
    const all: ReadinessChecks = { postgres: async () => void (await services.db.$queryRawUnsafe('SELECT 1')), ...checks };
    const results = await Promise.all(
      Object.entries(all).map(async ([name, check]) => {
        try {
          await withTimeout(2000, check());
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, error instanceof Error ? error.message : String(error)] as const;
        }
      }),
    );
    const failed = results.filter(([, r]) => r !== 'ok');
    sendJson(res, failed.length === 0 ? 200 : 503, { status: failed.length === 0 ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  }

  const server = createServer((req, res) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://gateway');
    const handle = async () => {
      if (url.pathname === '/graphql') return graphql(req, res, requestId, url);
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz') return ready(res);
      sendJson(res, 404, { error: `Nothing at ${url.pathname}; the API is at /graphql` });
    };
    handle().catch((error: unknown) => {
      log.error({ err: error, requestId }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
      else res.end();
    });
  });
  const sockets = attachSubscriptions(server, schema, services, log);
  return {
    server,
    apollo,
    closeSockets: sockets.close,
    recheckSockets: () => sockets.recheck().catch((err: unknown) => log.error({ err }, 'could not re-check WebSocket keys')),
  };
}
