// The SageMaker import in GraphQL: one mutation, a thin call into the domain.
import type { MutationResolvers, Resolvers } from '../resolvers-types.js';

const importSageMakerSchedules: MutationResolvers['importSageMakerSchedules'] = (_parent, { teamId, dryRun }, ctx) =>
  ctx.services.imports.importSageMakerSchedules(ctx.actor('ADMIN', 'importSageMakerSchedules'), teamId, dryRun ?? false);

export const importResolvers: Resolvers[] = [{ Mutation: { importSageMakerSchedules } }];
