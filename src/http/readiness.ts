// GET /readyz: 200 when every dependency answers, 503 naming the ones that do not (and
// 503 while the process shuts down, so load balancers stop sending it traffic). `info` is
// added to every answer as is (the gateway's `mode`: "redis" or "single-process").
import type { ServerResponse } from 'node:http';
import { sendJson } from './respond.js';

/** Readiness checks by name; each throws when its dependency is not usable. */
export type ReadinessChecks = Record<string, () => Promise<void>>;

const TIMEOUT_MS = 2000;

const withTimeout = (ms: number, work: Promise<void>) =>
  Promise.race([work, new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

export async function ready(res: ServerResponse, checks: ReadinessChecks, draining: boolean, info: Record<string, string> = {}): Promise<void> {
  if (draining) return sendJson(res, 503, { status: 'shutting down', ...info, checks: {} });
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(TIMEOUT_MS, check());
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)] as const;
      }
    }),
  );
  const failed = results.filter(([, r]) => r !== 'ok');
  sendJson(res, failed.length === 0 ? 200 : 503, { status: failed.length === 0 ? 'ready' : 'not ready', ...info, checks: Object.fromEntries(results) });
}
