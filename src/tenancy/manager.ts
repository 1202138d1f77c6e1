// Business rules for teams, members and API keys.
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { cacheBounds, type Config } from '../config.js';
import { recordAudit } from '../storage/audit.js';
import type { Backend, Role } from '../generated/prisma/client.js';
import { assertValid, badInput, conflict, notFound } from '../shared/errors.js';
import { requireId } from '../shared/ids.js';
import { pagedConnection, toPage, type PageArgs } from '../shared/pagination.js';
import type { Actor, Caller } from '../kernel/caller.js';
import { KeyCache, bumpRevocationEpoch } from './key-cache.js';
import { generateKey, hashKey, tokenMatches } from './keys.js';
import { roleAtLeast } from '../kernel/roles.js';
import { checkText } from './rules.js';
import { tenancyStorage as storage } from '../storage/tenancy.js';

const SLUG = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;
const BEARER = /^Bearer\s+(\S+)$/i;

const lower = (a: Role, b: Role): Role => (roleAtLeast(a, b) ? b : a);

export class TenancyManager {
  /** Verified keys (hash → caller) for a few seconds; see key-cache.ts for why that is safe. */
  private readonly keys: KeyCache;

  /** `onCredentialsChanged` tells the other processes (their caches must forget keys too). */
  constructor(private readonly db: Db, private readonly config: Config, private readonly onCredentialsChanged?: (teamId: string) => void) {
    this.keys = new KeyCache({ maxBytes: cacheBounds(config).apiKeys });
  }

