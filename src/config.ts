// The process environment, parsed once. Nothing else in src/ reads process.env.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/model_monitor'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().min(1).default('mmg'),
  /** Bearer token that may create teams. When unset, `npm start` generates one and logs it. */
  ADMIN_TOKEN: z.string().min(16).optional(),
  /** Server-side secret mixed into API key hashes (HMAC-SHA256). */
  API_KEY_PEPPER: z.string().min(16).default('dev-pepper-change-me-in-production'),
  DEFAULT_BACKEND: z.enum(['BUILTIN', 'SAGEMAKER']).default('BUILTIN'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INTROSPECTION: bool.default(true),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  /** Query limits (introspection is exempt from depth and cost). */
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(1).default(5_000),
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(50),
  /** Built-in engine: where endpoints' data capture is ({root}/{endpoint}/{variant}/yyyy/mm/dd/hh/). */
  ENGINE_CAPTURE_ROOT: z.string().min(1).optional(),
  /** S3-compatible endpoint for the built-in engine (path-style); unset for AWS S3. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  /** Engine jobs run at once by one worker process. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** How often the gateway pulls baseline and execution status from the backends. */
  SYNC_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  /** `npm start` also runs a worker in the gateway process (set false to run workers apart). */
  RUN_WORKER: bool.default(true),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Parses an environment; throws one error that lists every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Config | undefined;

/** The configuration of this process, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
