// A team's SageMaker account settings: validated, audited, and turned into what the
// SageMaker backend needs. Nothing secret is stored here.
import type { Db } from '../db/client.js';
import { recordAudit } from '../storage/audit.js';
import { tenancyStorage } from '../storage/tenancy.js';
import type { Team } from '../generated/prisma/client.js';
import type { UpdateTeamAwsSettingsInput } from '../generated/graphql.js';
import { checkRoleArn } from '../kernel/rules/patterns.js';
import { AppError, ErrorCode, assertValid, type RuleViolation } from '../shared/errors.js';
import type { TeamAwsSettings } from '../sagemaker/clients.js';
import type { Actor } from '../kernel/caller.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const URL_PATTERN = /^https?:\/\/[^\s/$.?#][^\s]*$/;

const FIELDS = ['region', 'executionRoleArn', 'assumeRoleArn', 'externalId', 'endpointUrl', 's3EndpointUrl'] as const;
type Field = (typeof FIELDS)[number];
const COLUMN: Record<Field, keyof Team> = {
  region: 'awsRegion', executionRoleArn: 'awsExecutionRoleArn', assumeRoleArn: 'awsAssumeRoleArn',
  externalId: 'awsExternalId', endpointUrl: 'awsEndpointUrl', s3EndpointUrl: 'awsS3EndpointUrl',
};

export function checkAwsSettings(input: UpdateTeamAwsSettingsInput): RuleViolation[] {
  const out: RuleViolation[] = [];
  const f = (name: Field) => `input.${name}`;
  if (input.region != null && !REGION.test(input.region)) out.push({ field: f('region'), message: `"${input.region}" is not an AWS region such as us-east-1` });
  if (input.executionRoleArn != null) out.push(...checkRoleArn(f('executionRoleArn'), input.executionRoleArn));
  if (input.assumeRoleArn != null) out.push(...checkRoleArn(f('assumeRoleArn'), input.assumeRoleArn));
  if (input.externalId != null && !EXTERNAL_ID.test(input.externalId)) {
    out.push({ field: f('externalId'), message: 'externalId must be 2-1224 characters of letters, digits and +=,.@:/-_' });
  }
  for (const name of ['endpointUrl', 's3EndpointUrl'] as const) {
    const v = input[name];
    if (v != null && (v.length > 512 || !URL_PATTERN.test(v))) out.push({ field: f(name), message: `${name} must be an http(s) URL` });
  }
  return out;
}

export async function updateTeamAwsSettings(db: Db, actor: Actor, input: UpdateTeamAwsSettingsInput): Promise<Team> {
  assertValid(checkAwsSettings(input));
  const data: Record<string, string | null> = {};
  for (const name of FIELDS) {
    const v = input[name];
    if (v !== undefined) data[COLUMN[name]] = v;
  }
  return db.$transaction(async (tx) => {
    const before = await tenancyStorage.team(tx, actor.teamId);
    const team = await tenancyStorage.updateTeam(tx, actor.teamId, data);
    await recordAudit(tx, actor, { action: 'team.updateAwsSettings', targetType: 'Team', targetId: team.id, before, after: team });
    return team;
  });
}

export function awsSettingsOf(team: Team) {
  return {
    region: team.awsRegion, executionRoleArn: team.awsExecutionRoleArn, assumeRoleArn: team.awsAssumeRoleArn,
    externalId: team.awsExternalId, endpointUrl: team.awsEndpointUrl, s3EndpointUrl: team.awsS3EndpointUrl,
  };
}

/** What the SageMaker backend needs; a team without a region cannot use SAGEMAKER yet. */
export async function loadTeamAwsSettings(db: Db, teamId: string): Promise<TeamAwsSettings> {
  const team = await tenancyStorage.team(db, teamId);
  const s = awsSettingsOf(team);
  if (!s.region) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'The team has no AWS region for SAGEMAKER monitors: set it with updateTeamAwsSettings', { field: 'awsSettings.region' });
  }
  return { ...s, region: s.region };
}
