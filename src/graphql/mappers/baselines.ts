import type { Baseline } from '../../generated/prisma/client.js';

export type BaselineParent = Baseline;
