import type { MutationResolvers } from '../../resolvers-types.js';
import { updateTeamAwsSettings as update } from '../../../tenancy/aws-settings.js';

export const updateTeamAwsSettings: MutationResolvers['updateTeamAwsSettings'] = (_parent, { input }, ctx) =>
  update(ctx.services.db, ctx.actor('ADMIN', 'updateTeamAwsSettings'), input);
