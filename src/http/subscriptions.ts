// Subscriptions over graphql-ws on the gateway's server and path. The API key is checked
// once, at connection_init (connectionParams.authorization); a bad key closes the socket
// with 4403. Open subscriptions are the mmg_graphql_subscriptions_active gauge.
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { getOperationAST, type GraphQLSchema } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Caller } from '../kernel/caller.js';
import { createContext } from '../graphql/context.js';
import { metrics } from '../ops/metrics.js';
import { outcomeOf, recordOperation } from '../graphql/operation-metrics.js';
import type { Services } from '../services.js';
import type { Logger } from '../shared/logger.js';
import type { Admit } from '../graphql/limits.js';
import { reviveSubscribe, trustedSubscription } from './trusted.js';

export interface Subscriptions {
  /** Closes every socket with 1001 (going away): clients know to reconnect elsewhere. */
  close(): Promise<void>;
  /** Re-checks the key of every open socket; revoked ones are closed with 4403. */
  recheck(): Promise<void>;
}

const isAsyncIterable = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/** `admit`: the HTTP requests' rate limiter (src/graphql/limits.ts), which every subscribe draws on too. */
export function attachSubscriptions(server: Server, path: string, schema: GraphQLSchema, services: Services, log: Logger, admit: Admit): Subscriptions {
  const wss = new WebSocketServer({ server, path });
  // The Authorization each open socket connected with, to re-check after revocations.
  const sockets = new Map<WebSocket, string>();
  // Streams counted in the gauge, per socket context: counted once at start, once at the end.
  const streaming = new WeakMap<object, Set<string>>();
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
      // Hashes of trusted documents, as over HTTP (./trusted.ts); each subscribe takes a rate-limit token first.
      jsonMessageReviver: reviveSubscribe,
      onSubscribe: (ctx, _id, payload) => {
        const caller = ctx.extra.caller;
        return trustedSubscription(services, caller, payload, schema, async () => (caller ? admit(caller, log) : undefined));
      },
      context: (ctx, _id, payload) => {
        const caller: Caller = ctx.extra.caller ?? { kind: 'anonymous', reason: 'Not authenticated' };
        const requestId = randomUUID();
        const teamId = caller.kind === 'key' ? caller.teamId : undefined;
        return createContext(services, caller, requestId, log.child({ requestId, teamId, operationName: payload.operationName ?? null, transport: 'ws' }));
      },
      onOperation: (ctx, id, payload, args, result) => {
        const op = getOperationAST(args.document, args.operationName);
        const stream = isAsyncIterable(result);
        // The socket's key was checked on connect, and the document was validated before this.
        recordOperation(payload.operationName, op?.operation ?? 'unknown', stream ? 'ok' : outcomeOf((result as { errors?: [] }).errors), undefined, !!op);
        if (!stream) return;
        const ids = streaming.get(ctx) ?? new Set<string>();
        streaming.set(ctx, ids);
        ids.add(id);
        metrics.subscriptions.inc();
      },
      // Called when a stream ends for any reason: the client's complete, an error, the socket closing.
      onComplete: (ctx, id) => {
        if (streaming.get(ctx)?.delete(id)) metrics.subscriptions.dec();
      },
    },
    wss,
  );
  return {
    close: async () => {
      await disposable.dispose(); // closes each client with 1001 "Going away"
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
    recheck: async () => {
      for (const [socket, header] of sockets) {
        const caller = await services.tenancy.authenticate(header).catch(() => null);
        if (caller?.kind !== 'key') {
          sockets.delete(socket);
          socket.close(4403, 'Forbidden: the API key was revoked');
        }
      }
    },
  };
}
