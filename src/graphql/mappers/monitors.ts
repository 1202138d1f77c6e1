import type { Monitor } from '../../generated/prisma/client.js';

export type MonitorParent = Monitor;
