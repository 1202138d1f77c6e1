// A real gateway on a random port, over HTTP, against the run's PostgreSQL database,
// with in-process backends the tests can drive and inspect.
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { InProcessBackend } from './in-process-backend.js';
import { config, type Config } from '../../src/config.js';

export interface TestGateway {
  gateway: Gateway;
  backends: { SAGEMAKER: InProcessBackend; BUILTIN: InProcessBackend };
  url: string;
  stop(): Promise<void>;
}

export async function startTestGateway(overrides: Partial<Config> = {}): Promise<TestGateway> {
  const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };
  const gateway = await startGateway({ config: { ...config(), PORT: 0, ...overrides }, backends });
  return { gateway, backends, url: gateway.url, stop: () => gateway.stop() };
}

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors: Array<{ message: string; extensions?: { code?: string; field?: string; [k: string]: unknown } }> | undefined;
}

export async function gql<T = Record<string, any>>(url: string, key: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T | null; errors?: GqlResult['errors'] };
  return { status: res.status, data: body.data, errors: body.errors };
}

/** The data of a call that must succeed; fails the test with the errors otherwise. */
export async function ok<T = Record<string, any>>(url: string, key: string | null, query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await gql<T>(url, key, query, variables);
  if (r.errors?.length || !r.data) throw new Error(`GraphQL call failed: ${JSON.stringify(r.errors)}\n${query}`);
  return r.data;
}

/** The single error of a call that must fail. */
export async function refused(url: string, key: string | null, query: string, variables?: Record<string, unknown>) {
  const r = await gql(url, key, query, variables);
  const error = r.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(r.data)}`);
  return { message: error.message, code: error.extensions?.code, field: error.extensions?.field, extensions: error.extensions };
}
