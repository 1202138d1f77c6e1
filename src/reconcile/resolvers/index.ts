import type { Resolvers } from '../../generated/graphql.js';
import { reconcileSchedules } from './reconcileSchedules.js';

export const reconcileResolvers: Resolvers[] = [{ Mutation: { reconcileSchedules } }];
