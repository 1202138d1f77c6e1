/** Local SageMaker Model Monitor + S3 server for tests and local development. */
export { startLocalSageMaker } from './server.js';
export type { LocalSageMaker, LocalSageMakerOptions, RecordedRequest } from './server.js';
export { ManualClock, RealClock, type Clock } from './clock.js';
export type { ReportProducer } from './context.js';
export { Faults, type FaultSettings, type FaultStats } from './faults.js';
export { Fixtures, type ExecutionOutcome, type ProcessingJobOutcome, type Violation, type TerminalStatus } from './fixtures.js';
export { S3Store, parseS3Uri } from './s3.js';
export { Sts, type StsSession } from './sts.js';
export { parseScheduleExpression, fireTimes, type Cadence } from './schedules.js';
export type { ExecutionRecord, JobDefinitionRecord, ProcessingJobRecord, ScheduleRecord } from './state.js';
export type { MonitoringType, ExecutionStatus, ScheduleStatus } from './validation.js';
