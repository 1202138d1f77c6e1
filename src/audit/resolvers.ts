import type { Resolvers } from '../generated/graphql.js';
import { emptyConnection, encodeCursor, toPage } from '../shared/pagination.js';
import { filterIdsCanExist } from '../shared/ids.js';
import { listAuditEvents } from './storage.js';

export const auditResolvers: Resolvers[] = [
  {
    Query: {
      auditEvents: async (_parent, { filter, first, after }, ctx) => {
        const actor = ctx.actor('ADMIN', 'auditEvents');
        const page = toPage({ first, after }, 'sequence');
        if (!filterIdsCanExist(filter ?? {}, ['actorKeyId'])) return emptyConnection();
        const rows = await listAuditEvents(ctx.services.db, actor.teamId, filter ?? {}, page);
        const hasNextPage = rows.length >= page.take;
        const nodes = hasNextPage ? rows.slice(0, page.take - 1) : rows;
        // The cursor's time part is informative; the bigint id alone orders the audit log.
        const edges = nodes.map((node) => ({ cursor: encodeCursor({ at: node.createdAt, id: node.id.toString() }), node }));
        return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
      },
    },
    AuditEvent: {
      id: (e) => e.id.toString(),
    },
  },
];
