// GraphQL parent types of the tenancy domain: the database rows themselves.
import type { ApiKey, Member, Team } from '../../generated/prisma/client.js';
import type { KeyCaller } from '../../kernel/caller.js';

export type TeamParent = Team;
export type MemberParent = Member;
export type ApiKeyParent = ApiKey;
export interface ViewerParent {
  caller: KeyCaller;
}
