import type { Schedule } from '../../generated/prisma/client.js';

export type ScheduleParent = Schedule;
