// GET /metrics/team: a team's latest monitor metrics for Prometheus (README, "Team metrics
// for Prometheus"). The caller is a team's API key as a bearer token, as Prometheus'
// `authorization:` scrape setting sends it; any role may scrape, and the answer holds that
// team's monitors only. A scrape takes a token of the key's rate limit, as a GraphQL request
// does (429 + Retry-After past it). The operator's /metrics (src/ops/metrics.ts) is another thing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rateLimited, type Admit } from '../graphql/limits.js';
import type { Services } from '../services.js';
import type { Logger } from '../shared/logger.js';
import { EXPOSITION_CONTENT_TYPE } from '../metric-series/prometheus.js';

export const TEAM_METRICS_PATH = '/metrics/team';

function refuse(res: ServerResponse, status: 401 | 403 | 405 | 429, message: string, retryAfterSeconds?: number): void {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="metrics"';
  if (status === 405) headers['allow'] = 'GET';
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  res.writeHead(status, headers);
  res.end(`${message}\n`);
}

export async function teamMetricsHandler(services: Pick<Services, 'tenancy' | 'teamMetrics'>, admit: Admit, log: Logger, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, `${TEAM_METRICS_PATH} answers GET only.`);
  const caller = await services.tenancy.authenticate(req.headers.authorization);
  if (caller.kind === 'anonymous') {
    return refuse(res, 401, `${caller.reason}. ${TEAM_METRICS_PATH} needs one of your team's API keys: "Authorization: Bearer mmg_…" (in Prometheus: authorization: { type: Bearer, credentials_file: … }).`);
  }
  if (caller.kind !== 'key') return refuse(res, 403, `${TEAM_METRICS_PATH} shows one team's metrics: it needs an API key of that team, not the admin token.`);
  try {
    await admit(caller, log);
  } catch (error) {
    const refusal = rateLimited(error);
    if (!refusal) throw error;
    return refuse(res, 429, refusal.message, refusal.retryAfterSeconds);
  }
  const text = await services.teamMetrics.text(caller.teamId);
  res.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : text);
}
