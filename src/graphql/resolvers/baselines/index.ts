import type { Resolvers } from '../../resolvers-types.js';
import { baselineTypes } from './types.js';
import { editBaselineConstraints } from './editBaselineConstraints.js';
import { requestBaseline } from './requestBaseline.js';

export const baselineResolvers: Resolvers[] = [baselineTypes, { Mutation: { requestBaseline, editBaselineConstraints } }];
