// Trusted documents: the GraphQL documents a team registers ahead of time, which its clients
// then run by hash (src/http/trusted.ts). A lookup is cached per process in an LRU bounded by
// bytes (config CACHE_TRUSTED_DOCUMENTS_MB):
// a document's text never changes under its hash, so only removal invalidates, here at once
// and in the other gateway processes through `onRemoved` (the event bus); entries also
// expire after a minute, should an invalidation be lost. Unknown hashes are not cached.
import type { DocumentNode } from 'graphql';
import type { Db } from '../db/client.js';
import type { TrustedDocumentInput } from '../generated/graphql.js';
import type { TrustedDocument } from '../generated/prisma/client.js';
import type { Actor } from '../kernel/caller.js';
import { recordAudit } from '../storage/audit.js';
import { trustedDocumentStorage as storage } from '../storage/trusted-documents.js';
import { assertValid, badInput, type RuleViolation } from '../shared/errors.js';
import { DOCUMENT_BYTES_PER_CHAR, Lru } from '../shared/lru.js';
import { pagedConnection, toPage, type PageArgs } from '../shared/pagination.js';
import { SHA256_HEX, sha256Hex } from './manifest.js';

const CACHE_TTL_MS = 60_000;
export const MAX_DOCUMENTS_PER_CALL = 1_000;

/** Whether a body may be registered: the name of its first operation, or what is wrong with it. */
export type DocumentCheck = (body: string) => { name: string | null } | { problem: string };

/** A document found by hash. `parsed` is filled by whoever parses and validates it first (subscriptions). */
export interface FoundDocument {
  readonly body: string;
  parsed?: DocumentNode;
}

interface Entry extends FoundDocument {
  readonly expiresAt: number;
}

/** Hashes are written hex; the GraphQL-over-HTTP form's `sha256:` prefix is accepted too. */
const normalHash = (hash: string): string => hash.replace(/^sha256:/i, '').toLowerCase();

function hashProblem(field: string, given: string, hash: string, body: string): RuleViolation | null {
  if (!SHA256_HEX.test(hash)) {
    const sha1 = /^[0-9a-f]{40}$/.test(hash) ? ': this looks like sha1, graphql-codegen\'s default; set persistedDocuments: { hashAlgorithm: \'sha256\' }' : '';
    return { field, message: `${field} must be the sha256 of the body, 64 hex digits (got "${given.slice(0, 80)}")${sha1}` };
  }
  const actual = sha256Hex(body);
  return actual === hash ? null : { field, message: `${field} is not the sha256 of the body (its UTF-8 bytes, exactly as sent): that is ${actual}` };
}

export class TrustedDocumentManager {
  /**
   * An entry's estimate: its text (one byte a character) and the parsed document subscriptions
   * may add to it (counted from the start, as it is added after the entry is stored).
   */
  readonly #cache: Lru<Entry>;
  /** Moves on every invalidation: a lookup that read the database before one does not store what it read. */
  #generation = 0;

  constructor(private readonly db: Db, maxBytes: number, private readonly onRemoved?: (teamId: string, hashes: string[]) => void) {
    this.#cache = new Lru<Entry>({ maxBytes, sizeOf: (e) => e.body.length * (1 + DOCUMENT_BYTES_PER_CHAR) });
  }

  /** Estimated bytes of the cached documents, never above the bound. */
  get cacheBytes(): number {
    return this.#cache.bytes;
  }

  list(teamId: string, args: PageArgs) {
    const page = toPage(args);
    return pagedConnection(args, page, storage.list(this.db, teamId, page), () => storage.count(this.db, teamId), (d) => d.createdAt);
  }

