// Whose is a SageMaker schedule found in the team's account? SageMaker names are unique per
// account and region, and several teams of the gateway may share one: a schedule is another
// team's when its name carries that team's prefix (what the gateway names it creates, see
// sagemaker/naming.ts), or when that team already has it (a schedule row of the same SageMaker
// name in the same account and region). Pure.
import { teamTag } from '../sagemaker/naming.js';

/** Another team of the gateway in the same region, with the role ARNs that tell its account. */
export interface RegionTeam {
  id: string;
  awsAssumeRoleArn: string | null;
  awsExecutionRoleArn: string | null;
}

export type Owner = { owner: 'SELF' } | { owner: 'OTHER'; teamId: string; message: string } | null;

const ACCOUNT = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;
const TAG = /^(t[0-9a-f]{8})-/;

/** The 12-digit account of an ARN, or null. */
export const accountOfArn = (arn: string | null | undefined): string | null => (arn ? (ACCOUNT.exec(arn)?.[1] ?? null) : null);

/**
 * The account a team's SageMaker calls reach: the role the gateway assumes for it, else its
 * execution role's (SageMaker runs jobs only with a role of the account it runs in); null when
 * it has neither, so it cannot be told apart from any account.
 */
export const teamAccount = (t: RegionTeam): string | null => accountOfArn(t.awsAssumeRoleArn) ?? accountOfArn(t.awsExecutionRoleArn);

/**
 * `found`: the schedule's name and ARN (its account); `holders`: the teams with a schedule row of
 * that SageMaker name; `others`: the other teams of the gateway in the same region.
 */
export function ownerOf(teamId: string, found: { name: string; arn: string | null }, holders: ReadonlySet<string>, others: readonly RegionTeam[]): Owner {
  if (holders.has(teamId)) return { owner: 'SELF' };
  const tag = TAG.exec(found.name)?.[1];
  if (tag && tag !== teamTag(teamId)) {
    const maker = others.find((o) => teamTag(o.id) === tag);
    if (maker) return { owner: 'OTHER', teamId: maker.id, message: `its name carries the prefix ${tag}- of another team of this gateway, which created it` };
  }
  const account = accountOfArn(found.arn);
  const holder = others.find((o) => holders.has(o.id) && (account === null || teamAccount(o) === null || teamAccount(o) === account));
  if (holder) {
    const where = teamAccount(holder) ? `account ${teamAccount(holder)}` : 'an account its settings do not name (no role ARN)';
    return { owner: 'OTHER', teamId: holder.id, message: `another team of this gateway already has the schedule ${found.name} (${where}, same region)` };
  }
  return null;
}
