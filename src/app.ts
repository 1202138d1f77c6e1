// Assembles a gateway process: database client, backends, managers, schema, HTTP server.
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createDb, type Db } from './db/client.js';
import { defaultBackends } from './backends/defaults.js';
import { pendingMigrations } from './db/admin.js';
import { bumpRevocationEpoch } from './tenancy/key-cache.js';
import { randomUUID } from 'node:crypto';
import type { Backends } from './backends/types.js';
import { buildSchema } from './graphql/schema.js';
import { createHttpServer } from './http/server.js';
import { createServices, type Services } from './services.js';
import { logger, type Logger } from './shared/logger.js';
import { RedisEventBus, type EventBus } from './events/bus.js';
import { EventHub } from './events/hub.js';
import { startOutboxRelay } from './events/outbox.js';
import { BullMqQueue } from './jobs/bullmq-driver.js';
import { WEBHOOK_QUEUE, webhookSink } from './webhooks/index.js';

export interface Gateway {
  services: Services;
  url: string;
  /** Presets an API key in the playground (config PLAYGROUND_API_KEY otherwise), e.g. the demo team's. */
  setPlaygroundKey(key: string | undefined): void;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  config: Config;
  backends?: Backends;
  db?: Db;
  log?: Logger;
  /** Defaults to Redis pub/sub at config.REDIS_URL under config.REDIS_PREFIX. */
  bus?: EventBus;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const log = options.log ?? logger();
  const db = options.db ?? createDb({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  const bus = options.bus ?? new RedisEventBus(config.REDIS_URL, config.REDIS_PREFIX);
  const hub = new EventHub(bus);
  await hub.start();
  // Each gateway process also relays the outbox (SKIP LOCKED keeps several relays from
  // taking the same events); relayed events fan out to webhooks, whose deliveries the workers send.
  const webhooks = new BullMqQueue({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, queueName: WEBHOOK_QUEUE });
  const relay = startOutboxRelay(db, bus, {
    intervalMs: 1000, sinks: [webhookSink(webhooks)], onError: (err) => log.error({ err }, 'outbox relay failed; retrying'),
  });
  // Revocations reach every process's key cache at once (the cache TTL is the backstop).
  let recheckSockets = async (): Promise<void> => {};
  const forgetKeys = await bus.subscribe((e) => {
    if (e.type !== 'CREDENTIALS_CHANGED') return;
    bumpRevocationEpoch();
    void recheckSockets(); // open subscriptions of a revoked key are closed too
  });
  const onCredentialsChanged = (teamId: string) => {
    bus.publish([{ type: 'CREDENTIALS_CHANGED', eventId: `credentials:${randomUUID()}`, teamId }]).catch((err: unknown) =>
      log.error({ err }, 'could not tell other processes about a revocation; their caches expire within seconds'));
  };
  const defaults = options.backends ? null : defaultBackends(config, db);
  const services = createServices(config, db, options.backends ?? defaults!.backends, { hub, onEvents: relay.kick, onCredentialsChanged }, { webhooks });
  let migrated = false; // migrations never un-apply: checked until they are all there
  const http = await createHttpServer(services, await buildSchema(), log, {
    redis: () => bus.ping(),
    migrations: async () => {
      if (migrated) return;
      const pending = await pendingMigrations(config.DATABASE_URL);
      if (pending.length > 0) throw new Error(`not applied: ${pending.join(', ')}`);
      migrated = true;
    },
  });
  recheckSockets = http.recheckSockets;
  const { server } = http;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}/graphql`;
  return {
    services,
    url,
    setPlaygroundKey: http.setPlaygroundKey,
    stop: async () => {
      // HTTP first (stop accepting, close WebSockets with 1001, let requests finish), then what they used.
      await http.stop();
      await relay.stop();
      await webhooks.close();
      hub.stop();
      forgetKeys();
      await defaults?.close();
      if (!options.bus) await bus.close();
      if (!options.db) await db.$disconnect();
    },
  };
}