  /** The team's document of `hash` (hex, or `sha256:<hex>`), or null. */
  async find(teamId: string, hash: string, now = Date.now()): Promise<FoundDocument | null> {
    const hex = normalHash(hash);
    if (!SHA256_HEX.test(hex)) return null;
    const key = `${teamId}\n${hex}`;
    const hit = this.#cache.get(key);
    if (hit && hit.expiresAt > now) return hit;
    const generation = this.#generation;
    const [row] = await storage.byHashes(this.db, teamId, [hex]);
    if (!row) return null;
    const entry: Entry = { body: row.body, expiresAt: now + CACHE_TTL_MS };
    if (generation === this.#generation) this.#cache.set(key, entry);
    return entry;
  }

  /** Drops cached documents of the team (this process); the event bus calls it for the others' removals. */
  forget(teamId: string, hashes: readonly string[]): void {
    this.#generation++;
    for (const hash of hashes) this.#cache.delete(`${teamId}\n${hash}`);
  }

  /** Registers the documents not registered yet; nothing at all when one is refused (BAD_USER_INPUT naming it). */
  async register(actor: Actor, documents: readonly TrustedDocumentInput[], check: DocumentCheck) {
    if (documents.length === 0 || documents.length > MAX_DOCUMENTS_PER_CALL) {
      throw badInput('documents', `documents must hold 1 to ${MAX_DOCUMENTS_PER_CALL} documents (got ${documents.length}); send a larger manifest in several calls`);
    }
    const problems: RuleViolation[] = [];
    const checked = documents.map((d, i) => {
      const hash = normalHash(d.hash);
      const wrongHash = hashProblem(`documents[${i}].hash`, d.hash, hash, d.body);
      if (wrongHash) problems.push(wrongHash);
      const result = wrongHash ? { name: null } : check(d.body);
      if ('problem' in result) problems.push({ field: `documents[${i}].body`, message: `documents[${i}].body is not a document this gateway can run: ${result.problem}` });
      return { hash, body: d.body, name: 'name' in result ? result.name : null };
    });
    assertValid(problems);
    const unique = [...new Map(checked.map((d) => [d.hash, d])).values()];
    const rows = await this.db.$transaction(async (tx) => {
      const added = await storage.add(tx, actor.teamId, unique);
      for (const row of added) await recordAudit(tx, actor, { action: 'trustedDocument.register', targetType: 'TrustedDocument', targetId: row.id, after: audited(row) });
      return { added: added.length, all: await storage.byHashes(tx, actor.teamId, unique.map((d) => d.hash)) };
    });
    const byHash = new Map(rows.all.map((r) => [r.hash, r]));
    return { documents: checked.map((d) => byHash.get(d.hash) as TrustedDocument), added: rows.added };
  }

  /** Removes the team's documents of these hashes; unknown ones are ignored, malformed ones refused (BAD_USER_INPUT). Returns the hashes removed. */
  async remove(actor: Actor, hashes: readonly string[]) {
    if (hashes.length > MAX_DOCUMENTS_PER_CALL) throw badInput('hashes', `hashes may name at most ${MAX_DOCUMENTS_PER_CALL} documents (got ${hashes.length})`);
    // A hash that cannot name a document is a mistake of the caller's, not an unknown document.
    assertValid(hashes.flatMap((given, i) => (SHA256_HEX.test(normalHash(given)) ? [] : [{
      field: `hashes[${i}]`, message: `hashes[${i}] must be a sha256, 64 hex digits (or sha256:<hex>) (got "${given.slice(0, 80)}")`,
    }])));
    const wanted = [...new Set(hashes.map(normalHash))];
    const removed = await this.db.$transaction(async (tx) => {
      const rows = await storage.byHashes(tx, actor.teamId, wanted);
      if (rows.length === 0) return [];
      await storage.remove(tx, rows.map((r) => r.id));
      for (const row of rows) await recordAudit(tx, actor, { action: 'trustedDocument.remove', targetType: 'TrustedDocument', targetId: row.id, before: audited(row) });
      return rows.map((r) => r.hash);
    });
    if (removed.length > 0) {
      this.forget(actor.teamId, removed);
      this.onRemoved?.(actor.teamId, removed);
    }
    return { removed };
  }
}

/** The audit snapshot: `hash` is a redacted name there (API keys' secrets), so it goes as sha256. */
const audited = ({ hash, ...row }: TrustedDocument) => ({ ...row, sha256: hash });
