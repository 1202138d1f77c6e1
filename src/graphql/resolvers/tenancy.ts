// Teams, members and API keys in GraphQL: queries, type fields and mutations, each a thin call into the domain.
import { requireAdminToken } from '../../kernel/caller.js';
import { notFound } from '../../shared/errors.js';
import { awsSettingsOf, updateTeamAwsSettings as update } from '../../tenancy/aws-settings.js';
import { retentionOf, updateTeamRetention as updateRetention } from '../../tenancy/retention.js';
import { issueBreakGlassKey as issue } from '../../tenancy/break-glass.js';
import { counted } from '../prefetch.js';
import type { MutationResolvers, Resolvers } from '../resolvers-types.js';

const reads: Resolvers = {
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
    members: (team, args, ctx, info) => {
      ctx.actor('VIEWER', 'Team.members');
      return ctx.services.tenancy.members(team.id, { ...args, counted: counted(info) });
    },
    awsSettings: (team) => awsSettingsOf(team),
    retention: (team) => retentionOf(team),
    apiKeys: (team, args, ctx, info) => {
      ctx.actor('ADMIN', 'Team.apiKeys');
      return ctx.services.tenancy.apiKeys(team.id, args.includeRevoked ?? false, { ...args, counted: counted(info) });
    },
  },
  ApiKey: {
    member: (key, _args, ctx) => (key.memberId ? ctx.loaders.member.load(key.memberId) : null),
  },
};

const addMember: MutationResolvers['addMember'] = (_parent, { input }, ctx) =>
  ctx.services.tenancy.addMember(ctx.actor('ADMIN', 'addMember'), input);

const createApiKey: MutationResolvers['createApiKey'] = (_parent, { input }, ctx) =>
  ctx.services.tenancy.createApiKey(ctx.actor('ADMIN', 'createApiKey'), input);

const createTeam: MutationResolvers['createTeam'] = async (_parent, { input }, ctx) => {
  requireAdminToken(ctx.caller, 'createTeam');
  return ctx.services.tenancy.createTeam(input, ctx.requestId);
};

const issueBreakGlassKey: MutationResolvers['issueBreakGlassKey'] = async (_parent, { teamId, reason }, ctx) => {
  requireAdminToken(ctx.caller, 'issueBreakGlassKey');
  return issue(ctx.services.db, ctx.services.config.API_KEY_PEPPER, { teamId, reason }, ctx.requestId);
};

const removeMember: MutationResolvers['removeMember'] = (_parent, { id }, ctx) =>
  ctx.services.tenancy.removeMember(ctx.actor('ADMIN', 'removeMember'), id);

const revokeApiKey: MutationResolvers['revokeApiKey'] = (_parent, { id }, ctx) =>
  ctx.services.tenancy.revokeApiKey(ctx.actor('ADMIN', 'revokeApiKey'), id);

const updateMember: MutationResolvers['updateMember'] = (_parent, { id, input }, ctx) =>
  ctx.services.tenancy.updateMember(ctx.actor('ADMIN', 'updateMember'), id, input);

const updateTeam: MutationResolvers['updateTeam'] = (_parent, { input }, ctx) =>
  ctx.services.tenancy.updateTeam(ctx.actor('ADMIN', 'updateTeam'), input);

const updateTeamAwsSettings: MutationResolvers['updateTeamAwsSettings'] = (_parent, { input }, ctx) =>
  update(ctx.services.db, ctx.actor('ADMIN', 'updateTeamAwsSettings'), input);

const updateTeamRetention: MutationResolvers['updateTeamRetention'] = (_parent, { input }, ctx) =>
  updateRetention(ctx.services.db, ctx.actor('ADMIN', 'updateTeamRetention'), input);

export const tenancyResolvers: Resolvers[] = [
  reads,
  { Mutation: { createTeam, updateTeam, updateTeamAwsSettings, updateTeamRetention, createApiKey, revokeApiKey, addMember, updateMember, removeMember, issueBreakGlassKey } },
];
