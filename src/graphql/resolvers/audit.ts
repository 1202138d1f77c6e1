import type { Resolvers } from '../resolvers-types.js';
import { emptyConnection, toConnection, toPage } from '../../shared/pagination.js';
import { filterIdsCanExist } from '../../shared/ids.js';
import { listAuditEvents } from '../../storage/audit.js';

export const auditResolvers: Resolvers[] = [
  {
    Query: {
      auditEvents: async (_parent, { filter, first, after }, ctx) => {
        const actor = ctx.actor('ADMIN', 'auditEvents');
        const page = toPage({ first, after }, 'sequence');
        if (!filterIdsCanExist(filter ?? {}, ['actorKeyId'])) return emptyConnection();
        const rows = await listAuditEvents(ctx.services.db, actor.teamId, filter ?? {}, page);
        // The cursor's time part is informative; the bigint id alone orders the audit log.
        return toConnection(rows, page, (e) => e.createdAt, (e) => e.id.toString());
      },
    },
    AuditEvent: {
      id: (e) => e.id.toString(),
    },
  },
];
