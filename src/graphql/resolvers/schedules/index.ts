import type { Resolvers } from '../../resolvers-types.js';
import { createSchedule } from './createSchedule.js';
import { deleteSchedule } from './deleteSchedule.js';
import { runMonitorNow } from './runMonitorNow.js';
import { scheduleTypes } from './types.js';
import { startSchedule } from './startSchedule.js';
import { stopSchedule } from './stopSchedule.js';
import { updateSchedule } from './updateSchedule.js';

export const scheduleResolvers: Resolvers[] = [
  scheduleTypes,
  { Mutation: { createSchedule, runMonitorNow, updateSchedule, startSchedule, stopSchedule, deleteSchedule } },
];
