// The process environment, parsed once. Nothing else in src/ reads process.env.
import { z } from 'zod';

/** A cache's bound in MiB (fractions allowed; 0 keeps nothing). */
const mebibytes = (fallback: number) => z.coerce.number().min(0).max(65_536).default(fallback);

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Exported for the README check (test/demo/readme-config.test.ts). */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** `embedded`: an embedded server in DATA_DIR. Unset: the default URL when a server answers there, else embedded (src/startup/database.ts). */
  DATABASE_URL: z
    .string()
    .refine((v) => v === 'embedded' || z.url({ protocol: /^postgres(ql)?$/ }).safeParse(v).success, { error: 'must be a postgresql:// URL' })
    .default('postgresql://postgres@127.0.0.1:5432/model_monitor'),
  /** The gateway's own files: the embedded PostgreSQL's cluster (DATA_DIR/postgres). */
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * A read replica (or any copy) for GraphQL queries' reads (src/graphql/reads.ts); unset: every
   * statement goes to DATABASE_URL. Mutations, workers and API key checks always use DATABASE_URL.
   */
  DATABASE_READ_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }).optional(),
  /** Connections of a gateway process to DATABASE_READ_URL; unset: DATABASE_POOL_SIZE. */
  DATABASE_READ_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  /** GraphQL queries one gateway process executes at once; more wait their turn (see src/graphql/admission.ts). */
  QUERY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(4),
  /**
   * Redis, or `memory`: single-process mode (queues and events in the process, no Redis).
   * Unset: this default when Redis answers there, else single-process mode (src/startup/redis-mode.ts).
   */
  REDIS_URL: z.union([z.literal('memory'), z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL, or memory' })]).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().min(1).default('mmg'),
  /** Bearer token that may create teams. When unset, the first `npm start` generates one, prints it once and stores its hash. */
  ADMIN_TOKEN: z.string().min(16).optional(),
  /** Server-side secret mixed into API key hashes (HMAC-SHA256). */
  API_KEY_PEPPER: z.string().min(16).default('dev-pepper-change-me-in-production'),
  DEFAULT_BACKEND: z.enum(['BUILTIN', 'SAGEMAKER']).default('BUILTIN'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INTROSPECTION: bool.default(true),
  /** Queries run as JavaScript compiled once per operation (graphql-jit) instead of graphql-js's interpreter. */
  GRAPHQL_JIT: bool.default(true),
  /** graphql-jit compiles an operation once it ran this many times within a minute (src/graphql/compiled-operations.ts). */
  GRAPHQL_JIT_HOT_RUNS: z.coerce.number().int().min(1).default(20),
  /**
   * Cache bounds, in MiB of estimated heap (each cache's estimate is in its sizeOf; see
   * cacheBounds and the README's Performance section). Every process-wide cache is bounded here.
   */
  CACHE_DOCUMENTS_MB: mebibytes(16),
  CACHE_COMPILED_MB: mebibytes(16),
  CACHE_API_KEYS_MB: mebibytes(2),
  CACHE_RATE_LEASES_MB: mebibytes(1),
  CACHE_TRUSTED_DOCUMENTS_MB: mebibytes(4),
  CACHE_REPORTS_MB: mebibytes(16),
  CACHE_TEAM_METRICS_MB: mebibytes(8),
  /** enforce: API keys marked trustedOnly may run only their team's trusted documents, by hash; off: every key may send any document. */
  TRUSTED_DOCUMENTS: z.enum(['enforce', 'off']).default('enforce'),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  /** Query limits (introspection is exempt from depth and cost). */
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(1).default(5_000),
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(50),
  /** Largest query cost (fields × page sizes, see src/graphql/cost.ts). */
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(50_000),
  /** Per-API-key request budget, shared by every gateway process through Redis. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Requests a key may make at once above the steady rate (token-bucket capacity). */
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(100),
  /** Built-in engine: where endpoints' data capture is ({root}/{endpoint}/{variant}/yyyy/mm/dd/hh/). */
  ENGINE_CAPTURE_ROOT: z.string().min(1).optional(),
  /** S3-compatible endpoint for the built-in engine (path-style); unset for AWS S3. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  /** Built-in engine: worker threads one run's capture partitions are analysed on (default: the machine's cores). */
  ENGINE_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** Built-in engine: bytes (MiB) of a block, the share of one partition or dataset analysed on its own (a thread's unit of work). */
  ENGINE_BLOCK_MB: z.coerce.number().positive().max(4096).default(12),
  /** Built-in engine: the fewest capture partitions (hours) one thread of a run with ground truth is given. */
  ENGINE_PART_MIN_PARTITIONS: z.coerce.number().int().min(1).default(1),
  /** Built-in engine: a run of at least twice this many capture partitions (hours) is split into part jobs of at least this many, run by any worker. */
  ENGINE_SPLIT_MIN_PARTITIONS: z.coerce.number().int().min(1).default(24),
  /** Engine jobs run at once by one worker process. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Execution sync: how often a dispatch cycle looks for schedules whose poll is due. */
  SYNC_INTERVAL_MS: z.coerce.number().int().min(1000).default(5_000),
  /** Poll period of a schedule with an unfinished execution. */
  SYNC_RUNNING_POLL_MS: z.coerce.number().int().min(500).default(10_000),
  /** Poll period while a run is expected (a fire time passed, or a one-time run not seen yet). */
  SYNC_DUE_POLL_MS: z.coerce.number().int().min(500).default(30_000),
  /** How long after a fire time its execution may take to appear in the backend. */
  SYNC_DUE_GRACE_MS: z.coerce.number().int().min(0).default(20 * 60_000),
  /** Slow sweep of schedules with nothing expected (catches changes made outside the gateway). */
  SYNC_IDLE_POLL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /** Backend calls per second for the whole deployment (BullMQ's global limiter on the sync queue). */
  SYNC_MAX_TPS: z.coerce.number().int().min(1).default(10),
  /** Poll jobs run at once by one worker process. */
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** A claimed poll whose job was lost (worker killed) is claimed again after this. */
  SYNC_LEASE_MS: z.coerce.number().int().min(1000).default(120_000),
  /** How long a worker holds a job before another takes it over as stalled (its process died). */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Webhooks: attempts per delivery before it is DEAD (dead-letter). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Webhooks: delay before the 2nd attempt; each later one doubles (with jitter). */
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).default(2_000),
  /** Webhooks: how long one HTTP POST may take. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Webhooks: how often a worker re-queues due deliveries whose job was lost. */
  WEBHOOK_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Webhook POSTs one worker process sends at once. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** Webhook URLs may name loopback, private and link-local hosts (refused by default: SSRF). */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: bool.default(false),
  /**
   * An outbox row no relay can parse stays unpublished this long (a newer gateway's relay may read
   * it: a rolling deploy), then it is marked dead and never read again (src/events/outbox.ts).
   */
  OUTBOX_DEAD_AFTER_MS: z.coerce.number().int().min(0).default(3_600_000),
  /** How often a worker reconciles every team's schedules with their backends (report + repair); 0 turns it off. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().refine((v) => v === 0 || v >= 60_000, 'must be 0 (off) or at least 60000').default(3_600_000),
  /**
   * How far V8 lets the old space grow past what the last full GC kept, in percent, for the
   * gateway and worker processes (src/startup/heap.ts); 0: V8's own factor.
   */
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1000).default(100),
  /** `npm start` also runs a worker in the gateway process (set false to run workers apart). */
  RUN_WORKER: bool.default(true),
  /** First run of `npm start`: seed the demo team (`npm start -- --no-demo` also turns it off). */
  DEMO: bool.default(true),
  /** Where the demo's generated captured data, labels, training sets and reports go (default ./.demo-data). */
  DEMO_DATA_DIR: z.string().min(1).default('.demo-data'),
  /**
   * Hours of demo history: traffic before the start (at least 2, the last two drifted) and one
   * past hourly run per hour for each monitor, so trend charts draw a line; 0: no past runs.
   */
  DEMO_HISTORY_HOURS: z.coerce.number().int().min(0).max(168).default(48),
  /** API key preset in the playground's headers editor (GET /graphql in a browser). Demos only: anyone opening the page can use it. */
  PLAYGROUND_API_KEY: z.string().min(1).optional(),
  /**
   * The gateway's address as people reach it (e.g. https://monitor.example.com), for links in
   * webhook messages. Unset: http://HOST:PORT (localhost when HOST listens on every address).
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  /** On SIGTERM, how long requests in flight may take before their connections are cut. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /**
   * The operators' team: its ADMIN keys may open the queue board (/admin/queues), which shows
   * every team's jobs. Unset: only the admin token may.
   */
  ADMIN_QUEUES_TEAM_ID: z.uuid().optional(),
});

