import type { Resolvers } from '../../resolvers-types.js';
import { notFound } from '../../../shared/errors.js';
import { awsSettingsOf } from '../../../tenancy/aws-settings.js';

export const tenancyTypes: Resolvers = {
  Query: {
    viewer: (_parent, _args, ctx) => {
      ctx.actor('VIEWER', 'viewer');
      if (ctx.caller.kind !== 'key') throw new Error('unreachable: actor() admits only API keys');
      return { caller: ctx.caller };
    },
  },
  Viewer: {
    team: (v, _args, ctx) => ctx.services.tenancy.team(v.caller.teamId),
    role: (v) => v.caller.role,
    apiKey: async (v, _args, ctx) => {
      const key = await ctx.services.tenancy.key(v.caller.teamId, v.caller.keyId);
      if (!key) throw notFound('ApiKey', v.caller.keyId);
      return key;
    },
  },
  Team: {
    members: (team, args, ctx) => {
      ctx.actor('VIEWER', 'Team.members');
      return ctx.services.tenancy.members(team.id, args);
    },
    awsSettings: (team) => awsSettingsOf(team),
    apiKeys: (team, args, ctx) => {
      ctx.actor('ADMIN', 'Team.apiKeys');
      return ctx.services.tenancy.apiKeys(team.id, args.includeRevoked ?? false, args);
    },
  },
  ApiKey: {
    member: (key, _args, ctx) => (key.memberId ? ctx.loaders.member.load(key.memberId) : null),
  },
};
