// The caches of a running gateway with tiny bounds (config CACHE_*_MB): filled past them, each
// keeps its byte total under its bound, and what it let go is built again with the same result:
// a document (and its compiled code) parsed, validated and compiled again, a trusted document
// read again, an API key verified again, a report file read again; rate-limit leases and team
// metric answers stay bounded. A hash request reuses the document its text parsed to.
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { Execution } from '../../src/generated/prisma/client.js';
import { ExecutionReports } from '../../src/executions/reports.js';
import { TeamMetrics } from '../../src/metric-series/team-metrics.js';
import { RateLimiter } from '../../src/tenancy/rate-limit.js';
import { metrics } from '../../src/ops/metrics.js';
import { logger } from '../../src/shared/logger.js';
import { config } from '../../src/config.js';
import { sha256Hex } from '../../src/trusted-documents/manifest.js';
import { distinctDocument } from '../../scripts/bench/soak-documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { seed, type TeamFixture } from '../support/seed.js';

const MiB = 2 ** 20;
const BOUNDS = { CACHE_DOCUMENTS_MB: 0.05, CACHE_COMPILED_MB: 8, CACHE_TRUSTED_DOCUMENTS_MB: 0.004, CACHE_API_KEYS_MB: 0.002 };
let env: TestGateway;
let team: TeamFixture;
beforeAll(async () => {
  env = await startTestGateway({ ...BOUNDS, GRAPHQL_JIT: true, GRAPHQL_JIT_HOT_RUNS: 2, RATE_LIMIT_PER_MINUTE: 10_000_000, RATE_LIMIT_BURST: 1_000_000 });
  team = await seed(env).createTeam();
  for (let i = 0; i < 3; i++) await team.createMonitor('DATA_QUALITY');
});
afterAll(() => env.stop());

