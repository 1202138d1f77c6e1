// The backends a process uses unless told otherwise.
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { SageMakerBackend } from '../sagemaker/backend.js';
import { createEngine, type Engine } from '../engine/backend/wiring.js';
import { loadTeamAwsSettings } from '../tenancy/aws-settings.js';
import { instrumented } from './instrumented.js';
import type { Backends } from './types.js';

/**
 * SAGEMAKER: Model Monitor in each team's account (its AWS settings, credentials from
 * this process's AWS chain). BUILTIN: the gateway's own engine, queueing its jobs for
 * the workers.
 */
export function defaultBackends(config: Config, db: Db, engine: Engine = createEngine(config, db)): { backends: Backends; close(): Promise<void> } {
  return {
    backends: {
      SAGEMAKER: instrumented(new SageMakerBackend({ settings: (teamId) => loadTeamAwsSettings(db, teamId) })),
      BUILTIN: instrumented(engine.backend),
    },
    close: () => engine.close(),
  };
}
