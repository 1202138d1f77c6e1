// Trusted documents at the door (src/trusted-documents/manager.ts holds them). A request naming
// a document by hash, in Apollo's form (extensions.persistedQuery { version: 1, sha256Hash })
// or the GraphQL-over-HTTP one (documentId "sha256:<hex>", or the bare hex), gets its team's
// registered text in place of the hash before Apollo or graphql-ws parses anything; an unknown
// hash is PERSISTED_QUERY_NOT_FOUND (HTTP 404, as Apollo's router answers). With config
// TRUSTED_DOCUMENTS=enforce, a document's text from a trustedOnly key is TRUSTED_DOCUMENT_REQUIRED
// (HTTP 400). Apollo's own APQ is off (server.ts): it lets any client register by sending a
// hash with its text, which would make the list worthless.
import { GraphQLError, parse, validate, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Caller } from '../kernel/caller.js';
import type { Services } from '../services.js';
import { ErrorCode } from '../shared/errors.js';
import { rateLimited } from '../graphql/limits.js';
import type { FoundDocument } from '../trusted-documents/manager.js';
import { dropTokens } from '../graphql/document-store.js';

export interface Refusal {
  status: number;
  error: GraphQLFormattedError;
}

/** A request's fields that name its document: from a POST body, a GET query string or a graphql-ws payload. */
interface Fields {
  query?: unknown;
  extensions?: unknown;
  documentId?: unknown;
}

type Decision = { run: FoundDocument } | { refusal: Refusal } | { pass: true };

const refuse = (status: number, code: string, message: string): { refusal: Refusal } => ({ refusal: { status, error: { message, extensions: { code } } } });
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const HOW = 'extensions: { persistedQuery: { version: 1, sha256Hash: "<hex>" } } or documentId: "sha256:<hex>"';

/** The hash a request names (undefined: none), or the refusal of a malformed one. */
function namedHash(fields: Fields): string | undefined | { refusal: Refusal } {
  const pq = isRecord(fields.extensions) ? fields.extensions['persistedQuery'] : undefined;
  let fromApollo: string | undefined;
  if (pq !== undefined && pq !== null) {
    if (!isRecord(pq) || pq['version'] !== 1 || typeof pq['sha256Hash'] !== 'string') return refuse(400, 'BAD_REQUEST', `extensions.persistedQuery must be { version: 1, sha256Hash: "<hex>" }`);
    fromApollo = pq['sha256Hash'];
  }
  const id = fields.documentId;
  if (id === undefined || id === null) return fromApollo;
  if (typeof id !== 'string' || (id.includes(':') && !id.startsWith('sha256:'))) return refuse(400, 'BAD_REQUEST', 'documentId must be "sha256:<hex>" (or the hex alone)');
  const fromId = id.replace(/^sha256:/, '');
  if (fromApollo !== undefined && fromApollo !== fromId) return refuse(400, 'BAD_REQUEST', 'documentId and extensions.persistedQuery name different documents; send one of them');
  return fromId;
}

/** What to do with a request of `caller` (undefined: authentication failed, which the context reports). */
async function decide(services: Services, caller: Caller | undefined, fields: Fields, admitted: () => Promise<boolean>): Promise<Decision> {
  const hash = namedHash(fields);
  if (typeof hash === 'object') return hash;
  const hasText = typeof fields.query === 'string' && fields.query !== '';
  if (hash !== undefined) {
    if (hasText) return refuse(400, 'BAD_REQUEST', `Send a document's text (query) or its hash (${HOW}), not both`);
    if (!caller) return { pass: true };
    if (caller.kind !== 'key') return refuse(401, ErrorCode.UNAUTHENTICATED, `Trusted documents belong to a team: send its API key (Authorization: Bearer mmg_…) with the hash`);
    // Over its budget: Apollo's context refuses it (RATE_LIMITED) without a lookup.
    if (!(await admitted())) return { pass: true };
    const found = await services.trustedDocuments.find(caller.teamId, hash);
    if (!found) return refuse(404, ErrorCode.PERSISTED_QUERY_NOT_FOUND, `PersistedQueryNotFound: the team has no trusted document with the hash "${hash.slice(0, 80)}"; register it first (registerTrustedDocuments, or npm run documents:register)`);
    return { run: found };
  }
  if (hasText && caller?.kind === 'key' && caller.trustedOnly && services.config.TRUSTED_DOCUMENTS === 'enforce') {
    return refuse(400, ErrorCode.TRUSTED_DOCUMENT_REQUIRED, `This API key runs only its team's trusted documents: send the document's hash (${HOW}) instead of its text, after registering it (registerTrustedDocuments)`);
  }
  return { pass: true };
}

