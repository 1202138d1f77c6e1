// Assembles a gateway process: database client, backends, managers, schema, HTTP server.
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createDb, type Db } from './db/client.js';
import { InProcessBackend } from './backends/in-process.js';
import { SageMakerBackend } from './sagemaker/backend.js';
import { loadTeamAwsSettings } from './tenancy/aws-settings.js';
import type { Backends } from './backends/types.js';
import { buildSchema } from './graphql/schema.js';
import { createHttpServer } from './http/server.js';
import { createServices, type Services } from './services.js';
import { logger, type Logger } from './shared/logger.js';

export interface Gateway {
  services: Services;
  url: string;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  config: Config;
  backends?: Backends;
  db?: Db;
  log?: Logger;
}

/**
 * SAGEMAKER: Model Monitor in each team's account (its AWS settings, credentials from
 * this process's AWS chain). BUILTIN: the in-process backend until the engine is wired.
 */
export function defaultBackends(db: Db): Backends {
  return {
    SAGEMAKER: new SageMakerBackend({ settings: (teamId) => loadTeamAwsSettings(db, teamId) }),
    BUILTIN: new InProcessBackend('BUILTIN'),
  };
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const log = options.log ?? logger();
  const db = options.db ?? createDb({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  const services = createServices(config, db, options.backends ?? defaultBackends(db));
  const { server, apollo } = await createHttpServer(services, await buildSchema(), log);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}/graphql`;
  return {
    services,
    url,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await apollo.stop();
      if (!options.db) await db.$disconnect();
    },
  };
}
