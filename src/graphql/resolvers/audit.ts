import type { Resolvers } from '../resolvers-types.js';
import { emptyConnection, pagedConnection, toPage } from '../../shared/pagination.js';
import { counted } from '../prefetch.js';
import { filterIdsCanExist } from '../../shared/ids.js';
import { countAuditEvents, listAuditEvents } from '../../storage/audit.js';

export const auditResolvers: Resolvers[] = [
  {
    Query: {
      auditEvents: async (_parent, { filter, first, after }, ctx, info) => {
        const actor = ctx.actor('ADMIN', 'auditEvents');
        const page = toPage({ first, after }, 'sequence');
        if (!filterIdsCanExist(filter ?? {}, ['actorKeyId'])) return emptyConnection();
        const rows = listAuditEvents(ctx.services.db, actor.teamId, filter ?? {}, page);
        const count = () => countAuditEvents(ctx.services.db, actor.teamId, filter ?? {});
        // The cursor's time part is informative; the bigint id alone orders the audit log.
        return pagedConnection({ counted: counted(info) }, page, rows, count, (e) => e.createdAt, (e) => e.id.toString());
      },
    },
    AuditEvent: {
      id: (e) => e.id.toString(),
    },
  },
];
