import type { AuditEvent } from '../../generated/prisma/client.js';

export type AuditEventParent = AuditEvent;
