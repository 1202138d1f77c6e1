// bull-board at /admin/queues. It shows every team's jobs (their ids and failure reasons),
// so only the deployment's operators may see it: the ADMIN_TOKEN, or an ADMIN key of the
// operators' team (config ADMIN_QUEUES_TEAM_ID); other teams' keys never. Browsers cannot
// send an Authorization header, so `/admin/queues?token=<credential>` checks the credential,
// keeps it in an HttpOnly cookie scoped to /admin/queues and redirects to the bare URL.
// The board is read-only (no retry, clean or remove): it is for looking, not operating.
// It shows the Redis queues: in single-process mode (no Redis) it answers 503 saying so.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Caller } from '../kernel/caller.js';
import type { OpsQueues } from './queues.js';

export const ADMIN_QUEUES_PATH = '/admin/queues';
const COOKIE = 'mmg_admin';
const COOKIE_MAX_AGE_S = 8 * 3600;

export const isAdminQueuesPath = (pathname: string) => pathname === ADMIN_QUEUES_PATH || pathname.startsWith(`${ADMIN_QUEUES_PATH}/`);

type Authenticate = (authorization: string | undefined) => Promise<Caller>;

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function refuse(res: ServerResponse, status: 401 | 403 | 503, message: string): void {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="admin"';
  res.writeHead(status, headers);
  res.end(`${message}\n`);
}

/** 'ok' for the operator token and the operators' team's ADMIN keys; otherwise why not. */
function verdict(caller: Caller, operatorTeamId: string | undefined): 'ok' | { status: 401 | 403; message: string } {
  if (caller.kind === 'admin-token') return 'ok';
  if (caller.kind === 'key') {
    if (caller.teamId !== operatorTeamId) {
      return { status: 403, message: "The queue board shows every team's jobs: it needs the admin token, or an ADMIN key of the operators' team (ADMIN_QUEUES_TEAM_ID)." };
    }
    return caller.role === 'ADMIN' ? 'ok' : { status: 403, message: `The queue board needs an ADMIN key of the operators' team or the admin token; this key is ${caller.role}.` };
  }
  return {
    status: 401,
    message: `${caller.reason}. The queue board needs the admin token (or an ADMIN key of the operators' team): send "Authorization: Bearer <credential>", or open ${ADMIN_QUEUES_PATH}?token=<credential> in a browser.`,
  };
}

function board(queues: OpsQueues): express.Express {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: queues.queues().map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Model Monitor queues' } },
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('env', 'production'); // express's error pages never show stack traces
  // ExpressAdapter declares getRouter(): any; it returns an express Router.
  app.use(ADMIN_QUEUES_PATH, adapter.getRouter() as express.Router);
  return app;
}

/** Handles every request under /admin/queues. */
export function adminQueuesHandler(queues: OpsQueues, authenticate: Authenticate, operatorTeamId?: string) {
  let app: express.Express | undefined; // built on first authorized use (it opens the queue handles)
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (!queues.redis) {
      return refuse(res, 503, 'The queue board shows the Redis queues; this gateway runs in single-process mode (no Redis), whose jobs live in the process. Set REDIS_URL to use it.');
    }
    const login = url.searchParams.get('token');
    const cookie = cookieValue(req, COOKIE);
    // A login checks the credential it brings; otherwise the header, then the cookie.
    const header = login !== null ? `Bearer ${login}` : req.headers.authorization ?? (cookie ? `Bearer ${cookie}` : undefined);
    const result = verdict(await authenticate(header), operatorTeamId);
    if (result !== 'ok') return refuse(res, result.status, result.message);
    if (login !== null) {
      const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
      res.writeHead(303, {
        location: ADMIN_QUEUES_PATH,
        'cache-control': 'no-store',
        'set-cookie': `${COOKIE}=${encodeURIComponent(login)}; Path=${ADMIN_QUEUES_PATH}; HttpOnly; SameSite=Strict; Max-Age=${COOKIE_MAX_AGE_S}${secure}`,
      });
      res.end();
      return;
    }
    app ??= board(queues);
    app(req, res);
  };
}
