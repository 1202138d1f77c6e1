import type { Resolvers } from '../../resolvers-types.js';
import { reconcileSchedules } from './reconcileSchedules.js';

export const reconcileResolvers: Resolvers[] = [{ Mutation: { reconcileSchedules } }];
