import type { MutationResolvers } from '../../generated/graphql.js';
import { updateTeamAwsSettings as update } from '../aws-settings.js';

export const updateTeamAwsSettings: MutationResolvers['updateTeamAwsSettings'] = (_parent, { input }, ctx) =>
  update(ctx.services.db, ctx.actor('ADMIN', 'updateTeamAwsSettings'), input);
