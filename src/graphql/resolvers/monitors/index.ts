import type { Resolvers } from '../../resolvers-types.js';
import { createMonitor } from './createMonitor.js';
import { deleteMonitor } from './deleteMonitor.js';
import { monitorTypes } from './types.js';
import { updateMonitor } from './updateMonitor.js';

export const monitorResolvers: Resolvers[] = [monitorTypes, { Mutation: { createMonitor, updateMonitor, deleteMonitor } }];