const withoutPersistedQuery = (extensions: unknown): Record<string, unknown> | undefined => {
  if (!isRecord(extensions)) return undefined;
  const { persistedQuery: _dropped, ...rest } = extensions;
  return Object.keys(rest).length > 0 ? rest : undefined;
};

/** The JSON of a GET's `extensions` parameter, when it is one. */
function jsonParam(text: string | null): unknown {
  try {
    return text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined; // Apollo refuses it
  }
}

/**
 * The HTTP request as Apollo should see it: the document's text as `query` in place of a hash,
 * or unchanged; or a refusal. `caller` settles once the request is authenticated; `admit` takes
 * the request's rate-limit token (once per request, rejecting when over budget), before a lookup.
 */
export async function trustedHttpRequest(services: Services, caller: Promise<Caller>, method: string, url: URL, body: unknown, admit: () => Promise<void>): Promise<{ url: URL; body: unknown } | Refusal> {
  const known = caller.catch(() => undefined); // the context reports a failure (and the rejection is handled)
  const get = method === 'GET';
  if (!get && !isRecord(body)) return { url, body };
  const params = url.searchParams;
  const fields: Fields = get
    ? { query: params.get('query') ?? undefined, extensions: jsonParam(params.get('extensions')), documentId: params.get('documentId') ?? undefined }
    : (body as Fields);
  const decision = await decide(services, await known, fields, () => admit().then(() => true, () => false));
  if ('refusal' in decision) return decision.refusal;
  if ('pass' in decision) return { url, body };
  const extensions = withoutPersistedQuery(fields.extensions);
  if (!get) {
    const { documentId: _id, extensions: _ext, ...rest } = body as Record<string, unknown>;
    return { url, body: { ...rest, query: decision.run.body, ...(extensions ? { extensions } : {}) } };
  }
  const rewritten = new URL(url);
  rewritten.searchParams.delete('documentId');
  rewritten.searchParams.set('query', decision.run.body);
  if (extensions) rewritten.searchParams.set('extensions', JSON.stringify(extensions));
  else rewritten.searchParams.delete('extensions');
  return { url: rewritten, body };
}

/** `admit`'s RATE_LIMITED as a graphql-ws error: its code and retryAfterSeconds, without the HTTP status and headers. */
async function admittedOverWs(admit: () => Promise<void>): Promise<readonly GraphQLError[] | undefined> {
  try {
    await admit();
    return undefined;
  } catch (error) {
    const refusal = rateLimited(error);
    if (!refusal) throw error;
    return [new GraphQLError(refusal.message, { extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: refusal.retryAfterSeconds } })];
  }
}

/**
 * graphql-ws's onSubscribe: the same rules for a subscribe payload (whose `query` is "" when it
 * sends a hash). Undefined: graphql-ws parses the text itself; errors: refused; else what to run,
 * parsed and validated once per process and document. `admit` takes the subscribe's token of
 * its key's budget (the HTTP limiter's), first: past the budget a subscribe is refused
 * RATE_LIMITED (the socket stays open) before any lookup, so unknown hashes cannot cost
 * unbounded database reads.
 */
export async function trustedSubscription(
  services: Services, caller: Caller | undefined, payload: Fields & { operationName?: string | null; variables?: Record<string, unknown> | null }, schema: GraphQLSchema,
  admit: () => Promise<void>,
): Promise<ExecutionArgs | readonly GraphQLError[] | undefined> {
  const refused = await admittedOverWs(admit);
  if (refused) return refused;
  const decision = await decide(services, caller ?? { kind: 'anonymous', reason: 'Not authenticated' }, payload, async () => true);
  if ('refusal' in decision) return [new GraphQLError(decision.refusal.error.message, { extensions: decision.refusal.error.extensions })];
  if ('pass' in decision) return undefined;
  const found = decision.run;
  if (!found.parsed) {
    const document = parse(found.body);
    const errors = validate(schema, document);
    if (errors.length > 0) return errors; // the schema changed since it was registered
    found.parsed = dropTokens(document); // as the cache's estimate counts it
  }
  return { schema, document: found.parsed, operationName: payload.operationName ?? null, variableValues: payload.variables ?? null };
}

/**
 * graphql-ws's message reviver: a subscribe payload naming a hash may leave `query` out (as
 * Apollo Client's persisted-query link does), which graphql-ws would refuse before onSubscribe.
 */
export function reviveSubscribe(key: string, value: unknown): unknown {
  if (key !== '' || !isRecord(value) || value['type'] !== 'subscribe' || !isRecord(value['payload'])) return value;
  const payload = value['payload'];
  if (payload['query'] === undefined && (payload['documentId'] !== undefined || isRecord(payload['extensions']))) payload['query'] = '';
  return value;
}
