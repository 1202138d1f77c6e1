// A test gateway with configuration overrides and, unlike startTestGateway, an optional
// logger of the test's own (log capture); NO_RATE_LIMIT for suites that send many
// requests with one key.
import { startGateway } from '../../src/runtime/index.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { config, type Config } from '../../src/config.js';
import type { Logger } from '../../src/shared/logger.js';
import type { TestGateway } from '../support/gateway.js';

export const NO_RATE_LIMIT: Partial<Config> = { RATE_LIMIT_PER_MINUTE: 10_000_000, RATE_LIMIT_BURST: 1_000_000 };

export async function startGatewayWith(overrides: Partial<Config>, log?: Logger): Promise<TestGateway> {
  const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };
  const gateway = await startGateway({ config: { ...config(), PORT: 0, ...overrides }, backends, ...(log ? { log } : {}) });
  return { gateway, backends, url: gateway.url, stop: () => gateway.stop() };
}

/** Two gateways on the same database, one per executor (graphql-jit and graphql-js), for suites that hold their answers side by side. */
export async function startBothExecutors(overrides: Partial<Config> = {}): Promise<{ compiled: TestGateway; interpreted: TestGateway }> {
  // Compiled from its second run, as the suites expect (the gateway waits for hot operations).
  const compiled = await startGatewayWith({ ...NO_RATE_LIMIT, GRAPHQL_JIT_HOT_RUNS: 2, ...overrides, GRAPHQL_JIT: true });
  const interpreted = await startGatewayWith({ ...NO_RATE_LIMIT, ...overrides, GRAPHQL_JIT: false });
  return { compiled, interpreted };
}
