import type { Execution, Violation } from '../generated/prisma/client.js';

export type ExecutionParent = Execution;
export type ViolationParent = Violation;