export type Config = z.infer<typeof ConfigSchema> & {
  /** REDIS_URL was not set (its default stands only if Redis answers there); absent counts as set. */
  readonly redisUrlUnset?: boolean;
  /** DATABASE_URL was given, not defaulted: a given URL that does not answer is an error, never a fallback. */
  databaseUrlSet: boolean;
};

/** A bad environment; the message is one line naming every bad variable (never its value: it may be a secret). */
export class ConfigError extends Error {}

/** Parses an environment; throws one ConfigError that lists every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return { ...result.data, redisUrlUnset: env['REDIS_URL'] === undefined, databaseUrlSet: env['DATABASE_URL'] !== undefined };
}

/** PUBLIC_URL without a trailing slash, or the listen address. */
export function publicUrl(c: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (c.PUBLIC_URL) return c.PUBLIC_URL.replace(/\/+$/, '');
  const host = c.HOST === '0.0.0.0' || c.HOST === '::' || c.HOST === '' ? 'localhost' : c.HOST.includes(':') ? `[${c.HOST}]` : c.HOST;
  return `http://${host}:${c.PORT}`;
}

/** The bound of each process-wide cache, in bytes (config CACHE_*_MB). */
export interface CacheBounds {
  /** Parsed and validated GraphQL documents (Apollo's document store). */
  documents: number;
  /** Operations compiled by graphql-jit. */
  compiled: number;
  apiKeys: number;
  rateLeases: number;
  trustedDocuments: number;
  reports: number;
  teamMetrics: number;
}

export function cacheBounds(c: Config): CacheBounds {
  const bytes = (mib: number) => Math.floor(mib * 2 ** 20);
  return {
    documents: bytes(c.CACHE_DOCUMENTS_MB), compiled: bytes(c.CACHE_COMPILED_MB), apiKeys: bytes(c.CACHE_API_KEYS_MB),
    rateLeases: bytes(c.CACHE_RATE_LEASES_MB), trustedDocuments: bytes(c.CACHE_TRUSTED_DOCUMENTS_MB),
    reports: bytes(c.CACHE_REPORTS_MB), teamMetrics: bytes(c.CACHE_TEAM_METRICS_MB),
  };
}

let cached: Config | undefined;

/** The configuration of this process, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
