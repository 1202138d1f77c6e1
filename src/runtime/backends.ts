// The backends a process uses unless told otherwise.
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { instrumented } from '../backends/instrumented.js';
import type { Backends } from '../backends/types.js';
import { createEngine, type Engine } from './engine.js';
import { SageMakerBackend } from '../sagemaker/backend.js';
import { loadTeamAwsSettings } from '../tenancy/aws-settings.js';

/**
 * SAGEMAKER: Model Monitor in each team's account (its AWS settings, credentials from
 * this process's AWS chain). BUILTIN: the gateway's own engine, queueing its jobs for
 * the workers. `engine`: the caller's (it closes it); otherwise one is made, closed by close().
 */
export function defaultBackends(config: Config, db: Db, engine?: Engine): { backends: Backends; close(): Promise<void> } {
  const builtin = engine ?? createEngine(config, db);
  return {
    backends: {
      SAGEMAKER: instrumented(new SageMakerBackend({ settings: (teamId) => loadTeamAwsSettings(db, teamId) })),
      BUILTIN: instrumented(builtin.backend),
    },
    close: async () => {
      if (!engine) await builtin.close();
    },
  };
}