async function post(body: Record<string, unknown>, key = team.adminKey) {
  const res = await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const compiledCount = async () => (await metrics.graphqlCompiled.get()).values.reduce((n, v) => n + v.value, 0);

describe('bounded caches of a gateway', () => {
  it('keeps documents under CACHE_DOCUMENTS_MB; an evicted document runs again with the same answer, its code compiled again', async () => {
    const { documents, compiled } = env.gateway.caches;
    const first = { query: distinctDocument(0) };
    const answer = await post(first);
    expect(answer.status).toBe(200);
    expect(answer.body['errors']).toBeUndefined();
    const before = await compiledCount();
    expect(await post(first)).toEqual(answer); // compiled on this second run
    expect(await compiledCount()).toBe(before + 1);
    for (let i = 1; i <= 80; i++) {
      const r = await post({ query: distinctDocument(i) });
      expect(r.body['errors']).toBeUndefined();
      expect(documents.bytes).toBeLessThanOrEqual(BOUNDS.CACHE_DOCUMENTS_MB * MiB);
      expect(compiled.bytes).toBeLessThanOrEqual(BOUNDS.CACHE_COMPILED_MB * MiB);
    }
    // Its document was let go, and its code with it (the code's own bound is far from full).
    const recompiled = await compiledCount();
    expect(await post(first)).toEqual(answer);
    expect(await post(first)).toEqual(answer);
    expect(await compiledCount()).toBe(recompiled + 1);
  });

  it('runs a hash request on the document its text parsed to (one store entry for both)', async () => {
    const body = 'query ByHashOrText { monitors(first: 2) { edges { node { id name } } } }';
    await team.call('mutation($d: [TrustedDocumentInput!]!) { registerTrustedDocuments(documents: $d) { added } }', { d: [{ hash: sha256Hex(body), body }] });
    const { documents } = env.gateway.caches;
    const stored = jest.spyOn(documents, 'set'); // Apollo stores each document it parsed and validated
    const byText = await post({ query: body });
    expect(stored).toHaveBeenCalledTimes(1);
    const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(body) } } });
    expect(byHash).toEqual(byText);
    expect(stored).toHaveBeenCalledTimes(1); // not parsed again
    stored.mockRestore();
  });

  it('keeps trusted documents under CACHE_TRUSTED_DOCUMENTS_MB; an evicted one is read again', async () => {
    const bodies = Array.from({ length: 40 }, (_, i) => `query Trusted${i} { viewer { role } }`);
    await team.call('mutation($d: [TrustedDocumentInput!]!) { registerTrustedDocuments(documents: $d) { added } }', { d: bodies.map((body) => ({ hash: sha256Hex(body), body })) });
    const run = (body: string) => post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(body) } } });
    for (const body of bodies) {
      expect(await run(body)).toEqual({ status: 200, body: { data: { viewer: { role: 'ADMIN' } } } });
      expect(env.gateway.services.trustedDocuments.cacheBytes).toBeLessThanOrEqual(BOUNDS.CACHE_TRUSTED_DOCUMENTS_MB * MiB);
    }
    expect(await run(bodies[0]!)).toEqual({ status: 200, body: { data: { viewer: { role: 'ADMIN' } } } });
  });

  it('verifies an API key pushed out of CACHE_API_KEYS_MB again, with the same role', async () => {
    const keys = [];
    for (let i = 0; i < 12; i++) keys.push(await team.createKey(i % 2 ? 'VIEWER' : 'EDITOR'));
    for (const key of [...keys, ...keys]) {
      const r = await post({ query: '{ viewer { role } }' }, key.secret);
      expect(r.body).toEqual({ data: { viewer: { role: keys.indexOf(key) % 2 ? 'VIEWER' : 'EDITOR' } } });
    }
  });

  it('keeps report documents under their bound; an evicted one is read again, the same', async () => {
    const reports = new ExecutionReports(env.backends, 4096);
    const row = await env.gateway.services.db.monitor.findFirstOrThrow({ where: { teamId: team.id } });
    const text = JSON.stringify({ violations: [{ feature_name: 'age', constraint_check_type: 'baseline_drift_check', description: 'drift' }] });
    const run = (n: number) => ({ status: 'COMPLETED', reportUri: `s3://reports/run-${n}` }) as Execution;
    for (let n = 0; n < 60; n++) env.backends.BUILTIN.putReportFile(`s3://reports/run-${n}`, 'constraint_violations.json', text);
    const first = await reports.document(row, run(0), 'violations');
    for (let n = 1; n < 60; n++) {
      await reports.document(row, run(n), 'violations');
      expect(reports.cacheBytes).toBeLessThanOrEqual(4096);
    }
    const reads = env.backends.BUILTIN.reportReads.length;
    expect(await reports.document(row, run(0), 'violations')).toEqual(first);
    expect(env.backends.BUILTIN.reportReads.length).toBe(reads + 1);
  });

  it('keeps team metric answers and rate-limit leases under their bounds', async () => {
    const teamMetrics = new TeamMetrics(env.gateway.services.db, 2048);
    for (let i = 0; i < 50; i++) {
      await teamMetrics.text(randomUUID());
      expect(teamMetrics.cacheBytes).toBeLessThanOrEqual(2048);
    }
    const prefix = `${config().REDIS_PREFIX}_leases_${randomUUID().slice(0, 8)}`;
    const limiter = new RateLimiter({ redisUrl: config().REDIS_URL, prefix, perMinute: 600, burst: 100, maxLeaseBytes: 2048 });
    await limiter.start();
    try {
      for (let i = 0; i < 100; i++) {
        expect((await limiter.take(`key-${i}`, logger())).allowed).toBe(true);
        expect(limiter.leaseBytes).toBeLessThanOrEqual(2048);
      }
      expect((await limiter.take('key-0', logger())).allowed).toBe(true); // its lease was pushed out: asks Redis again
    } finally {
      await limiter.stop();
    }
  });
});