  /** Changes that may revoke a key or lower its role: key caches are emptied once they are done. */
  private async revoking<T>(teamId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      bumpRevocationEpoch();
      this.onCredentialsChanged?.(teamId);
    }
  }

  /** Resolves the Authorization header. Should not throw: bad credentials give an anonymous caller. */
  async authenticate(header: string | undefined, now = new Date()): Promise<Caller> {
    if (!header) return { kind: 'anonymous', reason: 'Missing Authorization header: send "Authorization: Bearer <API key>"' };
    const token = BEARER.exec(header)?.[1];
    if (!token) return { kind: 'anonymous', reason: 'Authorization header must be "Bearer <API key>"' };
    const admin = this.config.ADMIN_TOKEN;
    if (admin && tokenMatches(admin, token)) return { kind: 'admin-token' };
    const hash = hashKey(this.config.API_KEY_PEPPER, token);
    return this.keys.resolve(hash, now.getTime(), () => this.verifyKey(hash, now));
  }

  /** The database side of authenticate, on a cache miss (at most once per key and TTL in this process). */
  private async verifyKey(hash: string, now: Date): Promise<Caller> {
    const key = await storage.findKeyByHash(this.db, hash);
    if (!key) {
      // The stored admin token counts when ADMIN_TOKEN is unset; never cached, so a rotation acts at once.
      if (!this.config.ADMIN_TOKEN && (await storage.adminTokenExists(this.db, hash))) return { kind: 'admin-token' };
      return { kind: 'anonymous', reason: 'Unknown API key' };
    }
    if (key.revokedAt) return { kind: 'anonymous', reason: 'This API key was revoked' };
    // lastUsedAt is kept to the minute: written only on a miss, and only when a minute old.
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) await storage.touchKey(this.db, key.id, now);
    const role = key.member ? lower(key.role, key.member.role) : key.role;
    return { kind: 'key', teamId: key.teamId, keyId: key.id, memberId: key.memberId, role, trustedOnly: key.trustedOnly };
  }

  async createTeam(input: { slug: string; displayName: string; defaultBackend?: Backend | null }, requestId: string) {
    assertValid([
      ...(SLUG.test(input.slug) ? [] : [{ field: 'input.slug', message: 'slug must be 3 to 40 lowercase letters, digits or hyphens, starting and ending with a letter or digit' }]),
      ...checkText('input.displayName', input.displayName, 100),
    ]);
    const key = generateKey(this.config.API_KEY_PEPPER);
    try {
      return await this.db.$transaction(async (tx) => {
        const team = await storage.createTeam(tx, {
          slug: input.slug,
          displayName: input.displayName.trim(),
          defaultBackend: input.defaultBackend ?? this.config.DEFAULT_BACKEND,
        });
        const apiKey = await storage.createKey(tx, { teamId: team.id, memberId: null, name: 'initial admin key', role: 'ADMIN', prefix: key.prefix, hash: key.hash });
        const actor: Actor = { teamId: team.id, role: 'ADMIN', keyId: null, memberId: null, label: 'admin-token', requestId };
        await recordAudit(tx, actor, { action: 'team.create', targetType: 'Team', targetId: team.id, after: team });
        await recordAudit(tx, actor, { action: 'apiKey.create', targetType: 'ApiKey', targetId: apiKey.id, after: apiKey });
        return { team, apiKey, secret: key.secret };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A team with slug "${input.slug}" already exists`, 'input.slug');
      throw error;
    }
  }

  async updateTeam(actor: Actor, input: { displayName?: string | null; defaultBackend?: Backend | null }) {
    if (input.displayName != null) assertValid(checkText('input.displayName', input.displayName, 100));
    return this.db.$transaction(async (tx) => {
      const before = await storage.team(tx, actor.teamId);
      const team = await storage.updateTeam(tx, actor.teamId, {
        ...(input.displayName != null ? { displayName: input.displayName.trim() } : {}),
        ...(input.defaultBackend != null ? { defaultBackend: input.defaultBackend } : {}),
      });
      await recordAudit(tx, actor, { action: 'team.update', targetType: 'Team', targetId: team.id, before, after: team });
      return team;
    });
  }

  async createApiKey(actor: Actor, input: { name: string; role: Role; memberId?: string | null; trustedOnly?: boolean | null }) {
    assertValid(checkText('input.name', input.name, 100));
    if (!roleAtLeast(actor.role, input.role)) {
      throw badInput('input.role', `A key with role ${actor.role} cannot create a key with the higher role ${input.role}`);
    }
    const key = generateKey(this.config.API_KEY_PEPPER);
    return this.db.$transaction(async (tx) => {
      let memberId: string | null = null;
      if (input.memberId != null) {
        const member = await storage.member(tx, actor.teamId, requireId('Member', input.memberId));
        if (!member) throw notFound('Member', input.memberId);
        if (!roleAtLeast(member.role, input.role)) {
          throw badInput('input.role', `The key's role ${input.role} is above the member's role ${member.role}`);
        }
        memberId = member.id;
      }
      const apiKey = await storage.createKey(tx, {
        teamId: actor.teamId, memberId, name: input.name.trim(), role: input.role, prefix: key.prefix, hash: key.hash, trustedOnly: input.trustedOnly ?? false,
      });
      await recordAudit(tx, actor, { action: 'apiKey.create', targetType: 'ApiKey', targetId: apiKey.id, after: apiKey });
      return { apiKey, secret: key.secret };
    });
  }

  /** Idempotent: revoking a revoked key returns it unchanged (and audits nothing). */
  async revokeApiKey(actor: Actor, id: string) {
    return this.revoking(actor.teamId, () => this.db.$transaction(async (tx) => {
      const before = await storage.key(tx, actor.teamId, requireId('ApiKey', id));
      if (!before) throw notFound('ApiKey', id);
      if (before.revokedAt) return before;
      const after = await storage.revokeKey(tx, before.id, new Date());
      await recordAudit(tx, actor, { action: 'apiKey.revoke', targetType: 'ApiKey', targetId: after.id, before, after });
      return after;
    }));
  }

  async addMember(actor: Actor, input: { email: string; displayName: string; role: Role }) {
    const email = input.email.trim().toLowerCase();
    assertValid([
      ...(EMAIL.test(email) ? [] : [{ field: 'input.email', message: `"${input.email}" is not an email address` }]),
      ...checkText('input.displayName', input.displayName, 100),
    ]);
    try {
      return await this.db.$transaction(async (tx) => {
        const member = await storage.createMember(tx, { teamId: actor.teamId, email, displayName: input.displayName.trim(), role: input.role });
        await recordAudit(tx, actor, { action: 'member.add', targetType: 'Member', targetId: member.id, after: member });
        return member;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`${email} is already a member of this team`, 'input.email');
      throw error;
    }
  }

  async updateMember(actor: Actor, id: string, input: { displayName?: string | null; role?: Role | null }) {
    if (input.displayName != null) assertValid(checkText('input.displayName', input.displayName, 100));
    return this.revoking(actor.teamId, () => this.db.$transaction(async (tx) => {
      const before = await storage.member(tx, actor.teamId, requireId('Member', id));
      if (!before) throw notFound('Member', id);
      const after = await storage.updateMember(tx, before.id, {
        ...(input.displayName != null ? { displayName: input.displayName.trim() } : {}),
        ...(input.role != null ? { role: input.role } : {}),
      });
      await recordAudit(tx, actor, { action: 'member.update', targetType: 'Member', targetId: after.id, before, after });
      return after;
    }));
  }

  async removeMember(actor: Actor, id: string) {
    return this.revoking(actor.teamId, () => this.db.$transaction(async (tx) => {
      const before = await storage.member(tx, actor.teamId, requireId('Member', id));
      if (!before) throw notFound('Member', id);
      await storage.revokeMemberKeys(tx, before.id, new Date());
      await storage.deleteMember(tx, before.id);
      await recordAudit(tx, actor, { action: 'member.remove', targetType: 'Member', targetId: before.id, before });
      return { id: before.id };
    }));
  }

  team(teamId: string) {
    return storage.team(this.db, teamId);
  }

  async members(teamId: string, args: PageArgs) {
    const page = toPage(args);
    return pagedConnection(args, page, storage.listMembers(this.db, teamId, page), () => storage.countMembers(this.db, teamId), (m) => m.createdAt);
  }

  async apiKeys(teamId: string, includeRevoked: boolean, args: PageArgs) {
    const page = toPage(args);
    return pagedConnection(args, page, storage.listKeys(this.db, teamId, includeRevoked, page), () => storage.countKeys(this.db, teamId, includeRevoked), (k) => k.createdAt);
  }

  key(teamId: string, id: string) {
    return storage.key(this.db, teamId, id);
  }
}
