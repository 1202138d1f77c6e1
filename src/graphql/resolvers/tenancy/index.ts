import type { Resolvers } from '../../resolvers-types.js';
import { addMember } from './addMember.js';
import { createApiKey } from './createApiKey.js';
import { createTeam } from './createTeam.js';
import { issueBreakGlassKey } from './issueBreakGlassKey.js';
import { removeMember } from './removeMember.js';
import { revokeApiKey } from './revokeApiKey.js';
import { tenancyTypes } from './types.js';
import { updateMember } from './updateMember.js';
import { updateTeam } from './updateTeam.js';
import { updateTeamAwsSettings } from './updateTeamAwsSettings.js';

export const tenancyResolvers: Resolvers[] = [
  tenancyTypes,
  { Mutation: { createTeam, updateTeam, updateTeamAwsSettings, createApiKey, revokeApiKey, addMember, updateMember, removeMember, issueBreakGlassKey } },
];
