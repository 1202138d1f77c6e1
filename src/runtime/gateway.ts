// Assembles a gateway process on the composition (compose.ts): database client, managers, schema, HTTP server.
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import { createDb, type Db } from '../db/client.js';
import { pendingMigrations } from '../db/admin.js';
import { bumpRevocationEpoch } from '../tenancy/key-cache.js';
import { buildSchema } from '../graphql/schema.js';
import { createHttpServer, type GraphQLCaches } from '../http/server.js';
import { createServices, type Services } from '../services.js';
import { logger, type Logger } from '../shared/logger.js';
import { EventHub } from '../events/hub.js';
import { newPointsOf } from '../metric-series/team-metrics.js';
import { compose, type ComposeOptions } from './compose.js';
import { isSingleProcess } from '../shared/redis-mode.js';

export interface Gateway {
  services: Services;
  url: string;
  /** Presets an API key in the playground (config PLAYGROUND_API_KEY otherwise), e.g. the demo team's. */
  setPlaygroundKey(key: string | undefined): void;
  /** The GraphQL document and compiled-operation caches (tests read their bytes). */
  caches: GraphQLCaches;
  stop(): Promise<void>;
}

export interface GatewayOptions extends Pick<ComposeOptions, 'backends' | 'bus'> {
  config: Config;
  db?: Db;
  /** The read database's client (else made from config DATABASE_READ_URL, when set); closed by the caller. */
  readDb?: Db;
  log?: Logger;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const log = options.log ?? logger();
  const db = options.db ?? createDb({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  // Queries' reads go to DATABASE_READ_URL when set (src/graphql/reads.ts); everything else to the primary.
  const readUrl = config.DATABASE_READ_URL;
  const ownReadDb = !options.readDb && readUrl ? createDb({ url: readUrl, poolSize: config.DATABASE_READ_POOL_SIZE ?? config.DATABASE_POOL_SIZE }) : undefined;
  const readDb = options.readDb ?? ownReadDb ?? db;
  const parts = compose(config, db, log, options);
  const { bus, relay } = parts;
  const hub = new EventHub(bus);
  await hub.start();
  // Revocations reach every process's key cache at once (the cache TTL is the backstop).
  // Removed trusted documents leave every process's document cache the same way.
  let recheckSockets = async (): Promise<void> => {};
  let forgetDocuments = (_teamId: string, _hashes: string[]): void => {};
  const forgetKeys = await bus.subscribe((e) => {
    if (e.type === 'TRUSTED_DOCUMENTS_REMOVED') return forgetDocuments(e.teamId, e.hashes);
    if (e.type !== 'CREDENTIALS_CHANGED') return;
    bumpRevocationEpoch();
    void recheckSockets(); // open subscriptions of a revoked key are closed too
  });
  const onCredentialsChanged = (teamId: string) => {
    bus.publish([{ type: 'CREDENTIALS_CHANGED', eventId: `credentials:${randomUUID()}`, teamId }]).catch((err: unknown) =>
      log.error({ err }, 'could not tell other processes about a revocation; their caches expire within seconds'));
  };
  const onTrustedDocumentsRemoved = (teamId: string, hashes: string[]) => {
    bus.publish([{ type: 'TRUSTED_DOCUMENTS_REMOVED', eventId: `documents:${randomUUID()}`, teamId, hashes }]).catch((err: unknown) =>
      log.error({ err }, 'could not tell other processes about removed trusted documents; their caches expire within a minute'));
  };
  const services = createServices(config, db, parts.backends, { hub, onEvents: relay.kick, onCredentialsChanged, onTrustedDocumentsRemoved }, { webhooks: parts.webhooks }, readDb);
  forgetDocuments = (teamId, hashes) => services.trustedDocuments.forget(teamId, hashes);
  // New points of a team, synced by any process: this process's /metrics/team answer of it is stale.
  const forgetMetrics = await bus.subscribe((e) => {
    const teamId = newPointsOf(e);
    if (teamId) services.teamMetrics.forget(teamId);
  });
  let migrated = false; // migrations never un-apply: checked until they are all there
  const http = await createHttpServer(services, await buildSchema(), log, {
    // Single-process mode has no Redis to check (the bus is this process's).
    ...(isSingleProcess(config) ? {} : { redis: () => bus.ping() }),
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
    caches: http.caches,
    stop: async () => {
      // HTTP first (stop accepting, close WebSockets with 1001, let requests finish), then what they used.
      await http.stop();
      hub.stop();
      forgetKeys();
      forgetMetrics();
      await parts.close();
      if (!options.db) await db.$disconnect();
      await ownReadDb?.$disconnect();
    },
  };
}
